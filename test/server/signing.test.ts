import { describe, expect, it } from 'vitest'
import { bodySha256, canonicalRequest, newDeviceSecret, newNonce, sign, verify } from '../../src/main/features/sync/signing'
import { tableDigest } from '../../src/main/features/sync/table-digest'

const request = {
  method: 'post',
  pathWithQuery: '/v1/push',
  body: '{"afterOpSeq":0}',
  timestamp: 1_780_000_000_000,
  nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA',
  deviceId: '0193b9c4-1d6f-7000-8000-000000000001'
}

describe('request signing', () => {
  it('builds the canonical request of the protocol document', () => {
    expect(canonicalRequest(request).split('\n')).toEqual([
      'RB1-HMAC-SHA256',
      'POST',
      '/v1/push',
      bodySha256(request.body),
      '1780000000000',
      request.nonce,
      request.deviceId
    ])
    expect(bodySha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('verifies its own signature and refuses any change to what was signed', () => {
    const secret = newDeviceSecret()
    const signature = sign(secret, request)
    expect(verify(secret, request, signature)).toBe(true)
    expect(verify(secret, { ...request, body: '{"afterOpSeq":1}' }, signature)).toBe(false)
    expect(verify(secret, { ...request, pathWithQuery: '/v1/pull?since=0' }, signature)).toBe(false)
    expect(verify(secret, { ...request, timestamp: request.timestamp + 1 }, signature)).toBe(false)
    expect(verify(newDeviceSecret(), request, signature)).toBe(false)
    expect(verify(secret, request, 'abcd')).toBe(false)
  })

  it('makes distinct nonces and secrets', () => {
    expect(newNonce()).not.toBe(newNonce())
    expect(newDeviceSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})

describe('table digest', () => {
  it('does not depend on row order and changes with any version', () => {
    const rows = [
      { id: 'a', version: 1 },
      { id: 'b', version: 2 }
    ]
    expect(tableDigest(rows)).toEqual(tableDigest([...rows].reverse()))
    expect(tableDigest(rows).hash).not.toBe(tableDigest([rows[0]!, { id: 'b', version: 3 }]).hash)
    expect(tableDigest([])).toEqual({ count: 0, hash: '0'.repeat(64) })
  })
})
