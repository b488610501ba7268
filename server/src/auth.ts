/**
 * Who is calling: signed device requests (HMAC, clock-skew window, nonce replay cache kept in
 * the database so a restart does not reopen the window) and the admin bearer token.
 */
import { timingSafeEqual, createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { SYNC_HEADERS, type DeviceRole } from '../../src/shared/sync-protocol'
import { isWellFormedNonce, verify } from '../../src/main/features/sync/signing'
import { ApiError } from './http'
import type { Storage } from './storage/types'

export interface Device {
  id: string
  role: DeviceRole
  /** The request was signed with the secret the device had before its last rotation (still in its overlap). */
  signedWithPrevious?: boolean
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export interface AuthenticatorOptions {
  storage: Storage
  now: () => number
  skewMs: number
}

/** A signed request whose headers and device were checked; the body is read only after this. */
export interface PendingAuth {
  /** Checks the signature over the body, the device's standing, the clock and the nonce. */
  finish(body: Buffer): Promise<Device>
}

export function createAuthenticator({ storage, now, skewMs }: AuthenticatorOptions) {
  /**
   * The checks that need no body: headers present and well formed, device known. A request
   * failing them is answered before a byte of its body is read.
   */
  return async function authenticate(req: IncomingMessage): Promise<PendingAuth> {
    const deviceId = header(req, SYNC_HEADERS.device)
    const timestampText = header(req, SYNC_HEADERS.timestamp)
    const nonce = header(req, SYNC_HEADERS.nonce)
    const signature = header(req, SYNC_HEADERS.signature)
    if (!deviceId || !timestampText || !nonce || !signature) {
      throw new ApiError(401, 'unsigned', 'signed request expected (x-rb-device, x-rb-timestamp, x-rb-nonce, x-rb-signature)')
    }
    const timestamp = Number(timestampText)
    if (!/^\d{1,16}$/.test(timestampText) || !isWellFormedNonce(nonce) || !/^[0-9a-f]{64}$/.test(signature)) {
      throw new ApiError(401, 'bad_signature', 'malformed signature headers')
    }
    const device = await storage.statement((sql) =>
      sql.get<{ id: string; role: DeviceRole; secret: string; previous_secret: string | null; previous_secret_until: number | string | null; revoked_at: string | null }>(
        'SELECT id, role, secret, previous_secret, previous_secret_until, revoked_at FROM devices WHERE id = ?',
        [deviceId]
      )
    )
    if (!device) throw new ApiError(401, 'unknown_device', 'this device is not paired with the server')
    return {
      async finish(body) {
        const signed = { method: req.method ?? 'GET', pathWithQuery: req.url ?? '/', body, timestamp, nonce, deviceId }
        const serverTime = now()
        const current = verify(device.secret, signed, signature)
        // After a rotation the old secret still signs until its overlap ends, then never again.
        const previous =
          !current &&
          device.previous_secret !== null &&
          device.previous_secret_until !== null &&
          serverTime <= Number(device.previous_secret_until) &&
          verify(device.previous_secret, signed, signature)
        if (!current && !previous) throw new ApiError(401, 'bad_signature', 'signature does not match')
        if (device.revoked_at) throw new ApiError(403, 'device_revoked', 'this device was revoked; pair it again')
        if (Math.abs(serverTime - timestamp) > skewMs) {
          throw new ApiError(401, 'clock_skew', `timestamp differs from the server clock by more than ${skewMs} ms`, { serverTime })
        }
        // Remembered for as long as the timestamp would still be accepted.
        const fresh = await storage.statement((sql) =>
          sql.run('INSERT INTO nonces (device_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
            deviceId,
            nonce,
            timestamp + skewMs + 1000
          ])
        )
        if (fresh === 0) throw new ApiError(401, 'replayed', 'this signed request was already received')
        return { id: device.id, role: device.role, ...(previous ? { signedWithPrevious: true } : {}) }
      }
    }
  }
}

export async function pruneNonces(storage: Storage, now: number): Promise<number> {
  return storage.write((sql) => sql.run('DELETE FROM nonces WHERE expires_at < ?', [now]))
}

/** Compares digests so the comparison time does not depend on the token. */
export function checkAdminToken(req: IncomingMessage, adminToken: string | undefined): void {
  if (!adminToken) throw new ApiError(403, 'admin_only', 'admin endpoints are disabled: set ADMIN_TOKEN')
  const given = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1] ?? ''
  const digest = (text: string) => createHash('sha256').update(text).digest()
  if (!timingSafeEqual(digest(given), digest(adminToken))) throw new ApiError(403, 'admin_only', 'admin token required')
}
