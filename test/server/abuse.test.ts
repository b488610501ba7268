/**
 * What one hostile client may cost the real server, on loopback: pairing guesses are counted per
 * address (another address with a valid code still pairs), no range answer is larger than the
 * file, bodies are refused before they are read when the headers already say no, deep JSON and
 * bodies that are not JSON get a 4xx. After each, the data is unchanged and honest traffic passes.
 */
import { request } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { newNonce, signatureHeaders } from '../../src/main/features/sync/signing'
import { ErrorBody } from '../../src/shared/sync-protocol'
import { coalesceRanges } from '../../server/src/updates'
import { jsonDeeperThan } from '../../server/src/http'
import { throttleKey } from '../../server/src/pairing'
import { makeTempDir } from '../support/temp-dir'
import { describeEachBackend, hpBlock, newId, op, pullAll, push, receivedProtocol, serverNow, startTestServer, type Bench, type TestServer } from './support'

interface RawAnswer {
  status: number
  body: string
  /** Body bytes the client had handed to its socket when the answer's head arrived. */
  writtenWhenAnswered: number
}

/**
 * One HTTP request from a chosen loopback address (127.0.0.x are all this machine), its body
 * written in chunks as the socket takes them, so a server that answers early is seen doing so.
 */
function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer; chunked?: boolean; from?: string }
): Promise<RawAnswer> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    let written = 0
    let writtenWhenAnswered = -1
    let settled = false
    const body = options.body ?? Buffer.alloc(0)
    const headers: Record<string, string | number> = { ...options.headers }
    if (!options.chunked && body.length > 0) headers['content-length'] = body.length
    const req = request(
      { host: target.hostname, port: target.port, method: options.method ?? 'POST', path: options.path, headers, localAddress: options.from ?? '127.0.0.1' },
      (res) => {
        writtenWhenAnswered = written
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => {
          settled = true
          resolve({ status: res.statusCode ?? 0, body: text, writtenWhenAnswered })
        })
        res.on('error', () => undefined)
      }
    )
    // The server may close the connection while the rest of a refused body is still being written.
    req.on('error', (error) => {
      if (!settled && writtenWhenAnswered < 0) reject(error)
    })
    const chunk = 64 * 1024
    const writeMore = () => {
      while (written < body.length) {
        if (req.destroyed || writtenWhenAnswered >= 0) return req.end()
        const piece = body.subarray(written, written + chunk)
        written += piece.length
        if (!req.write(piece)) return req.once('drain', writeMore)
      }
      req.end()
    }
    writeMore()
  })
}

const errorCode = (answer: RawAnswer): string => ErrorBody.parse(JSON.parse(answer.body)).error.code

function pairFrom(url: string, from: string, code: string): Promise<RawAnswer> {
  return rawRequest(url, {
    path: '/v1/pair',
    from,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ code, benchName: `Bench at ${from}` }))
  })
}

function signed(bench: Bench, path: string, body: Buffer, contentType = 'application/json'): Record<string, string> {
  return {
    'content-type': contentType,
    ...signatureHeaders(bench.secret, { method: 'POST', pathWithQuery: path, body, timestamp: serverNow(), nonce: newNonce(), deviceId: bench.deviceId })
  }
}

/** A protocol push as the bench sends it: what honest traffic looks like after each attack. */
async function honestPush(bench: Bench): Promise<string> {
  const { start, year } = hpBlock(bench)
  const id = newId()
  const response = await push(bench, [op(bench, { entity: 'protocol', entityId: id, op: 'upsert', fields: receivedProtocol(year, start + bench.opSeq) })])
  expect(response.results[0]).toMatchObject({ status: 'applied' })
  return id
}

