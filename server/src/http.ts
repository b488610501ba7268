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

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limitBytes) {
      reject(new ApiError(413, 'payload_too_large', `body larger than ${limitBytes} bytes`))
      req.resume()
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limitBytes) {
        reject(new ApiError(413, 'payload_too_large', `body larger than ${limitBytes} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function zodDetails(error: z.ZodError): { issues: { path: string; message: string }[] } {
  return { issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) }
}

export function parseJsonBody<S extends z.ZodType>(body: Buffer, schema: S): z.infer<S> {
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
