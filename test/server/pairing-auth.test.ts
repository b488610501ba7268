import { afterEach, describe, expect, it } from 'vitest'
import { newNonce, signatureHeaders } from '../../src/main/features/sync/signing'
import { createSyncClient } from '../../src/main/features/sync/client'
import { ErrorBody, PairingCodeResponse } from '../../src/shared/sync-protocol'
import { ADMIN_TOKEN, describeEachBackend, failure, startTestServer, type Bench, type TestServer, serverNow } from './support'

/** A signed request built by hand, so a test can send the very same bytes twice or tamper with them. */
function signedRequest(url: string, bench: Bench, path: string, body = '', at = serverNow()) {
  const method = body ? 'POST' : 'GET'
  const headers = {
    'content-type': 'application/json',
    ...signatureHeaders(bench.secret, { method, pathWithQuery: path, body, timestamp: at, nonce: newNonce(), deviceId: bench.deviceId })
  }
  return () => fetch(`${url}${path}`, { method, headers, ...(body ? { body } : {}) })
}

async function errorCode(response: Response): Promise<string> {
  return ErrorBody.parse(await response.json()).error.code
}

describeEachBackend('pairing and signed requests', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  it('pairs once per code and refuses the same code a second time', async () => {
    server = await startTestServer(backend)
    const code = await server.createPairingCode('bench')
    const anonymous = createSyncClient({ baseUrl: server.url })
    // Typed by hand: lower case, without the dash.
    const pairing = await anonymous.pair(code.code.toLowerCase().replace('-', ''), 'Bench 1')
    expect(pairing.role).toBe('bench')
    expect(pairing.secret.length).toBeGreaterThanOrEqual(43)
    const year = new Date(serverNow()).getFullYear()
    expect(pairing.blocks.filter((b) => b.year === year).map((b) => b.type).sort()).toEqual(['CT', 'CT', 'HP', 'HP'])
    const again = await failure(anonymous.pair(code.code, 'Bench 2'))
    expect(again.code).toBe('pairing_code_invalid')
    expect(again.kind).toBe('rejected')
    expect(await server.pairedDeviceCount()).toBe(1)
  })

  it('refuses an expired code', async () => {
    let clock = serverNow()
    server = await startTestServer(backend, { now: () => clock })
    const code = await server.createPairingCode('bench', 1)
    clock += 2 * 60_000
    const error = await failure(createSyncClient({ baseUrl: server.url }).pair(code.code, 'Late bench'))
    expect(error.code).toBe('pairing_code_invalid')
  })

  it('creates codes through the admin endpoint only with the admin token', async () => {
    server = await startTestServer(backend)
    const endpoint = `${server.url}/v1/admin/pairing-codes`
    const refused = await fetch(endpoint, { method: 'POST', headers: { authorization: 'Bearer wrong' } })
    expect(refused.status).toBe(403)
    expect(await errorCode(refused)).toBe('admin_only')
    const created = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'lab' })
    })
    expect(created.status).toBe(200)
    const code = PairingCodeResponse.parse(await created.json())
    const pairing = await createSyncClient({ baseUrl: server.url }).pair(code.code, 'Lab desk')
    expect(pairing.role).toBe('lab')
  })

  it('accepts a signed request and refuses the same request replayed', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const send = signedRequest(server.url, bench, '/v1/pull?since=0&limit=10')
    expect((await send()).status).toBe(200)
    const replay = await send()
    expect(replay.status).toBe(401)
    expect(await errorCode(replay)).toBe('replayed')
  })

  it('refuses a bad signature, a tampered body, an unsigned request and an unknown device', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const wrongSecret = createSyncClient({ baseUrl: server.url, deviceId: bench.deviceId, secret: 'x'.repeat(43), now: serverNow })
    const error = await failure(wrongSecret.tableDigests())
    expect([error.kind, error.code, error.status]).toEqual(['auth', 'bad_signature', 401])

    const body = JSON.stringify({ type: 'HP', year: new Date(serverNow()).getFullYear() })
    const headers = signatureHeaders(bench.secret, {
      method: 'POST',
      pathWithQuery: '/v1/blocks',
      body,
      timestamp: serverNow(),
      nonce: newNonce(),
      deviceId: bench.deviceId
    })
    const tampered = await fetch(`${server.url}/v1/blocks`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: body.replace('HP', 'CT')
    })
    expect(await errorCode(tampered)).toBe('bad_signature')

    const unsigned = await fetch(`${server.url}/v1/pull?since=0`)
    expect(unsigned.status).toBe(401)
    expect(await errorCode(unsigned)).toBe('unsigned')

    const stranger = createSyncClient({ baseUrl: server.url, deviceId: crypto.randomUUID(), secret: bench.secret, now: serverNow })
    expect((await failure(stranger.pull(0))).code).toBe('unknown_device')
  })

  it('refuses a timestamp outside the skew window, and the client corrects its clock from the answer', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const stale = await signedRequest(server.url, bench, '/v1/digests', '', serverNow() - 10 * 60_000)()
    expect(stale.status).toBe(401)
    const body = ErrorBody.parse(await stale.json())
    expect(body.error.code).toBe('clock_skew')
    expect(typeof (body.error.details as { serverTime: number }).serverTime).toBe('number')

    const slowClock = createSyncClient({
      baseUrl: server.url,
      deviceId: bench.deviceId,
      secret: bench.secret,
      now: () => serverNow() - 10 * 60_000
    })
    const digests = await slowClock.tableDigests()
    expect(digests.tables.length).toBeGreaterThan(0)
    expect(slowClock.clockOffsetMs()).toBeGreaterThan(9 * 60_000)
  })

  it('refuses a revoked device as an auth failure', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const revoked = await fetch(`${server.url}/v1/admin/devices/${bench.deviceId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` }
    })
    expect(revoked.status).toBe(200)
    const error = await failure(bench.client.pull(0))
    expect([error.kind, error.code]).toEqual(['auth', 'device_revoked'])
  })

  it('answers malformed JSON, unknown endpoints and wrong methods with protocol errors', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const badJson = await signedRequest(server.url, bench, '/v1/push', '{"afterOpSeq":')()
    expect(badJson.status).toBe(400)
    expect(await errorCode(badJson)).toBe('bad_json')
    const missing = await fetch(`${server.url}/v1/nothing`)
    expect([missing.status, await errorCode(missing)]).toEqual([404, 'not_found'])
    const wrongMethod = await fetch(`${server.url}/v1/push`)
    expect([wrongMethod.status, await errorCode(wrongMethod)]).toEqual([405, 'method_not_allowed'])
  })
})

describe('client failure classification', () => {
  it('reports an unreachable server as offline and retryable', async () => {
    const server = await startTestServer('sqlite')
    const bench = await server.pair('Bench 1')
    await server.stop()
    const error = await failure(bench.client.pull(0))
    expect(error.kind).toBe('offline')
    expect(error.retryable).toBe(true)
    expect(error.code).toBe('network')
  })

  it('reports a server answering outside the protocol as offline, not as a rejection', async () => {
    const fakeFetch: typeof fetch = async () => new Response('<html>proxy error</html>', { status: 502 })
    const client = createSyncClient({ baseUrl: 'http://127.0.0.1:9', deviceId: crypto.randomUUID(), secret: 's'.repeat(43), fetch: fakeFetch })
    const error = await failure(client.pull(0))
    expect([error.kind, error.code]).toEqual(['offline', 'http_502'])
  })
})
