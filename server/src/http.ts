/** Plain node:http plumbing: bodies in, JSON and protocol errors out. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import { SYNC_HEADERS, type ErrorBody, type SyncErrorCode } from '../../src/shared/sync-protocol'

/** A refusal the client is told about: HTTP status, protocol error code, readable message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: SyncErrorCode,
    message: string,
    readonly details?: unknown
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** A request that says it carries a body (a length above zero, or chunks). */
export function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
}

/** Bodies are JSON; anything else is refused before a byte of it is read. */
export function requireJsonContent(req: IncomingMessage): void {
  if (!hasBody(req)) return
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', 'request bodies must be content-type: application/json')
  }
}

/**
 * Reads the body into memory, up to `limitBytes`: a declared length above it is refused before
 * reading, and reading stops at the first chunk past it (chunked bodies declare nothing).
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new ApiError(413, 'payload_too_large', `body larger than ${limitBytes} bytes`)
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limitBytes) {
      reject(tooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limitBytes) {
        req.off('data', onData)
        req.pause()
        chunks.length = 0
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** What is still read (and thrown away) of a refused request's body before its connection is cut. */
const DISCARD_LIMIT_BYTES = 1024 * 1024

/**
 * A request refused before its body was read: the answer goes out with `connection: close`, a
 * little of the body is drained so the client can read the answer, then the socket is closed.
 * Nothing of it is kept in memory.
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return
  res.setHeader('connection', 'close')
  let drained = 0
  req.removeAllListeners('data')
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > DISCARD_LIMIT_BYTES) req.socket.destroy()
  })
  req.on('error', () => undefined)
  req.resume()
  res.on('finish', () => {
    // Give the client a moment to read the answer before the connection goes.
    setTimeout(() => req.socket.destroy(), 1_000).unref()
  })
}

/** Deepest nesting a body may have; a legitimate push is a handful of levels deep. */
export const MAX_JSON_DEPTH = 64

/**
 * Whether JSON text nests objects/arrays deeper than `maxDepth`, counted on the raw bytes
 * before parsing (quote and backslash bytes never occur inside a multi-byte UTF-8 character).
 */
export function jsonDeeperThan(body: Buffer, maxDepth: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i]!
    if (inString) {
      if (byte === 0x5c) i += 1
      else if (byte === 0x22) inString = false
      continue
    }
    if (byte === 0x22) inString = true
    else if (byte === 0x7b || byte === 0x5b) {
      depth += 1
      if (depth > maxDepth) return true
    } else if (byte === 0x7d || byte === 0x5d) depth -= 1
  }
  return false
}

export function zodDetails(error: z.ZodError): { issues: { path: string; message: string }[] } {
  return { issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) }
}

export function parseJsonBody<S extends z.ZodType>(body: Buffer, schema: S): z.infer<S> {
  if (jsonDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new ApiError(400, 'bad_json', `request body nests deeper than ${MAX_JSON_DEPTH} levels`, { maxDepth: MAX_JSON_DEPTH })
  }
  let json: unknown
  try {
    json = JSON.parse(body.length === 0 ? 'null' : body.toString('utf8'))
  } catch {
    throw new ApiError(400, 'bad_json', 'request body is not valid JSON')
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new ApiError(400, 'invalid_payload', 'request body does not match the schema', zodDetails(parsed.error))
  return parsed.data
}

export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams))
  if (!parsed.success) throw new ApiError(400, 'invalid_payload', 'query does not match the schema', zodDetails(parsed.error))
  return parsed.data
}

/** `body` may be pre-serialised JSON (pull pages splice stored field JSON without re-parsing it). */
export function sendJson(res: ServerResponse, status: number, body: unknown, now: number): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    [SYNC_HEADERS.serverTime]: String(now)
  })
  res.end(text)
}

export function sendError(res: ServerResponse, error: ApiError, now: number): void {
  const body: ErrorBody = {
    error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) }
  }
  sendJson(res, error.status, body, now)
}
