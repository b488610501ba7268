import type { ChildProcess } from 'node:child_process'
import { afterEach, expect, it } from 'vitest'
import { createSyncClient, isSyncError } from '../../src/main/features/sync/client'
import {
  benchFrom,
  describeEachBackend,
  eventually,
  freshStorage,
  hpBlock,
  killProcess as kill,
  newId,
  op,
  pullAll,
  receivedProtocol,
  spawnServer,
  type StorageHandle
} from './support'

describeEachBackend('server killed in the middle of a push', (backend) => {
  let storage: StorageHandle | undefined
  const children: ChildProcess[] = []
  afterEach(async () => {
    for (const child of children.splice(0)) await kill(child, 'SIGKILL')
    await storage?.cleanup()
    storage = undefined
  })

  it('leaves no half-applied batch, and the resent batch is applied once after the restart', async () => {
    storage = await freshStorage(backend)
    const first = await spawnServer({ ...storage.env, SYNC_FAULT_PAUSE_MID_PUSH: '1' })
    children.push(first.child)
    const code = /Pairing code: (\S+)/.exec(first.output())?.[1]
    expect(code, first.output()).toBeDefined()
    const bench = benchFrom(first.url, await createSyncClient({ baseUrl: first.url }).pair(code!, 'Bench 1'))
    const { start, year } = hpBlock(bench)
    const batch = Array.from({ length: 10 }, (_, i) =>
      op(bench, { entity: 'protocol', entityId: newId(), op: 'upsert', fields: receivedProtocol(year, start + i) })
    )

    const inFlight = bench.client.push({ afterOpSeq: 0, ops: batch }).catch((error: unknown) => error)
    await eventually(async () => (first.output().includes('fault: paused mid-push') ? true : undefined), 'the push to reach its middle')
    await kill(first.child, 'SIGKILL')
    const lost = await inFlight
    expect(isSyncError(lost) && lost.kind).toBe('offline')

    const second = await spawnServer(storage.env)
    children.push(second.child)
    expect(second.output()).not.toContain('Pairing code')
    const again = benchFrom(second.url, { ...bench, benchName: 'Bench 1', protocolVersion: 1, serverTime: 0, blocks: bench.blocks })
    expect((await pullAll(again)).rows).toEqual([])
    const digests = await again.client.tableDigests()
    expect(digests.tables.find((t) => t.entity === 'protocol')!.count).toBe(0)

    const resent = await again.client.push({ afterOpSeq: 0, ops: batch })
    expect(resent.results.map((r) => r.status)).toEqual(Array(10).fill('applied'))
    const duplicate = await again.client.push({ afterOpSeq: 0, ops: batch })
    expect(duplicate.results.map((r) => r.status)).toEqual(Array(10).fill('duplicate'))
    const { rows } = await pullAll(again)
    expect(rows.map((row) => row.fields.seq)).toEqual(batch.map((_, i) => start + i))
    await kill(second.child, 'SIGTERM')
  })
})