describeEachBackend('abuse is bounded', (backend) => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })

  it('counts bad pairing codes per address: a guesser is held back, a valid code from elsewhere still pairs', async () => {
    server = await startTestServer(backend, { pairingThrottle: { perAddress: 5, globalCeiling: 12 } })
    for (let i = 0; i < 5; i += 1) expect(errorCode(await pairFrom(server.url, '127.0.0.1', 'WRONG-CODE1'))).toBe('pairing_code_invalid')
    const heldBack = await pairFrom(server.url, '127.0.0.1', (await server.createPairingCode()).code)
    expect([heldBack.status, errorCode(heldBack)]).toEqual([429, 'rate_limited'])
    expect(await server.pairedDeviceCount()).toBe(0)

    const elsewhere = await pairFrom(server.url, '127.0.0.2', (await server.createPairingCode()).code)
    expect(elsewhere.status).toBe(200)
    expect(await server.pairedDeviceCount()).toBe(1)

    // Guessing from many addresses reaches the global ceiling: every address that guessed waits…
    for (let host = 3; host <= 9; host += 1) expect((await pairFrom(server.url, `127.0.0.${host}`, 'WRONG-CODE1')).status).toBe(401)
    const guesser = await pairFrom(server.url, '127.0.0.3', (await server.createPairingCode()).code)
    expect(guesser.status).toBe(429)
    // …and an address that never guessed is never turned away.
    const fresh = await pairFrom(server.url, '127.0.0.10', (await server.createPairingCode()).code)
    expect(fresh.status).toBe(200)
    expect(await server.pairedDeviceCount()).toBe(2)
  })

  it('answers an unsigned or unknown-device body before reading it, and holds unauthenticated bodies to 8 KiB', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const huge = Buffer.alloc(31 * 1024 * 1024, 0x20)

    const unsigned = await rawRequest(server.url, { path: '/v1/push', headers: { 'content-type': 'application/json' }, body: huge })
    expect([unsigned.status, errorCode(unsigned)]).toEqual([401, 'unsigned'])
    // Answered while most of the 31 MiB had not even left the client: the server never read it.
    expect(unsigned.writtenWhenAnswered).toBeLessThan(huge.length / 2)

    const stranger = { ...bench, deviceId: crypto.randomUUID() }
    const unknown = await rawRequest(server.url, { path: '/v1/push', headers: signed(stranger, '/v1/push', huge), body: huge })
    expect([unknown.status, errorCode(unknown)]).toEqual([401, 'unknown_device'])
    expect(unknown.writtenWhenAnswered).toBeLessThan(huge.length / 2)

    const bigPairing = Buffer.from(JSON.stringify({ code: 'ABCDE-FGHJK', benchName: 'x'.repeat(64 * 1024) }))
    const declared = await rawRequest(server.url, { path: '/v1/pair', headers: { 'content-type': 'application/json' }, body: bigPairing })
    expect([declared.status, errorCode(declared)]).toEqual([413, 'payload_too_large'])
    const chunked = await rawRequest(server.url, { path: '/v1/pair', headers: { 'content-type': 'application/json' }, body: bigPairing, chunked: true })
    expect([chunked.status, errorCode(chunked)]).toEqual([413, 'payload_too_large'])

    expect((await pullAll(bench)).rows).toEqual([])
    expect(await server.pairedDeviceCount()).toBe(1)
    await honestPush(bench)
    expect((await pullAll(bench)).rows).toHaveLength(1)
  })

  it('answers JSON nested 50,000 deep with a 400, and a body that is not JSON with a 415', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const depth = 50_000
    const deep = Buffer.from(
      `{"afterOpSeq":0,"ops":[{"deviceId":"${bench.deviceId}","opSeq":1,"entity":"veterinarian","entityId":"${newId()}","op":"upsert","fields":{"name":"X","deep":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`
    )
    const nested = await rawRequest(server.url, { path: '/v1/push', headers: signed(bench, '/v1/push', deep), body: deep })
    expect([nested.status, errorCode(nested)]).toEqual([400, 'bad_json'])

    const body = Buffer.from(JSON.stringify({ afterOpSeq: 0, ops: [{ deviceId: bench.deviceId, opSeq: 1, entity: 'veterinarian', entityId: newId(), op: 'upsert', fields: { name: 'Y' } }] }))
    const textPlain = await rawRequest(server.url, { path: '/v1/push', headers: signed(bench, '/v1/push', body, 'text/plain'), body })
    expect([textPlain.status, errorCode(textPlain)]).toEqual([415, 'unsupported_media_type'])
    const form = await rawRequest(server.url, { path: '/v1/pair', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('code=ABCDE-FGHJK&benchName=x') })
    expect([form.status, errorCode(form)]).toEqual([415, 'unsupported_media_type'])

    expect((await pullAll(bench)).rows).toEqual([])
    const withCharset = await rawRequest(server.url, { path: '/v1/push', headers: signed(bench, '/v1/push', body, 'application/json; charset=utf-8'), body })
    expect(withCharset.status).toBe(200)
    expect((await pullAll(bench)).rows.map((row) => row.fields.name)).toEqual(['Y'])
  })
})

