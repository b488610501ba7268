import { createServer, type IncomingMessage } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Result } from '../shared/contract'
import { EVENT_CHANNEL, IPC_PREFIX } from '../shared/channels'
import { isLoopbackHost } from '../shared/loopback'
import { contentSecurityPolicy } from '../shared/content-security-policy'
import type { BenchHost, BenchHostOptions } from '../main/host'
import { readStatic } from './static-files'

export interface HarnessOptions {
  host: Omit<BenchHostOptions, 'shell'>
  /** The built renderer (`electron-vite build` writes it to out/renderer). */
  rendererDir?: string
  port?: number
}

/** Largest message the bridge takes; a larger frame closes that connection (1009). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024

export interface Harness {
  url: string
  host: BenchHost
  close(): Promise<void>
}

export interface ListenOptions {
  /** Opens the bench; called once the server listens, so the page loads while the bench opens. */
  openHost: () => Promise<BenchHost>
  rendererDir?: string
  port?: number
  log?: NonNullable<BenchHostOptions['log']>
}

/** A harness that listens before its bench is open: calls wait for `host`. */
export interface ListeningHarness {
  url: string
  /** Settles once the bench is open (or failed to open). */
  host: Promise<BenchHost>
  close(): Promise<void>
}

/** The harness is reached by this machine's own names only: a page on another name (DNS rebinding) is refused. */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false
  try {
    const url = new URL(`http://${hostHeader}`)
    return url.port === String(port) && isLoopbackHost(url.hostname) && url.username === '' && url.pathname === '/'
  } catch {
    return false
  }
}

/** What a message that is not a request gets back (no request id to answer to, or none readable). */
const refusal = (id: number | null, message: string): { id: number | null; result: Result<never> } => ({
  id,
  result: { ok: false, error: { code: 'invalid_input', message } }
})

const tokensMatch = (given: string | null, expected: string): boolean => {
  if (given === null || given.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected))
}

/**
 * Serves the built renderer and bridges the same contract the preload exposes over a WebSocket,
 * so a browser drives the real host: real SQLite, real workers, real printers. Loopback only;
 * a random token per run keeps other local pages and processes out, and the Host header must be
 * one of this machine's names. Nothing a client sends can stop the process: every socket has an
 * error handler, a malformed message gets an error answer, a frame the WebSocket protocol forbids
 * (too large, invalid UTF-8) closes that connection only.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const listening = await listenHarness({
    rendererDir: options.rendererDir,
    port: options.port,
    log: options.host.log,
    openHost: async () => (await import('../main/host')).createBenchHost({ ...options.host, shell: 'browser-harness' })
  })
  try {
    return { url: listening.url, host: await listening.host, close: listening.close }
  } catch (error) {
    await listening.close()
    throw error
  }
}

/**
 * The harness's server, listening (its URL known) before the bench behind it is open: the
 * browser builds its page and loads the renderer while this process loads the bench's modules
 * and opens the database, as a shell's window would open beside it. Every call and event waits
 * for the bench; a bench that fails to open answers each call with an internal error.
 */
export async function listenHarness(options: ListenOptions): Promise<ListeningHarness> {
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer')
  const token = randomBytes(24).toString('hex')
  const log = options.log ?? (() => {})
  // Started once the port is bound (below), so a bad port fails before the bench opens.
  let openHost: (() => void) | null = null
  const host = new Promise<BenchHost>((resolveHost, rejectHost) => {
    openHost = () => options.openHost().then(resolveHost, rejectHost)
  })
  // Swallowed here only so an unawaited failure does not end the process; callers still see it.
  host.catch(() => undefined)
  // Checks the shape of a page's message; its schema loads beside the bench, not before listening.
  const wire = import('./wire')
  const server = createServer()
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  let origin = ''
  let port = 0

  // A request Node cannot parse: answered and dropped here, never an exception.
  server.on('clientError', (error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
    log('warn', `harness: bad HTTP request (${(error as NodeJS.ErrnoException).code ?? error.message})`)
  })
  sockets.on('error', (error) => log('warn', `harness: WebSocket server error: ${error.message}`))

  server.on('request', (request, response) => {
    void (async () => {
      if (!isOwnHost(request.headers.host, port)) {
        response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('this harness answers on 127.0.0.1 and localhost only')
        return
      }
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
    })().catch((error: unknown) => {
      log('error', 'harness: serving a file failed', error)
      if (!response.headersSent) response.writeHead(500).end('internal error')
      else response.destroy()
    })
  })

  server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const onError = (error: Error) => log('warn', `harness: socket error during upgrade: ${error.message}`)
    socket.on('error', onError)
    const url = new URL(request.url ?? '/', origin)
    if (
      !isOwnHost(request.headers.host, port) ||
      url.pathname !== '/bridge' ||
      !tokensMatch(url.searchParams.get('token'), token) ||
      request.headers.origin !== origin
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // From here the WebSocket owns the socket and its errors (ws.on('error') in bridge).
      socket.off('error', onError)
      bridge(ws)
    })
  })

  const answer = (ws: WebSocket, message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }

  const handleMessage = async (ws: WebSocket, text: string): Promise<void> => {
    let parsedJson: unknown
    try {
      parsedJson = JSON.parse(text)
    } catch {
      return answer(ws, refusal(null, 'the message is not JSON'))
    }
    const request = (await wire).HarnessRequest.safeParse(parsedJson)
    if (!request.success) {
      const id = (parsedJson as { id?: unknown } | null)?.id
      return answer(ws, refusal(typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null, 'the message is not a request {id, channel, input}'))
    }
    const { id, channel, input } = request.data
    const result = channel.startsWith(IPC_PREFIX)
      ? await (await host).dispatch(channel.slice(IPC_PREFIX.length), input)
      : { ok: false, error: { code: 'unknown_channel', message: channel } }
    answer(ws, { id, result })
  }

  const bridge = (ws: WebSocket): void => {
    // ws closes the connection itself on a protocol violation (1009 too large, 1007 invalid UTF-8) and reports it here.
    ws.on('error', (error) => log('warn', `harness: bridge connection closed: ${error.message}`))
    let unsubscribe: (() => void) | null = null
    let closed = false
    void host.then(
      (opened) => {
        if (!closed) unsubscribe = opened.subscribe((event, payload) => answer(ws, { channel: EVENT_CHANNEL, event, payload }))
      },
      () => undefined
    )
    ws.on('message', (data, isBinary) => {
      if (isBinary) return answer(ws, refusal(null, 'binary messages are not requests; send JSON text'))
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8')
      handleMessage(ws, text).catch((error: unknown) => {
        log('error', 'harness: a request failed outside the host', error)
        answer(ws, { id: null, result: { ok: false, error: { code: 'internal', message: 'internal error' } } })
      })
    })
    ws.on('close', () => {
      closed = true
      unsubscribe?.()
    })
  }

  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done))
  port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`
  openHost!()
  return {
    url: `${origin}/#bridge=${token}`,
    host,
    async close() {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
      // A bench still opening is closed once open; one that failed to open has nothing to close.
      const opened = await host.catch(() => null)
      await opened?.close()
    }
  }
}
