/**
 * The reference central server of sync protocol v1 on plain node:http. Every body is checked
 * against the shared schemas before anything is applied; storage is SQLite (a file) or
 * PostgreSQL (DATABASE_URL) behind one port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import {
  BLOB_CONTENT_TYPE,
  BLOB_SIZES_HEADER,
  BlobFetchRequest,
  BlobMissingRequest,
  ClaimRequest,
  MAX_BLOB_BYTES,
  SYNC_HEADERS,
  CLOCK_SKEW_MS,
  LeaseRequest,
  PairingCodeRequest,
  PairRequest,
  PullQuery,
  PushRequest,
  SnapshotQuery,
  SYNC_PROTOCOL_VERSION,
  type DeviceRole,
  type HealthResponse,
  type PairingCodeResponse
} from '../../src/shared/sync-protocol'
import { checkAdminToken, createAuthenticator, pruneNonces, type Device } from './auth'
import { claimRange, defaultBlockPolicy, leaseForDevice } from './blocks'
import { getBlob, getBlobs, missingBlobs, putBlob } from './blobs'
import { ApiError, closeAfterAnswer, hasBody, parseJsonBody, parseQuery, readBody, requireJsonContent, sendError, sendJson } from './http'
import { createMailer, DEFAULT_RETRY_DELAYS_MS, type Mailer } from './mailer'
import { rotateDeviceSecret, SECRET_OVERLAP_MS_DEFAULT } from './rotate'
import { createPairingCode, createPairingThrottle, listDevices, pairDevice, revokeDevice, type PairingThrottleOptions } from './pairing'
import { applyPush, type PushHooks } from './push'
import { pullPage, snapshotPage, tableDigests } from './records'
import { openStorage, type StorageOptions } from './storage/open'
import type { StorageKind } from './storage/types'
import { serveUpdateFile } from './updates'

export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** SQLite file `<dataDir>/sync.sqlite` (ignored when databaseUrl is set). */
  dataDir?: string
  /** PostgreSQL connection string; selects the PostgreSQL backend. */
  databaseUrl?: string
  /** PostgreSQL schema for this server's tables (created when missing). */
  pgSchema?: string
  smtpUrl?: string
  mailFrom?: string
  mailRetryDelaysMs?: readonly number[]
  mailPollMs?: number
  adminToken?: string
  updatesDir?: string
  blockSize?: number
  blockLowWater?: number
  clockSkewMs?: number
  /** How long a device's secret still signs after it rotated it (default 10 min). */
  secretOverlapMs?: number
  /** Largest push body (signed devices only); every other request is held to SMALL_BODY_BYTES. */
  maxBodyBytes?: number
  pairingThrottle?: PairingThrottleOptions
  /**
   * Behind a reverse proxy every request comes from the proxy's address: count pairing attempts
   * by the last address the proxy appended to X-Forwarded-For instead. Only with a proxy that sets it.
   */
  trustProxy?: boolean
  /** Server clock (epoch ms); tests move it to expire codes and skew requests. */
  now?: () => number
  hooks?: PushHooks
  log?: (line: string) => void
}

export interface RunningServer {
  url: string
  storageKind: StorageKind
  storageLocation: string
  createPairingCode(role?: DeviceRole, ttlMinutes?: number): Promise<PairingCodeResponse>
  pairedDeviceCount(): Promise<number>
  close(): Promise<void>
}

type Access = 'public' | 'device' | 'admin'

interface Call {
  req: IncomingMessage
  url: URL
  body: Buffer
  device: Device
  params: string[]
  now: number
}

/** A handler result that is already JSON text. */
class RawJson {
  constructor(readonly text: string) {}
}

/** A handler result that is raw bytes (a document blob). */
class RawBytes {
  constructor(
    readonly bytes: Buffer,
    readonly headers: Record<string, string> = {}
  ) {}
}

const BLOB_ROUTE = /^\/v1\/blobs\/([0-9a-f]{64})$/

interface Route {
  method: string
  path: string | RegExp
  access: Access
  /** Largest body read for this route; SMALL_BODY_BYTES when not said. */
  maxBody?: number
  /** What the body is: JSON (the default) or raw bytes (document blobs). */
  body?: 'json' | 'bytes'
  handle(call: Call): Promise<unknown>
}

const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
/** Pairing, blocks, claims, admin calls: a few hundred bytes of JSON each. */
export const SMALL_BODY_BYTES = 8 * 1024

/** The address a request is counted by (the pairing throttle). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for']
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop()?.trim()
    if (last) return last
  }
  return req.socket.remoteAddress
}

/** A blob upload is raw bytes; JSON (or anything else) there is a mistake, refused before it is read. */
function requireBytesContent(req: IncomingMessage): void {
  if (!hasBody(req)) return
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== BLOB_CONTENT_TYPE) throw new ApiError(415, 'unsupported_media_type', `blob bodies must be content-type: ${BLOB_CONTENT_TYPE}`)
}

