import { describe, expect, it } from 'vitest'
import { checkBase, checkDelete, checkUpsert, ENTITY_ACCESS, filterFields, ownerAfterCreate, type RowState } from '../../server/src/ownership'
import { SyncEntity } from '../../src/shared/sync-protocol'

const benchA = { id: 'device-a', role: 'bench' } as const
const benchB = { id: 'device-b', role: 'bench' } as const
const lab = { id: 'device-lab', role: 'lab' } as const

const row = (fields: Record<string, unknown>, owner: string | null = benchA.id, version = 10): RowState => ({ fields, owner, version })

describe('ownership rules', () => {
  it('states create, field and delete access for every entity kind', () => {
    expect(Object.keys(ENTITY_ACCESS).sort()).toEqual([...SyncEntity.options].sort())
  })

  it('refuses a base the server never handed out, for writes and deletes alike', () => {
    expect(checkBase(row({}, benchA.id, 10), 10)).toBeNull()
    expect(checkBase(row({}, benchA.id, 10), 3)).toBeNull()
    expect(checkBase(row({}, benchA.id, 10), 999_999_999)).toMatchObject({ code: 'base_version_ahead' })
    // Nothing to protect on a row the server does not have: a create is a create.
    expect(checkBase(null, 57)).toBeNull()
  })

  it('gives a new row to its creator, except a protocol the lab registers, which waits for the bench that numbers it', () => {
    expect(ownerAfterCreate('protocol', benchA)).toBe(benchA.id)
    expect(ownerAfterCreate('protocol', lab)).toBeNull()
    expect(ownerAfterCreate('report', lab)).toBe(lab.id)
  })

  it("keeps another bench's reception fields, lets any bench move the shared status", () => {
    const protocol = row({ status: 'received', animal: { name: 'Luna' }, seq: 7 })
    const filtered = filterFields('protocol', protocol, { status: 'voided', animal: { name: 'Lola' }, seq: 7 }, benchB)
    expect(filtered.permitted).toEqual({ status: 'voided' })
    expect(filtered.conflicts).toEqual([{ field: 'animal', reason: 'bench_owned', serverValue: { name: 'Luna' } }])
    expect(filterFields('protocol', protocol, { animal: { name: 'Lola' } }, benchA).permitted).toEqual({ animal: { name: 'Lola' } })
    expect(filterFields('protocol', protocol, { animal: { name: 'Lola' } }, lab).permitted).toEqual({ animal: { name: 'Lola' } })
    // A registered submission (no owner yet) is open to the bench that receives it.
    expect(filterFields('protocol', row({ status: 'registered' }, null), { seq: 8 }, benchB).permitted).toEqual({ seq: 8 })
  })

  it('lets only the owner or the lab delete a row', () => {
    expect(checkDelete('protocol', row({}), benchB)).toMatchObject({ code: 'not_owner' })
    expect(checkDelete('protocol', row({}), benchA)).toBeNull()
    expect(checkDelete('protocol', row({}), lab)).toBeNull()
  })

  it('keeps the price list to the lab: no bench creates, changes or deletes a service', () => {
    expect(checkUpsert('service', null, { code: 'HP1', unitPriceCents: 1 }, benchA)).toMatchObject({ code: 'lab_only' })
    const service = row({ code: 'HP1', unitPriceCents: 4500 }, lab.id)
    expect(checkUpsert('service', service, { unitPriceCents: 1 }, benchA)).toMatchObject({ code: 'lab_only' })
    // Re-sending what the server has changes nothing and is not a refusal.
    expect(checkUpsert('service', service, { unitPriceCents: 4500 }, benchA)).toBeNull()
    expect(checkUpsert('service', service, { unitPriceCents: 5000 }, lab)).toBeNull()
    expect(checkDelete('service', service, benchA)).toMatchObject({ code: 'lab_only' })
    expect(checkDelete('service', service, lab)).toBeNull()
  })

  it('makes a finalized report the lab’s: its own bench may finalize a draft but not change or delete it afterwards', () => {
    const draft = row({ status: 'finalizing', diagnosis: 'Lipoma' })
    expect(checkUpsert('report', draft, { status: 'finalized' }, benchA)).toBeNull()
    const finalized = row({ status: 'finalized', diagnosis: 'Lipoma' })
    expect(checkUpsert('report', finalized, { status: 'draft', diagnosis: 'Other' }, benchA)).toMatchObject({ code: 'lab_only' })
    expect(checkUpsert('report', finalized, { status: 'finalized' }, benchA)).toBeNull()
    expect(checkUpsert('report', finalized, { diagnosis: 'Lipoma (benign)' }, lab)).toBeNull()
    expect(checkDelete('report', finalized, benchA)).toMatchObject({ code: 'lab_only' })
    expect(checkDelete('report', finalized, lab)).toBeNull()
  })

  it('shares veterinarians between benches, but only the creator or the lab deletes one', () => {
    const vet = row({ name: 'Dra. Ruiz' })
    expect(filterFields('veterinarian', vet, { name: 'Dra. Ruiz Gil' }, benchB)).toEqual({ permitted: { name: 'Dra. Ruiz Gil' }, conflicts: [] })
    expect(checkDelete('veterinarian', vet, benchB)).toMatchObject({ code: 'not_owner' })
  })

  it('treats rows written before ownership was recorded as open, as they were', () => {
    const legacy = row({ lines: [] }, null)
    expect(filterFields('work_order', legacy, { lines: [{ code: 'HP1' }] }, benchB).permitted).toEqual({ lines: [{ code: 'HP1' }] })
    expect(checkDelete('work_order', legacy, benchB)).toBeNull()
  })
})
