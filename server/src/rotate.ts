/**
 * Secret rotation: a paired device asks for a new secret with a request signed by its current
 * one. The old secret keeps signing for a short overlap (requests already on their way, a round
 * running while the bench saves the new secret), then is refused. A device whose answer was lost
 * asks again with the old secret inside the overlap: it gets another new secret, and the overlap
 * is not extended, so no secret ever outlives it.
 */
import { newDeviceSecret } from '../../src/main/features/sync/signing'
import type { RotateSecretResponse } from '../../src/shared/sync-protocol'
import type { Device } from './auth'
import type { Storage } from './storage/types'

export const SECRET_OVERLAP_MS_DEFAULT = 10 * 60_000

export async function rotateDeviceSecret(storage: Storage, device: Device, now: number, overlapMs: number): Promise<RotateSecretResponse> {
  const secret = newDeviceSecret()
  return storage.write(async (sql) => {
    if (device.signedWithPrevious) {
      await sql.run('UPDATE devices SET secret = ? WHERE id = ?', [secret, device.id])
      const row = await sql.get<{ until: number | string }>('SELECT previous_secret_until AS until FROM devices WHERE id = ?', [device.id])
      return { secret, previousValidUntil: Number(row?.until ?? now) }
    }
    const until = now + overlapMs
    await sql.run('UPDATE devices SET previous_secret = secret, previous_secret_until = ?, secret = ? WHERE id = ?', [until, secret, device.id])
    return { secret, previousValidUntil: until }
  })
}