function sendBytes(res: ServerResponse, bytes: Buffer, now: number, headers: Record<string, string>): void {
  res.writeHead(200, {
    ...headers,
    'content-type': BLOB_CONTENT_TYPE,
    'content-length': bytes.length,
    'cache-control': 'no-store',
    [SYNC_HEADERS.serverTime]: String(now)
  })
  res.end(bytes)
}

export function storageOptionsFor(options: Pick<ServerOptions, 'dataDir' | 'databaseUrl' | 'pgSchema'>): StorageOptions {
  if (options.databaseUrl) {
    return { kind: 'postgres', connectionString: options.databaseUrl, ...(options.pgSchema ? { schema: options.pgSchema } : {}) }
  }
  if (!options.dataDir) throw new Error('set dataDir (SQLite) or databaseUrl (PostgreSQL)')
  return { kind: 'sqlite', file: join(options.dataDir, 'sync.sqlite') }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now
  const log = options.log ?? ((line: string) => console.log(line))
  const storage = await openStorage(storageOptionsFor(options))
  const policy = defaultBlockPolicy(options.blockSize ?? 100, options.blockLowWater)
  const skewMs = options.clockSkewMs ?? CLOCK_SKEW_MS
  const authenticate = createAuthenticator({ storage, now, skewMs })
  const throttle = createPairingThrottle(storage, options.pairingThrottle)
  const trustProxy = options.trustProxy ?? false
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const mailer: Mailer | undefined = options.smtpUrl
    ? createMailer({
        storage,
        smtpUrl: options.smtpUrl,
        from: options.mailFrom ?? 'Reception Bench <reception-bench@localhost>',
        retryDelaysMs: options.mailRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
        pollMs: options.mailPollMs ?? 5_000,
        now,
        log
      })
    : undefined
  if (!mailer) log('mail: SMTP_URL not set, notifications stay queued')

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/v1/health',
      access: 'public',
      handle: async ({ now: at }) => ({ ok: true, protocolVersion: SYNC_PROTOCOL_VERSION, serverTime: at }) satisfies HealthResponse
    },
    {
      method: 'POST',
      path: '/v1/pair',
      access: 'public',
      handle: async ({ req, body, now: at }) => {
        const address = clientAddress(req, trustProxy)
        await throttle.check(address, at)
        const request = parseJsonBody(body, PairRequest)
        try {
          return await pairDevice(storage, policy, request, at)
        } catch (error) {
          if (error instanceof ApiError && error.code === 'pairing_code_invalid') await throttle.fail(address, at)
          throw error
        }
      }
    },
    {
      method: 'POST',
      path: '/v1/devices/secret',
      access: 'device',
      handle: async ({ device, now: at }) => rotateDeviceSecret(storage, device, at, options.secretOverlapMs ?? SECRET_OVERLAP_MS_DEFAULT)
    },
    {
      method: 'POST',
      path: '/v1/blocks',
      access: 'device',
      handle: async ({ body, device, now: at }) => {
        const request = parseJsonBody(body, LeaseRequest)
        return { blocks: await leaseForDevice(storage, policy, device.id, request.type, request.year, at) }
      }
    },
    {
      method: 'POST',
      path: '/v1/blocks/claim',
      access: 'device',
      handle: async ({ body, device, now: at }) => ({ block: await claimRange(storage, device.id, parseJsonBody(body, ClaimRequest), at) })
    },
    {
      method: 'POST',
      path: '/v1/push',
      access: 'device',
      maxBody: maxBodyBytes,
      handle: async ({ body, device, now: at }) => {
        const outcome = await applyPush(storage, device, parseJsonBody(body, PushRequest), at, options.hooks)
        if (outcome.mailQueued) mailer?.kick()
        await options.hooks?.afterCommit?.(outcome.response)
        return outcome.response
      }
    },
    {
      method: 'GET',
      path: '/v1/pull',
      access: 'device',
      handle: async ({ url }) => new RawJson(await pullPage(storage, parseQuery(url, PullQuery)))
    },
    {
      method: 'GET',
      path: '/v1/snapshot',
      access: 'device',
      handle: async ({ url }) => new RawJson(await snapshotPage(storage, parseQuery(url, SnapshotQuery)))
    },
    { method: 'GET', path: '/v1/digests', access: 'device', handle: async () => tableDigests(storage) },
    {
      method: 'PUT',
      path: BLOB_ROUTE,
      access: 'device',
      body: 'bytes',
      maxBody: MAX_BLOB_BYTES,
      handle: async ({ body, device, params, now: at }) => putBlob(storage, device, params[0]!, body, at)
    },
    { method: 'GET', path: BLOB_ROUTE, access: 'device', handle: async ({ params }) => new RawBytes(await getBlob(storage, params[0]!)) },
    {
      method: 'POST',
      path: '/v1/blobs/fetch',
      access: 'device',
      handle: async ({ body }) => {
        const { sizes, bytes } = await getBlobs(storage, parseJsonBody(body, BlobFetchRequest).sha256)
        return new RawBytes(bytes, { [BLOB_SIZES_HEADER]: sizes.join(',') })
      }
    },
    {
      method: 'POST',
      path: '/v1/blobs/missing',
      access: 'device',
      handle: async ({ body }) => missingBlobs(storage, parseJsonBody(body, BlobMissingRequest).sha256)
    },
    {
      method: 'POST',
      path: '/v1/admin/pairing-codes',
      access: 'admin',
      handle: async ({ body, now: at }) => {
        const request = parseJsonBody(body.length === 0 ? Buffer.from('{}') : body, PairingCodeRequest)
        return createPairingCode(storage, { role: request.role, ttlMinutes: request.ttlMinutes, now: at })
      }
    },
    { method: 'GET', path: '/v1/admin/devices', access: 'admin', handle: async () => ({ devices: await listDevices(storage) }) },
    {
      method: 'POST',
      path: /^\/v1\/admin\/devices\/([0-9a-f-]{36})\/revoke$/,
      access: 'admin',
      handle: async ({ params, now: at }) => {
        if (!(await revokeDevice(storage, params[0]!, at))) throw new ApiError(404, 'not_found', 'no such active device')
        return { revoked: params[0] }
      }
    }
  ]

  function match(pathname: string): { routes: Route[]; params: string[] } {
    const found: Route[] = []
    let params: string[] = []
    for (const route of routes) {
      if (typeof route.path === 'string') {
        if (route.path === pathname) found.push(route)
      } else {
        const m = route.path.exec(pathname)
        if (m) {
          found.push(route)
          params = m.slice(1)
        }
      }
    }
    return { routes: found, params }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now()
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname.startsWith('/updates/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'method_not_allowed', 'GET or HEAD')
        await serveUpdateFile(req, res, options.updatesDir, url.pathname.slice('/updates/'.length))
        return
      }
      const { routes: candidates, params } = match(url.pathname)
      if (candidates.length === 0) throw new ApiError(404, 'not_found', `no endpoint ${url.pathname}`)
      const route = candidates.find((candidate) => candidate.method === req.method)
      if (!route) throw new ApiError(405, 'method_not_allowed', `${url.pathname} accepts ${candidates.map((c) => c.method).join(', ')}`)
      // Everything that can be decided from the headers is decided before the body is read.
      const pending = route.access === 'device' ? await authenticate(req) : null
      if (route.access === 'admin') checkAdminToken(req, options.adminToken)
      if (route.body === 'bytes') requireBytesContent(req)
      else requireJsonContent(req)
      const body = await readBody(req, route.maxBody ?? SMALL_BODY_BYTES)
      const device: Device = pending ? await pending.finish(body) : { id: '', role: 'bench' }
      const result = await route.handle({ req, url, body, device, params, now: at })
      if (result instanceof RawBytes) sendBytes(res, result.bytes, now(), result.headers)
      else sendJson(res, 200, result instanceof RawJson ? result.text : result, now())
    } catch (error) {
      if (res.headersSent) {
        res.destroy()
        return
      }
      closeAfterAnswer(req, res)
      if (error instanceof ApiError) {
        sendError(res, error, now())
        return
      }
      log(`error on ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      sendError(res, new ApiError(500, 'internal', 'internal server error'), now())
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  const host = options.host ?? '127.0.0.1'
  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen)
      server.listen(options.port ?? 0, host, () => resolveListen())
    })
  } catch (error) {
    await mailer?.stop()
    await storage.close()
    throw error
  }
  const address = server.address() as AddressInfo
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address

  const pruneTimer = setInterval(() => {
    void pruneNonces(storage, now()).catch((error: unknown) => log(`nonce prune: ${String(error)}`))
  }, 60_000)
  pruneTimer.unref()

  let closing: Promise<void> | undefined
  return {
    url: `http://${urlHost}:${address.port}`,
    storageKind: storage.kind,
    storageLocation: storage.location,
    createPairingCode: (role = 'bench', ttlMinutes = 24 * 60) => createPairingCode(storage, { role, ttlMinutes, now: now() }),
    pairedDeviceCount: async () =>
      (await storage.read((sql) => sql.get<{ n: number }>('SELECT count(*) AS n FROM devices WHERE revoked_at IS NULL')))!.n,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer)
        await new Promise<void>((done) => {
          server.close(() => done())
          server.closeAllConnections()
        })
        await mailer?.stop()
        await storage.close()
      })()
      return closing
    }
  }
}