describe('update files cost at most the file', () => {
  let server: TestServer | undefined
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(async () => {
    await server?.stop()
    dir?.cleanup()
    server = dir = undefined
  })

  it('folds 2,000 overlapping ranges into one, and sends the whole file when parts would cost more', async () => {
    dir = makeTempDir('rb-updates-')
    const root = join(dir.path, 'updates')
    mkdirSync(root)
    const size = 100 * 1024
    writeFileSync(join(root, 'Reception-Bench-Setup-0.2.0.exe'), Buffer.alloc(size, 7))
    server = await startTestServer('sqlite', { updatesDir: root })
    const file = `${server.url}/updates/Reception-Bench-Setup-0.2.0.exe`

    const everything = await fetch(file, { headers: { range: `bytes=${Array(2000).fill('0-').join(',')}` } })
    expect(everything.status).toBe(206)
    expect(everything.headers.get('content-range')).toBe(`bytes 0-${size - 1}/${size}`)
    expect((await everything.arrayBuffer()).byteLength).toBe(size)

    const overlapping = await fetch(file, { headers: { range: 'bytes=50-149, 0-99, 120-130' } })
    expect(overlapping.status).toBe(206)
    expect(overlapping.headers.get('content-range')).toBe(`bytes 0-149/${size}`)
    expect((await overlapping.arrayBuffer()).byteLength).toBe(150)

    // 1,000 one-byte parts: their headers alone would outweigh the file.
    const splinters = Array.from({ length: 1000 }, (_, i) => `${i * 100}-${i * 100}`).join(',')
    const whole = await fetch(file, { headers: { range: `bytes=${splinters}` } })
    expect(whole.status).toBe(200)
    expect((await whole.arrayBuffer()).byteLength).toBe(size)

    const honest = await fetch(file, { headers: { range: 'bytes=0-1023, 4096-8191' } })
    expect(honest.status).toBe(206)
    expect(honest.headers.get('content-type')).toMatch(/^multipart\/byteranges/)
    expect(Number(honest.headers.get('content-length'))).toBeLessThan(size)
  })

  it('keeps ranges that are already ascending and apart in the order asked', () => {
    expect(coalesceRanges([{ start: 0, end: 9 }, { start: 20, end: 29 }])).toEqual([{ start: 0, end: 9 }, { start: 20, end: 29 }])
    expect(coalesceRanges([{ start: 20, end: 29 }, { start: 0, end: 9 }, { start: 5, end: 21 }])).toEqual([{ start: 0, end: 29 }])
  })

  it('measures JSON depth on the raw bytes, strings and escapes included', () => {
    expect(jsonDeeperThan(Buffer.from('{"a":[[1]]}'), 3)).toBe(false)
    expect(jsonDeeperThan(Buffer.from('{"a":[[[1]]]}'), 3)).toBe(true)
    expect(jsonDeeperThan(Buffer.from('{"a":"[[[[\\"[[[["}'), 1)).toBe(false)
  })

  it('counts an IPv6 client by its /64 and a mapped IPv4 client by its IPv4 address', () => {
    expect(throttleKey('2001:db8:1:2:aaaa::1')).toBe(throttleKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'))
    expect(throttleKey('2001:db8:1:3::1')).not.toBe(throttleKey('2001:db8:1:2::1'))
    expect(throttleKey('::ffff:192.0.2.7')).toBe('192.0.2.7')
  })
})
