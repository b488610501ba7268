import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { SECRET_FILE } from '../../../src/main/features/sync/credentials'
import type { SecretCipher } from '../../../src/main/platform/shell-ports'
import { ADMIN_PIN, startSyncServer, type ServerFixture } from './support'

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
    const status = await bench.call('sync.pair', { serverUrl: server.url, code, benchName: 'Recepción Norte', adminPin: ADMIN_PIN })
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
      await expect(other.call('sync.pair', { serverUrl: server.url, code, benchName: 'Otra', adminPin: ADMIN_PIN })).rejects.toMatchObject({ code: 'pairing_failed' })
      // A pairing that failed set no admin PIN.
      expect((await other.call('settings.get', {})).hasAdminPin).toBe(false)
      await server.stop()
      await expect(other.call('sync.pair', { serverUrl: server.url, code: 'ABCDE-FGHJK', benchName: 'Otra', adminPin: ADMIN_PIN })).rejects.toMatchObject({
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
    const status = await bench.call('sync.pair', { serverUrl: server.url, code: await server.code(), benchName: 'Recepción Sur', adminPin: ADMIN_PIN })
    expect(status.osProtected).toBe(true)
    const stored = JSON.parse(readFileSync(join(bench.dataDir, SECRET_FILE), 'utf8')) as { format: string }
    expect(stored.format).toBe('os')
    expect((await bench.call('sync.now', { wait: true })).state).toBe('idle')
  })

  it('pairs only over https on the network, and only with the admin PIN, which the first pairing sets', async () => {
    server = await startSyncServer()
    bench = await startTestHost({ demoProtocols: 0 })
    const code = await server.code()
    for (const serverUrl of ['http://lab.example:8787', 'http://192.168.1.20:8787']) {
      await expect(bench.call('sync.pair', { serverUrl, code, adminPin: ADMIN_PIN })).rejects.toMatchObject({ code: 'insecure_server_url' })
    }
    await expect(bench.call('sync.pair', { serverUrl: server.url, code, adminPin: '12' })).rejects.toMatchObject({ code: 'invalid_admin_pin' })
    // Nothing of the refused attempts stuck: still unpaired, no admin PIN, no server address; the code is unused.
    expect(await bench.call('sync.status', {})).toMatchObject({ paired: false, serverUrl: null })
    expect((await bench.call('settings.get', {})).hasAdminPin).toBe(false)

    await bench.call('sync.pair', { serverUrl: server.url, code, adminPin: ADMIN_PIN })
    expect((await bench.call('settings.get', {})).hasAdminPin).toBe(true)
    expect(JSON.stringify(await bench.call('settings.get', {}))).not.toContain('scrypt')

    // From now on the server address needs the PIN, and stays https on the network.
    await expect(bench.call('sync.setServerUrl', { serverUrl: 'https://lab.example/sync', adminPin: '0000' })).rejects.toMatchObject({ code: 'wrong_admin_pin' })
    await expect(bench.call('sync.setServerUrl', { serverUrl: 'http://lab.example/sync', adminPin: ADMIN_PIN })).rejects.toMatchObject({ code: 'insecure_server_url' })
    await expect(bench.call('settings.update', { syncServerUrl: 'https://evil.example' } as never)).rejects.toMatchObject({ code: 'invalid_input' })
    expect((await bench.call('sync.status', {})).serverUrl).toBe(server.url)
    const moved = await bench.call('sync.setServerUrl', { serverUrl: 'https://lab.example/sync', adminPin: ADMIN_PIN })
    expect(moved.serverUrl).toBe('https://lab.example/sync')
    await bench.call('sync.setServerUrl', { serverUrl: server.url, adminPin: ADMIN_PIN })
    expect((await bench.call('sync.now', { wait: true })).state).toBe('idle')

    // A new admin PIN needs the current one.
    await expect(bench.call('settings.setAdminPin', { pin: '1357' })).rejects.toMatchObject({ code: 'wrong_admin_pin' })
    await expect(bench.call('settings.setAdminPin', { pin: '1357', currentPin: '0000' })).rejects.toMatchObject({ code: 'wrong_admin_pin' })
    await bench.call('settings.setAdminPin', { pin: '1357', currentPin: ADMIN_PIN })
    await expect(bench.call('sync.setServerUrl', { serverUrl: server.url, adminPin: ADMIN_PIN })).rejects.toMatchObject({ code: 'wrong_admin_pin' })
    expect((await bench.call('sync.setServerUrl', { serverUrl: server.url, adminPin: '1357' })).serverUrl).toBe(server.url)
  })
})
