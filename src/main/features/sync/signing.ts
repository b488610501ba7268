/**
 * HMAC-SHA256 request signing of sync protocol v1, shared by the bench client and the reference
 * server so both build the very same canonical string (docs/sync-api.md, "Signing").
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { SYNC_HEADERS } from '../../../shared/sync-protocol'

export const SIGNATURE_SCHEME = 'RB1-HMAC-SHA256'

export interface RequestToSign {
  method: string
  /** Path and query exactly as they appear in the request line (`/v1/pull?since=5&limit=500`). */
  pathWithQuery: string
  /** Raw body bytes; empty for GET. */
  body: Uint8Array | string
  /** Epoch milliseconds of the bench clock (corrected by the offset the server reported). */
  timestamp: number
  nonce: string
  deviceId: string
}

const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/

export function isWellFormedNonce(nonce: string): boolean {
  return NONCE_PATTERN.test(nonce)
}

export function bodySha256(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex')
}

export function canonicalRequest(req: RequestToSign): string {
  return [
    SIGNATURE_SCHEME,
    req.method.toUpperCase(),
    req.pathWithQuery,
    bodySha256(req.body),
    String(req.timestamp),
    req.nonce,
    req.deviceId
  ].join('\n')
}

/** Hex HMAC-SHA256 of the canonical request, keyed with the UTF-8 bytes of the device secret. */
export function sign(secret: string, req: RequestToSign): string {
  return createHmac('sha256', secret).update(canonicalRequest(req)).digest('hex')
}

export function verify(secret: string, req: RequestToSign, signature: string): boolean {
  const expected = Buffer.from(sign(secret, req), 'hex')
  const given = Buffer.from(signature, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url')
}

/** 256 bits, URL-safe: what pairing hands to a new device. */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** The four headers of a signed request. */
export function signatureHeaders(secret: string, req: RequestToSign): Record<string, string> {
  return {
    [SYNC_HEADERS.device]: req.deviceId,
    [SYNC_HEADERS.timestamp]: String(req.timestamp),
    [SYNC_HEADERS.nonce]: req.nonce,
    [SYNC_HEADERS.signature]: sign(secret, req)
  }
}
