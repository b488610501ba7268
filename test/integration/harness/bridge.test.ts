import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { listenHarness, startHarness, type Harness } from '../../../src/harness/server'
import { createBenchHost, type BenchHost } from '../../../src/main/host'
import { makeTempDir } from '../../support/temp-dir'

describe('browser harness bridge', () => {
  const dir = makeTempDir()
  let harness: Harness
  let origin: string
  let token: string

  beforeAll(async () => {
    const rendererDir = join(dir.path, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(join(rendererDir, 'index.html'), '<html><head><meta http-equiv="Content-Security-Policy" content="x"></head></html>')
    writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer')
    harness = await startHarness({ rendererDir, host: { dataDir: join(dir.path, 'data'), appVersion: '0', demoProtocols: 5, log: () => {} } })
    const url = new URL(harness.url)
    origin = url.origin
    token = url.hash.replace('#bridge=', '')
  })
  afterAll(async () => {
    await harness.close()
    dir.cleanup()
  })

  const connect = (query: string, headers: Record<string, string>) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/bridge${query}`, { headers })
      ws.on('open', () => resolve(ws))
      ws.on('error', reject)
      ws.on('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)))
    })

  const invoke = (ws: WebSocket, id: number, channel: string, input: unknown) =>
    new Promise<unknown>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: unknown }
        if (message.id === id) {
          ws.off('message', onMessage)
          resolve(message.result)
        }
      }
      ws.on('message', onMessage)
      ws.send(JSON.stringify({ id, channel, input }))
    })

  it('bridges contract calls for the page that holds the token', async () => {
    const ws = await connect(`?token=${token}`, { origin })
    const result = (await invoke(ws, 1, 'bench:protocols.search', { text: '' })) as { ok: boolean; value: { total: number } }
    expect(result.ok).toBe(true)
    expect(result.value.total).toBe(5)
    const bad = (await invoke(ws, 2, 'bench:preferences.update', { language: 'xx' })) as { ok: boolean; error: { code: string } }
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const foreign = (await invoke(ws, 3, 'shell:openExternal', {})) as { ok: boolean; error: { code: string } }
    expect(foreign).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    ws.close()
  })

  it('refuses a wrong token and a foreign origin', async () => {
    await expect(connect(`?token=${'0'.repeat(token.length)}`, { origin })).rejects.toThrow('403')
    await expect(connect(`?token=${token}`, { origin: 'http://evil.example' })).rejects.toThrow('403')
  })

  it('serves the page with the strict CSP and never a file outside the renderer', async () => {
    const page = await fetch(`${origin}/`)
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain(origin.replace('http', 'ws'))
    expect(await page.text()).not.toContain('http-equiv')
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const response = await fetch(`${origin}${path}`)
      expect(response.status, path).toBe(404)
    }
  })
})

describe('browser harness listening before its bench is open', () => {
  const dir = makeTempDir()

  afterAll(() => dir.cleanup())

  const connectTo = (url: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const parsed = new URL(url)
      const ws = new WebSocket(`ws://${parsed.host}/bridge?token=${parsed.hash.replace('#bridge=', '')}`, { headers: { origin: parsed.origin } })
      ws.on('open', () => resolve(ws))
      ws.on('error', reject)
    })

  /** The first answer (not an event) that comes on the socket. */
  const firstAnswer = (ws: WebSocket) =>
    new Promise<{ id: number | null; result: { ok: boolean; value?: unknown; error?: { code: string } } }>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number | null; result?: { ok: boolean } }
        if (message.result === undefined) return
        ws.off('message', onMessage)
        resolve(message as never)
      }
      ws.on('message', onMessage)
    })

  it('holds a call that comes while the bench opens and answers it from the bench once open', async () => {
    let open!: (host: BenchHost) => void
    const opening = new Promise<BenchHost>((resolve) => (open = resolve))
    const harness = await listenHarness({ rendererDir: dir.path, openHost: () => opening })
    try {
      const ws = await connectTo(harness.url)
      let answered = false
      const answer = firstAnswer(ws).finally(() => (answered = true))
      ws.send(JSON.stringify({ id: 1, channel: 'bench:protocols.search', input: { text: '' } }))
      // Round trips on the same socket go through while the call waits for the bench.
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(answered).toBe(false)
      open(createBenchHost({ dataDir: join(dir.path, 'data'), shell: 'browser-harness', appVersion: '0', demoProtocols: 3, log: () => {} }))
      expect(await answer).toMatchObject({ id: 1, result: { ok: true, value: { total: 3 } } })
      ws.close()
    } finally {
      // Closing the harness closes the bench it opened.
      await harness.close()
    }
  })

  it('answers every call with an error when the bench cannot open, and still closes', async () => {
    const harness = await listenHarness({ rendererDir: dir.path, openHost: () => Promise.reject(new Error('migration failed')) })
    try {
      await expect(harness.host).rejects.toThrow('migration failed')
      const ws = await connectTo(harness.url)
      const answer = firstAnswer(ws)
      ws.send(JSON.stringify({ id: 2, channel: 'bench:app.info', input: {} }))
      expect(await answer).toMatchObject({ result: { ok: false, error: { code: 'internal' } } })
      ws.close()
    } finally {
      await harness.close()
    }
  })
})
