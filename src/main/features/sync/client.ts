/**
 * Typed HTTP client of sync protocol v1 for the bench. Every call (except pairing and health) is
 * signed; every response is checked against the shared schemas; every failure is a SyncError
 * whose `kind` tells the job queue what to do: `offline` -> back off and retry, `auth` -> stop and
 * ask for pairing, `rejected` -> do not resend the same request unchanged.
 */
import type { z } from 'zod'
import type { NumberSeries } from '../../../shared/numbering'
import { createHash } from 'node:crypto'
import {
  BLOB_CONTENT_TYPE,
  BLOB_LATER,
  BLOB_MISSING,
  BLOB_SIZES_HEADER,
  BlobMissingResponse,
  BlobPutResponse,
  blobPath,
  ClaimResponse,
  DigestsResponse,
  ErrorBody,
  HealthResponse,
  LeaseResponse,
  PairResponse,
  PullResponse,
  PushResponse,
  RotateSecretResponse,
  SnapshotResponse,
  SYNC_HEADERS,
  type ClaimRequest,
  type PushOpInput
} from '../../../shared/sync-protocol'
import { newNonce, signatureHeaders } from './signing'

export type SyncErrorKind = 'offline' | 'auth' | 'rejected'

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    /** Protocol error code (`op_gap`, `invalid_payload`...), `network`, `timeout`, `bad_response` or `http_<status>`. */
    readonly code: string,
    message: string,
    readonly status?: number,
    readonly details?: unknown
  ) {
    super(message)
    this.name = 'SyncError'
  }

  /** Worth retrying later with backoff. */
  get retryable(): boolean {
    return this.kind === 'offline'
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError
}

export interface SyncClientOptions {
  /** Server root, e.g. `https://lab.example/sync` (a path prefix is kept). */
  baseUrl: string
  deviceId?: string
  secret?: string
  fetch?: typeof fetch
  /** Per request; a timeout counts as offline. Default 30 s. */
  timeoutMs?: number
  /** Bench clock, epoch ms. */
  now?: () => number
  /** Aborts every request in flight (the bench is closing); an aborted call fails as offline. */
  signal?: AbortSignal
}

export interface PushBatch {
  /** The last opSeq the server acknowledged (0 at first). */
  afterOpSeq: number
  ops: PushOpInput[]
}

export interface SnapshotPage {
  /** `next` of the previous page; 0 or absent for the first. */
  after?: number
  /** `snapshotSeq` of the first page; absent for the first. */
  until?: number
  limit?: number
}

export interface SyncClient {
  health(): Promise<HealthResponse>
  /** Unsigned: trades a one-time code for credentials. Build a new client with them. */
  pair(code: string, benchName: string): Promise<PairResponse>
  leaseBlock(type: NumberSeries, year: number): Promise<LeaseResponse>
  /** Registers a local range this bench numbers from; `range_taken` when another device holds part of it. */
  claimRange(range: ClaimRequest): Promise<ClaimResponse>
  push(batch: PushBatch): Promise<PushResponse>
  pull(since: number, limit?: number): Promise<PullResponse>
  snapshot(page?: SnapshotPage): Promise<SnapshotResponse>
  tableDigests(): Promise<DigestsResponse>
  /** A new secret for this device; the one this client signs with stays valid for a short overlap. */
  rotateSecret(): Promise<RotateSecretResponse>
  /** Uploads a document blob under the SHA-256 of its bytes (1.4); repeating it changes nothing. */
  putBlob(sha256: string, bytes: Uint8Array): Promise<BlobPutResponse>
  /**
   * Downloads a document blob (1.4). The bytes are checked against the name: a mismatch is a
   * `rejected` SyncError `blob_hash_mismatch`, and nothing of them is handed back.
   */
  getBlob(sha256: string): Promise<Uint8Array>
  /**
   * Several blobs in one request (1.4, `POST /v1/blobs/fetch`): per name, its bytes (checked
   * against the name), or `missing` (not on the server), `later` (ask again) or `mismatch`.
   */
  getBlobs(sha256s: readonly string[]): Promise<Map<string, Uint8Array | 'missing' | 'later' | 'mismatch'>>
  /** Which of these blobs the server does not hold (1.4, `POST /v1/blobs/missing`, at most 500 names). */
  missingBlobs(sha256s: readonly string[]): Promise<string[]>
  /** Server clock minus bench clock as last observed (ms); signing uses it. */
  clockOffsetMs(): number
}

