import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PushResponse } from '../../../src/shared/sync-protocol'
import { ADMIN_TOKEN, eventually, killProcess, spawnServer } from '../../server/support'
import { createSyncClient } from '../../../src/main/features/sync/client'
import { makeTempDir } from '../../support/temp-dir'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { ADMIN_PIN, createVet, receive, reopenBench, serverRows, startSyncServer, type ServerFixture } from './support'

const COUNT = 5

describe('a process dies in the middle of a sync', () => {
  let server: ServerFixture | undefined
  const children: ChildProcess[] = []
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const child of children.splice(0)) await killProcess(child, 'SIGKILL')
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    await server?.cleanup()
    server = undefined
  })

  it('bench killed between the server applying a push and the bench recording the answer: ops resent, applied once', async () => {
    const responses: PushResponse[] = []
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    server = await startSyncServer({
      hooks: {
        afterCommit: async (response) => {
          responses.push(response)
          // The first push after pairing is answered only after the bench is dead.
          if (responses.length === 1) await held
        }
      }
    })
    const dir = makeTempDir('rb-sync-killed-')
    cleanups.push(() => dir.cleanup())
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'bench-process.ts'), dir.path, server.url, await server.code(), String(COUNT)],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    children.push(child)
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const outputClosed = new Promise((resolve) => child.stdout!.once('close', resolve))
    await eventually(async () => (responses.length >= 1 ? true : undefined), 'the first push to be applied', 30_000)
    const first = responses[0]!
    expect(first.results.length).toBeGreaterThan(0)
    expect(first.results.every((result) => result.status === 'applied')).toBe(true)
    await killProcess(child, 'SIGKILL')
    expect(child.signalCode).toBe('SIGKILL')
    release()
    // Everything the bench printed before it died has been read once its stdout closes.
    await outputClosed
    const ids = JSON.parse(/received (\[.*\])/.exec(output)?.[1] ?? 'null') as string[] | null
    expect(ids).toHaveLength(COUNT)
    expect(output).not.toContain('synced')

    const bench = await reopenBench(dir.path)
    cleanups.push(() => bench.close())
    expect((await bench.call('sync.status', {})).pending).toBeGreaterThanOrEqual(first.results.length)
    const status = await bench.call('sync.now', { wait: true })
    expect([status.state, status.pending, status.conflicts]).toEqual(['idle', 0, 0])
    // The resend carried the ops the server had already applied: each recognised, none applied twice.
    const resend = responses[1]!
    const firstSeqs = first.results.map((result) => result.opSeq)
    expect(resend.results.filter((result) => firstSeqs.includes(result.opSeq)).map((result) => result.status)).toEqual(
      firstSeqs.map(() => 'duplicate')
    )
    const protocols = (await serverRows(await server.reader())).filter((row) => row.entity === 'protocol')
    const localIds = (bench.host.db.prepare(`SELECT id FROM protocols WHERE demo = 0`).pluck().all() as string[]).sort()
    expect(localIds).toHaveLength(COUNT)
    expect(localIds).toEqual([...ids!].sort())
    expect(protocols.map((row) => row.id).sort()).toEqual(localIds)
  })

  it('server killed in the middle of a push, then restarted: the bench resends and everything arrives once', async () => {
    const storage = makeTempDir('rb-sync-server-child-')
    cleanups.push(() => storage.cleanup())
    const first = await spawnServer({ DATA_DIR: storage.path, SYNC_FAULT_PAUSE_MID_PUSH: '1' })
    children.push(first.child)
    const code = /Pairing code: (\S+)/.exec(first.output())![1]!
    const bench: TestHost = await startTestHost({ demoProtocols: 0 })
    cleanups.push(() => bench.close())
    await bench.call('settings.update', { syncIntervalSeconds: 3600 })
    await bench.call('sync.pair', { serverUrl: first.url, code, benchName: 'Recepción 1', adminPin: ADMIN_PIN })
    await bench.call('sync.now', { wait: true })
    const vet = await createVet(bench, 'Dra. Pausa')
    const numbers = []
    for (let i = 0; i < COUNT; i += 1) numbers.push((await receive(bench, vet, `Nala ${i}`)).protocol.number)
    void bench.call('sync.now', { wait: false })
    await eventually(async () => (first.output().includes('fault: paused mid-push') ? true : undefined), 'the push to reach its middle')
    await killProcess(first.child, 'SIGKILL')
    const offline = await bench.call('sync.now', { wait: true })
    expect(offline.state).toBe('offline')
    expect(offline.pending).toBe(COUNT + 1)

    const second = await spawnServer({ DATA_DIR: storage.path })
    children.push(second.child)
    // The server came back at another address; the administrator corrects it on the Sync page.
    await bench.call('sync.setServerUrl', { serverUrl: second.url, adminPin: ADMIN_PIN })
    const status = await bench.call('sync.now', { wait: true })
    expect([status.state, status.pending, status.conflicts]).toEqual(['idle', 0, 0])
    // The restarted server has its devices: no new pairing code, and the bench needed none.
    expect(second.output()).not.toContain('Pairing code')
    const admin = await fetch(`${second.url}/v1/admin/pairing-codes`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    const pairing = await createSyncClient({ baseUrl: second.url }).pair(((await admin.json()) as { code: string }).code, 'reader')
    const reader = createSyncClient({ baseUrl: second.url, deviceId: pairing.deviceId, secret: pairing.secret })
    const rows = await serverRows(reader)
    expect(rows.filter((row) => row.entity === 'protocol').map((row) => row.fields.number).sort()).toEqual([...numbers].sort())
    expect(rows.filter((row) => row.entity === 'veterinarian')).toHaveLength(1)
  })
})
