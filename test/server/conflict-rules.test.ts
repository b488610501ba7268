import { describe, expect, it } from 'vitest'
import { deleteBlockedBy, mergeFields, type FieldMeta } from '../../server/src/conflict-rules'
import { checkEntityFields, fieldOwner } from '../../src/shared/sync-protocol'

describe('field ownership', () => {
  it('gives reception fields to the bench, report/work-order/pricing fields to the lab', () => {
    expect(fieldOwner('protocol', 'animal')).toBe('bench')
    expect(fieldOwner('protocol', 'status')).toBe('shared')
    expect(fieldOwner('report', 'diagnosis')).toBe('lab')
    expect(fieldOwner('work_order', 'lines')).toBe('lab')
    expect(fieldOwner('service', 'unitPriceCents')).toBe('lab')
    expect(fieldOwner('service', 'description')).toBe('shared')
    expect(fieldOwner('notification', 'deliveryStatus')).toBe('server')
  })
})

describe('mergeFields', () => {
  const labMeta: FieldMeta = { diagnosis: { v: 7, by: 'lab' }, macroscopy: { v: 3, by: 'bench' } }
  const current = { diagnosis: 'Lipoma', macroscopy: 'nodule 2 cm' }

  it('keeps a lab-owned field the lab changed after the bench base, and reports it', () => {
    const result = mergeFields({
      entity: 'report',
      current,
      meta: labMeta,
      incoming: { diagnosis: 'Mast cell tumour', macroscopy: 'nodule 3 cm' },
      writer: 'bench',
      baseVersion: 5,
      version: 9
    })
    expect(result.fields).toEqual({ diagnosis: 'Lipoma', macroscopy: 'nodule 3 cm' })
    expect(result.conflicts).toEqual([{ field: 'diagnosis', reason: 'lab_owned', serverValue: 'Lipoma' }])
    expect(result.meta.macroscopy).toEqual({ v: 9, by: 'bench' })
    expect(result.changed).toBe(true)
  })

  it('lets the bench write a lab-owned field once it has seen the lab change', () => {
    const result = mergeFields({
      entity: 'report',
      current,
      meta: labMeta,
      incoming: { diagnosis: 'Mast cell tumour' },
      writer: 'bench',
      baseVersion: 7,
      version: 9
    })
    expect(result.fields.diagnosis).toBe('Mast cell tumour')
    expect(result.conflicts).toEqual([])
  })

  it('orders shared fields by arrival: the later write wins whatever its base', () => {
    const result = mergeFields({
      entity: 'protocol',
      current: { status: 'processing' },
      meta: { status: { v: 8, by: 'lab' } },
      incoming: { status: 'voided' },
      writer: 'bench',
      baseVersion: 1,
      version: 9
    })
    expect(result.fields.status).toBe('voided')
    expect(result.conflicts).toEqual([])
  })

  it('protects bench-owned reception fields from a lab write made on an older state', () => {
    const result = mergeFields({
      entity: 'protocol',
      current: { animal: { name: 'Luna' } },
      meta: { animal: { v: 6, by: 'bench' } },
      incoming: { animal: { name: 'Lola' } },
      writer: 'lab',
      baseVersion: 2,
      version: 9
    })
    expect(result.fields.animal).toEqual({ name: 'Luna' })
    expect(result.conflicts[0]?.reason).toBe('bench_owned')
    expect(result.changed).toBe(false)
  })

  it('never takes server-maintained fields from a device, and reports no change for equal values', () => {
    const result = mergeFields({
      entity: 'notification',
      current: { subject: 'Report', deliveryStatus: 'sent' },
      meta: {},
      incoming: { subject: 'Report', deliveryStatus: 'queued' },
      writer: 'bench',
      baseVersion: 0,
      version: 3
    })
    expect(result.fields.deliveryStatus).toBe('sent')
    expect(result.changed).toBe(false)
  })

  it('blocks a delete made on a state older than an owner change', () => {
    expect(deleteBlockedBy('report', labMeta, 'bench', 5)).toBe('diagnosis')
    expect(deleteBlockedBy('report', labMeta, 'bench', 7)).toBeNull()
    expect(deleteBlockedBy('report', labMeta, 'lab', 0)).toBeNull()
  })
})

describe('checkEntityFields', () => {
  it('types known fields one by one without filling defaults into a partial change', () => {
    const result = checkEntityFields('veterinarian', { name: '  Dr. Pérez ' })
    expect(result).toEqual({ ok: true, fields: { name: 'Dr. Pérez' } })
  })

  it('names the field that is wrong', () => {
    const result = checkEntityFields('protocol', { seq: 'twelve' })
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.field).toBe('seq')
  })

  it('keeps fields it does not know, for newer benches', () => {
    expect(checkEntityFields('work_order', { lines: [{ code: 'HP1' }] })).toEqual({ ok: true, fields: { lines: [{ code: 'HP1' }] } })
  })
})
