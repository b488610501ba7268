import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { SECRET_FILE } from '../../../src/main/features/sync/credentials'
import type { SecretCipher } from '../../../src/main/platform/shell-ports'
import { startSyncServer, type ServerFixture } from './support'

/** A stand-in keychain: reversible, and visibly not the plain secret. */
const fakeKeychain: SecretCipher = {
  osProtected: true,
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].reverse()),
  decrypt: (sealed) => Buffer.from([...sealed].reverse()).toString()
}

describe('pairing a bench', () => {
  let server: ServerFixture | undefined
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    await server?.cleanup()
    bench = server = undefined
  })

  it('pairs once with a code, keeps the secret in a 0600 file marked unprotected, and refuses the code a second time', async () => {
    server = await startSyncServer()
    bench = await startTestHost({ demoProtocols: 0 })
    expect((await bench.call('sync.status', {})).state).toBe('unpaired')
    const code = await server.code()
    const status = await bench.call('sync.pair', { serverUrl: server.url, code, benchName: 'Recepción Norte' })
    expect(status).toMatchObject({ paired: true, benchName: 'Recepción Norte', role: 'bench', osProtected: false })
    // Device id and secret never reach the renderer.
    expect(JSON.stringify(status)).not.toMatch(/deviceId|secret/)
    const file = join(bench.dataDir, SECRET_FILE)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'plain' })
    // The pairing answer's blocks are held as server blocks and preferred over the local range.
    const numbers = await bench.call('numbers.status', {})
    expect(numbers.blocks.filter((block) => block.source === 'server').length).toBeGreaterThanOrEqual(2)
    const synced = await bench.call('sync.now', { wait: true })
    expect([synced.state, synced.snapshotPending]).toEqual(['idle', false])

    const other = await startTestHost({ demoProtocols: 0 })
    try {
      await expect(other.call('sync.pair', { serverUrl: server.url, code, benchName: 'Otra' })).rejects.toMatchObject({ code: 'pairing_failed' })
      await server.stop()
      await expect(other.call('sync.pair', { serverUrl: server.url, code: 'ABCDE-FGHJK', benchName: 'Otra' })).rejects.toMatchObject({
        code: 'server_unreachable'
      })
    } finally {
      await other.close()
    }
    const unpaired = await bench.call('sync.unpair', {})
    expect(unpaired.state).toBe('unpaired')
    expect((await bench.call('numbers.status', {})).blocks.filter((b) => b.source === 'server' && b.nextSeq <= b.rangeEnd)).toEqual([])
  })

  it('seals the secret with the OS keychain port when there is one', async () => {
    server = await startSyncServer()
    bench = await startTestHost({ demoProtocols: 0, ports: { secrets: fakeKeychain } })
    const status = await bench.call('sync.pair', { serverUrl: server.url, code: await server.code(), benchName: 'Recepción Sur' })
    expect(status.osProtected).toBe(true)
    const stored = JSON.parse(readFileSync(join(bench.dataDir, SECRET_FILE), 'utf8')) as { format: string }
    expect(stored.format).toBe('os')
    expect((await bench.call('sync.now', { wait: true })).state).toBe('idle')
  })
})
