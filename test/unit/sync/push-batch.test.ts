import { describe, expect, it } from 'vitest'
import { buildPushOp, changedFields, fieldsOf, refusedOpSeq } from '../../../src/main/features/sync/push-batch'
import { compareDigests } from '../../../src/main/features/sync/drift-check'
import { tableDigest } from '../../../src/main/features/sync/table-digest'
import { SyncEntity, type DigestsResponse } from '../../../src/shared/sync-protocol'

const DEVICE = '0195f000-0000-7000-8000-00000000000a'
const ROW = '0195f000-0000-7000-8000-00000000000b'

describe('push operations from outbox rows', () => {
  it('sends the whole row first, then only what changed since the previous operation on it', () => {
    const first = { opSeq: 3, entity: 'protocol', entityId: ROW, op: 'upsert' as const, payload: { id: ROW, status: 'received', animal: { name: 'Luna' } } }
    const second = { ...first, opSeq: 7, payload: { id: ROW, status: 'received', animal: { name: 'Luna María' } } }
    expect(buildPushOp(DEVICE, first, null, 0)).toEqual({
      ok: true,
      op: { deviceId: DEVICE, opSeq: 3, entity: 'protocol', entityId: ROW, op: 'upsert', fields: { status: 'received', animal: { name: 'Luna' } } }
    })
    expect(buildPushOp(DEVICE, second, first, 12)).toEqual({
      ok: true,
      op: { deviceId: DEVICE, opSeq: 7, entity: 'protocol', entityId: ROW, op: 'upsert', fields: { animal: { name: 'Luna María' } }, baseVersion: 12 }
    })
    expect(changedFields({ a: 1, b: 2 }, { a: 1 })).toEqual({ b: 2 })
    expect(fieldsOf('not an object')).toEqual({})
  })

  it('refuses an entity the server does not know, and finds the op a refused batch names', () => {
    expect(buildPushOp(DEVICE, { opSeq: 1, entity: 'number_block', entityId: ROW, op: 'delete', payload: null }, null, 0)).toMatchObject({ ok: false, code: 'unknown_entity' })
    const batch = [5, 9].map((opSeq) => ({ deviceId: DEVICE, opSeq, entity: 'veterinarian' as const, entityId: ROW, op: 'delete' as const }))
    expect(refusedOpSeq({ opSeq: 9 }, batch)).toBe(9)
    expect(refusedOpSeq({ issues: [{ path: 'ops.1.fields.name' }] }, batch)).toBe(9)
    expect(refusedOpSeq({ issues: [{ path: 'afterOpSeq' }] }, batch)).toBeNull()
  })
})

describe('drift check', () => {
  const local = new Map([['protocol', tableDigest([{ id: ROW, version: 4 }])]])
  const rows = { digest: (entity: SyncEntity) => local.get(entity) ?? tableDigest([]) }
  const server = (seq: number, version: number): DigestsResponse => ({
    serverSeq: seq,
    tables: SyncEntity.options.map((entity) => ({ entity, ...(entity === 'protocol' ? tableDigest([{ id: ROW, version }]) : tableDigest([])) }))
  })

  it('compares only at the same point of history, and treats a server behind the bench as drift', () => {
    expect(compareDigests(server(4, 4), 4, rows)).toEqual({ kind: 'match' })
    expect(compareDigests(server(5, 5), 4, rows)).toEqual({ kind: 'skipped' })
    expect(compareDigests(server(4, 3), 4, rows)).toEqual({ kind: 'mismatch', entities: ['protocol'] })
    expect(compareDigests(server(2, 2), 4, rows)).toMatchObject({ kind: 'mismatch' })
  })
})