const AUTH_CODES = new Set(['unsigned', 'bad_signature', 'unknown_device', 'device_revoked'])
/** Below this the offset is left alone, so ordinary network latency does not make it jitter. */
const OFFSET_TOLERANCE_MS = 30_000

export function classifyFailure(status: number, code: string): SyncErrorKind {
  if (status >= 500 || status === 408 || status === 429) return 'offline'
  if (AUTH_CODES.has(code)) return 'auth'
  return 'rejected'
}

function describe(error: unknown): { code: string; message: string } {
  const name = (error as { name?: string }).name
  if (name === 'TimeoutError' || name === 'AbortError') return { code: 'timeout', message: 'the server did not answer in time' }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return { code: 'network', message: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) }
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const fetchImpl = options.fetch ?? fetch
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? 30_000
  const base = new URL(options.baseUrl)
  const prefix = base.pathname.replace(/\/+$/, '')
  let offsetMs = 0

  const observeServerTime = (serverTime: number, localTime: number) => {
    const observed = serverTime - localTime
    if (Math.abs(observed - offsetMs) > OFFSET_TOLERANCE_MS) offsetMs = observed
  }

  /** What a call sends and expects: JSON both ways, or raw bytes (document blobs). */
  type Payload = { kind: 'json'; value: unknown } | { kind: 'bytes'; value: Uint8Array }
  type Answer<S extends z.ZodType> = { kind: 'json'; schema: S } | { kind: 'bytes'; headers?: (headers: Headers) => void }

  async function call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    query: Record<string, number | undefined> | undefined,
    body: unknown,
    schema: S,
    signed: boolean
  ): Promise<z.infer<S>> {
    return exchange(method, path, query, body === undefined ? undefined : { kind: 'json', value: body }, { kind: 'json', schema }, signed) as Promise<z.infer<S>>
  }

  async function exchange<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    query: Record<string, number | undefined> | undefined,
    payload: Payload | undefined,
    expected: Answer<S>,
    signed: boolean
  ): Promise<z.infer<S> | Uint8Array> {
    const url = new URL(base.origin)
    url.pathname = `${prefix}${path}`
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value))
    const bodyBytes: Uint8Array | string = payload === undefined ? '' : payload.kind === 'json' ? JSON.stringify(payload.value) : payload.value

    for (let attempt = 0; ; attempt += 1) {
      const headers: Record<string, string> = { accept: expected.kind === 'json' ? 'application/json' : `${BLOB_CONTENT_TYPE}, application/json` }
      if (payload !== undefined) headers['content-type'] = payload.kind === 'json' ? 'application/json' : BLOB_CONTENT_TYPE
      if (signed) {
        if (!options.deviceId || !options.secret) throw new SyncError('auth', 'not_paired', 'this bench is not paired with a server')
        Object.assign(
          headers,
          signatureHeaders(options.secret, {
            method,
            pathWithQuery: url.pathname + url.search,
            body: bodyBytes,
            timestamp: Math.round(now() + offsetMs),
            nonce: newNonce(),
            deviceId: options.deviceId
          })
        )
      }
      let response: Response
      let raw: Buffer
      try {
        response = await fetchImpl(url, {
          method,
          headers,
          ...(payload === undefined ? {} : { body: typeof bodyBytes === 'string' ? bodyBytes : new Uint8Array(bodyBytes) }),
          signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs)
        })
        raw = Buffer.from(await response.arrayBuffer())
      } catch (error) {
        const { code, message } = describe(error)
        throw new SyncError('offline', code, `${method} ${path}: ${message}`)
      }
      const serverTime = Number(response.headers.get(SYNC_HEADERS.serverTime))
      if (Number.isFinite(serverTime) && serverTime > 0) observeServerTime(serverTime, now())

      if (response.ok && expected.kind === 'bytes') {
        expected.headers?.(response.headers)
        return new Uint8Array(raw.buffer, raw.byteOffset, raw.length)
      }
      let json: unknown
      try {
        json = JSON.parse(raw.toString('utf8'))
      } catch {
        json = undefined
      }
      if (response.ok && expected.kind === 'json') {
        const parsed = expected.schema.safeParse(json)
        if (parsed.success) return parsed.data
        throw new SyncError('offline', 'bad_response', `${method} ${path}: the server answered outside protocol v1`, response.status)
      }
      const error = ErrorBody.safeParse(json)
      const code = error.success ? error.data.error.code : `http_${response.status}`
      const message = error.success ? error.data.error.message : `HTTP ${response.status}`
      const details = error.success ? error.data.error.details : undefined
      if (code === 'clock_skew' && attempt === 0) {
        const reported = Number((details as { serverTime?: unknown } | undefined)?.serverTime)
        if (Number.isFinite(reported)) offsetMs = reported - now()
        continue
      }
      throw new SyncError(classifyFailure(response.status, code), code, `${method} ${path}: ${message}`, response.status, details)
    }
  }

  return {
    health: () => call('GET', '/v1/health', undefined, undefined, HealthResponse, false),
    pair: (code, benchName) => call('POST', '/v1/pair', undefined, { code, benchName }, PairResponse, false),
    leaseBlock: (type, year) => call('POST', '/v1/blocks', undefined, { type, year }, LeaseResponse, true),
    claimRange: (range) => call('POST', '/v1/blocks/claim', undefined, range, ClaimResponse, true),
    push: (batch) => call('POST', '/v1/push', undefined, batch, PushResponse, true),
    pull: (since, limit) => call('GET', '/v1/pull', { since, limit }, undefined, PullResponse, true),
    rotateSecret: () => call('POST', '/v1/devices/secret', undefined, {}, RotateSecretResponse, true),
    snapshot: (page = {}) => call('GET', '/v1/snapshot', { after: page.after, until: page.until, limit: page.limit }, undefined, SnapshotResponse, true),
    tableDigests: () => call('GET', '/v1/digests', undefined, undefined, DigestsResponse, true),
    putBlob: (sha256, bytes) =>
      exchange('PUT', blobPath(sha256), undefined, { kind: 'bytes', value: bytes }, { kind: 'json', schema: BlobPutResponse }, true) as Promise<BlobPutResponse>,
    async getBlob(sha256) {
      const bytes = (await exchange('GET', blobPath(sha256), undefined, undefined, { kind: 'bytes' }, true)) as Uint8Array
      const actual = createHash('sha256').update(bytes).digest('hex')
      if (actual !== sha256) throw new SyncError('rejected', 'blob_hash_mismatch', `GET ${blobPath(sha256)}: the bytes hash to ${actual}`)
      return bytes
    },
    missingBlobs: async (sha256s) => (await call('POST', '/v1/blobs/missing', undefined, { sha256: sha256s }, BlobMissingResponse, true)).missing,
    async getBlobs(sha256s) {
      let sizesHeader = ''
      const body = (await exchange('POST', '/v1/blobs/fetch', undefined, { kind: 'json', value: { sha256: sha256s } }, { kind: 'bytes', headers: (headers) => (sizesHeader = headers.get(BLOB_SIZES_HEADER) ?? '') }, true)) as Uint8Array
      const sizes = sizesHeader.split(',').map(Number)
      if (sizes.length !== sha256s.length || sizes.some((size) => !Number.isInteger(size))) {
        throw new SyncError('offline', 'bad_response', `POST /v1/blobs/fetch: ${BLOB_SIZES_HEADER} does not list ${sha256s.length} sizes`)
      }
      const blobs = new Map<string, Uint8Array | 'missing' | 'later' | 'mismatch'>()
      let offset = 0
      sha256s.forEach((name, index) => {
        const size = sizes[index]!
        if (size === BLOB_MISSING) return void blobs.set(name, 'missing')
        if (size === BLOB_LATER || size < 0) return void blobs.set(name, 'later')
        const bytes = body.subarray(offset, offset + size)
        offset += size
        blobs.set(name, bytes.length === size && createHash('sha256').update(bytes).digest('hex') === name ? bytes : 'mismatch')
      })
      return blobs
    },
    clockOffsetMs: () => offsetMs
  }
}
