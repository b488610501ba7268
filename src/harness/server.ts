import { createServer, type IncomingMessage } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { EVENT_CHANNEL, IPC_PREFIX } from '../shared/contract'
import { contentSecurityPolicy } from '../shared/content-security-policy'
import { createBenchHost, type BenchHost, type BenchHostOptions } from '../main/host'
import { readStatic } from './static-files'
import { HarnessRequest } from './wire'

export interface HarnessOptions {
  host: Omit<BenchHostOptions, 'shell'>
  /** The built renderer (`electron-vite build` writes it to out/renderer). */
  rendererDir?: string
  port?: number
}

export interface Harness {
  url: string
  host: BenchHost
  close(): Promise<void>
}

const tokensMatch = (given: string | null, expected: string): boolean => {
  if (given === null || given.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected))
}

/**
 * Serves the built renderer and bridges the same contract the preload exposes over a WebSocket,
 * so a browser drives the real host: real SQLite, real workers, real printers. Loopback only;
 * a random token per run keeps other local pages and processes out.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer')
  const token = randomBytes(24).toString('hex')
  const host = createBenchHost({ ...options.host, shell: 'browser-harness' })
  const server = createServer()
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  let origin = ''

  server.on('request', (request, response) => {
    void (async () => {
      const asset = await readStatic(rendererDir, request.url ?? '/')
      if (!asset) {
        response.writeHead(404).end('not found')
        return
      }
      let body = asset.body
      const headers: Record<string, string> = { 'content-type': asset.type, 'cache-control': 'no-store' }
      if (asset.type.startsWith('text/html')) {
        // The same strict policy as in Electron, plus the loopback socket this page must reach.
        const wsOrigin = origin.replace('http:', 'ws:')
        headers['content-security-policy'] = contentSecurityPolicy([wsOrigin])
        body = Buffer.from(body.toString('utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''))
      }
      response.writeHead(200, headers).end(body)
    })()
  })

  server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const url = new URL(request.url ?? '/', origin)
    if (url.pathname !== '/bridge' || !tokensMatch(url.searchParams.get('token'), token) || request.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => bridge(ws))
  })

  const bridge = (ws: WebSocket): void => {
    const unsubscribe = host.subscribe((event, payload) => {
      ws.send(JSON.stringify({ channel: EVENT_CHANNEL, event, payload }))
    })
    ws.on('message', (data) => {
      void (async () => {
        let parsedJson: unknown
        try {
          parsedJson = JSON.parse(data.toString())
        } catch {
          return
        }
        const request = HarnessRequest.safeParse(parsedJson)
        if (!request.success) return
        const { id, channel, input } = request.data
        const result = channel.startsWith(IPC_PREFIX)
          ? await host.dispatch(channel.slice(IPC_PREFIX.length), input)
          : { ok: false, error: { code: 'unknown_channel', message: channel } }
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
      })()
    })
    ws.on('close', unsubscribe)
  }

  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/#bridge=${token}`,
    host,
    async close() {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
      await host.close()
    }
  }
}
