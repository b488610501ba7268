/**
 * Ownership on the real server: what a hostile bench tried (issue: a forged baseVersion, writing
 * another bench's protocol, the lab's prices) is refused per operation, the server's data is
 * unchanged afterwards, and the honest traffic around it still goes through.
 */
import { afterEach, expect, it } from 'vitest'
import type { OpResult, SyncRow } from '../../src/shared/sync-protocol'
import { describeEachBackend, hpBlock, newId, op, pullAll, push, receivedProtocol, startTestServer, type Bench, type TestServer } from './support'

const FORGED_BASE = 999_999_999
const LUNA = receivedProtocol(2026, 1).animal as Record<string, unknown>

const outcome = (result: OpResult | undefined) => (result?.status === 'rejected' ? result.code : result?.status)
const versionOf = (result: OpResult | undefined) => (result as { version: number }).version

async function rowOf(bench: Bench, id: string): Promise<SyncRow> {
  const row = (await pullAll(bench)).rows.find((candidate) => candidate.id === id)
  if (!row) throw new Error(`row ${id} is not on the server`)
  return row
}

describeEachBackend('ownership on push', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  it('refuses a forged base, a bench edit and a bench delete of a lab-finalized report; the lab and honest benches carry on', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Recepción 1')
    const lab = await server.pair('Lab desk', 'lab')
    const reportId = newId()
    const draft = await push(bench, [
      op(bench, { entity: 'report', entityId: reportId, op: 'upsert', fields: { status: 'draft', content: { diagnosis: '' } } })
    ])
    const finalized = await push(lab, [
      op(lab, {
        entity: 'report',
        entityId: reportId,
        op: 'upsert',
        fields: { status: 'finalized', content: { diagnosis: 'Lipoma' } },
        baseVersion: versionOf(draft.results[0])
      })
    ])
    expect(outcome(finalized.results[0])).toBe('applied')
    const before = await rowOf(bench, reportId)

    const attack = await push(bench, [
      op(bench, { entity: 'report', entityId: reportId, op: 'upsert', fields: { status: 'draft', content: { diagnosis: 'Mast cell tumour' } }, baseVersion: FORGED_BASE }),
      op(bench, { entity: 'report', entityId: reportId, op: 'delete', baseVersion: FORGED_BASE }),
      op(bench, { entity: 'report', entityId: reportId, op: 'upsert', fields: { status: 'draft', content: { diagnosis: 'Mast cell tumour' } }, baseVersion: before.version }),
      op(bench, { entity: 'report', entityId: reportId, op: 'delete', baseVersion: before.version })
    ])
    expect(attack.results.map(outcome)).toEqual(['base_version_ahead', 'base_version_ahead', 'lab_only', 'lab_only'])
    expect(attack.lastOpSeq).toBe(bench.opSeq - 1)
    expect(await rowOf(bench, reportId)).toEqual(before)

    // The lab's next write is not refused `entity_deleted`: the report is still there.
    const labAgain = await push(lab, [
      op(lab, { entity: 'report', entityId: reportId, op: 'upsert', fields: { content: { diagnosis: 'Lipoma (benign)' } }, baseVersion: before.version })
    ])
    expect(labAgain.results[0]).toMatchObject({ status: 'applied', conflicts: [] })
    // A bench still writes and finalizes its own reports.
    const own = newId()
    const ownDraft = await push(bench, [op(bench, { entity: 'report', entityId: own, op: 'upsert', fields: { status: 'draft', content: { diagnosis: 'x' } } })])
    const ownFinal = await push(bench, [
      op(bench, { entity: 'report', entityId: own, op: 'upsert', fields: { status: 'finalized' }, baseVersion: versionOf(ownDraft.results[0]) })
    ])
    expect(ownFinal.results.map(outcome)).toEqual(['applied'])
    expect((await rowOf(bench, own)).fields.status).toBe('finalized')
  })

  it("keeps bench A's protocol from bench B: its fields stay A's, B cannot delete it, B may still move its status", async () => {
    server = await startTestServer(backend)
    const a = await server.pair('Recepción A')
    const b = await server.pair('Recepción B')
    const { start, year } = hpBlock(a)
    const id = newId()
    await push(a, [op(a, { entity: 'protocol', entityId: id, op: 'upsert', fields: receivedProtocol(year, start) })])
    const before = await rowOf(b, id)

    const overwrite = await push(b, [
      op(b, { entity: 'protocol', entityId: id, op: 'upsert', fields: { veterinarianName: 'Dr. Falso', animal: { ...LUNA, name: 'Otro' } }, baseVersion: before.version }),
      op(b, { entity: 'protocol', entityId: id, op: 'upsert', fields: { veterinarianName: 'Dr. Falso' }, baseVersion: FORGED_BASE }),
      op(b, { entity: 'protocol', entityId: id, op: 'delete', baseVersion: before.version }),
      op(b, { entity: 'protocol', entityId: id, op: 'delete', baseVersion: FORGED_BASE })
    ])
    expect(overwrite.results.map(outcome)).toEqual(['applied', 'base_version_ahead', 'not_owner', 'base_version_ahead'])
    expect(overwrite.results[0]).toMatchObject({
      version: before.version,
      conflicts: [
        { field: 'veterinarianName', reason: 'bench_owned', serverValue: 'Dra. Marta Ruiz' },
        { field: 'animal', reason: 'bench_owned' }
      ]
    })
    expect(await rowOf(b, id)).toEqual(before)

    // Honest traffic: B voids it (a shared status), A corrects its own reception fields.
    const voided = await push(b, [op(b, { entity: 'protocol', entityId: id, op: 'upsert', fields: { status: 'voided' }, baseVersion: before.version })])
    expect(voided.results[0]).toMatchObject({ status: 'applied', conflicts: [] })
    const corrected = await push(a, [
      op(a, { entity: 'protocol', entityId: id, op: 'upsert', fields: { veterinarianName: 'Dra. Marta Ruiz Gil' }, baseVersion: versionOf(voided.results[0]) })
    ])
    expect(corrected.results[0]).toMatchObject({ status: 'applied', conflicts: [] })
    expect((await rowOf(a, id)).fields).toMatchObject({ status: 'voided', veterinarianName: 'Dra. Marta Ruiz Gil', animal: { name: 'Luna' } })
    const deleted = await push(a, [op(a, { entity: 'protocol', entityId: id, op: 'delete', baseVersion: versionOf(corrected.results[0]) })])
    expect(outcome(deleted.results[0])).toBe('applied')
  })

  it('keeps the price list to the lab: a bench neither sets a price nor creates or deletes a service', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Recepción 1')
    const lab = await server.pair('Lab desk', 'lab')
    const serviceId = newId()
    const created = await push(lab, [
      op(lab, {
        entity: 'service',
        entityId: serviceId,
        op: 'upsert',
        fields: { code: 'HP1', description: 'Biopsia', unitPriceCents: 4500, taxRatePercent: 21, active: true }
      })
    ])
    expect(outcome(created.results[0])).toBe('applied')
    const before = await rowOf(bench, serviceId)

    const attack = await push(bench, [
      op(bench, { entity: 'service', entityId: serviceId, op: 'upsert', fields: { unitPriceCents: 1 }, baseVersion: before.version }),
      op(bench, { entity: 'service', entityId: serviceId, op: 'upsert', fields: { unitPriceCents: 1 }, baseVersion: FORGED_BASE }),
      op(bench, { entity: 'service', entityId: newId(), op: 'upsert', fields: { code: 'X', description: 'Gratis', unitPriceCents: 0, taxRatePercent: 0, active: true } }),
      op(bench, { entity: 'service', entityId: serviceId, op: 'delete', baseVersion: before.version })
    ])
    expect(attack.results.map(outcome)).toEqual(['lab_only', 'base_version_ahead', 'lab_only', 'lab_only'])
    const { rows } = await pullAll(bench)
    expect(rows.filter((row) => row.entity === 'service')).toEqual([before])

    const repriced = await push(lab, [op(lab, { entity: 'service', entityId: serviceId, op: 'upsert', fields: { unitPriceCents: 4800 }, baseVersion: before.version })])
    expect(repriced.results[0]).toMatchObject({ status: 'applied', conflicts: [] })
    expect((await rowOf(bench, serviceId)).fields.unitPriceCents).toBe(4800)
  })
})
