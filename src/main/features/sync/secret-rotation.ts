/**
 * A new device secret without unpairing: asked for by the admin (sync.rotateSecret, with the
 * admin PIN) and by a monthly job (sync.rotate_secret). The server accepts the old secret for a
 * short overlap, so a round running meanwhile finishes; the next round signs with the new one.
 * If the answer is lost the bench still holds the old secret, which the server accepts for
 * another rotation inside the overlap.
 */
import { z } from 'zod'
import type { BenchSession, Platform } from '../../platform/module'
import { HandledError } from '../../platform/dispatch'
import { defineJobKind } from '../../platform/queue/job-kinds'
import type { ScheduleDefinition } from '../../platform/queue/scheduler'
import { isSyncError, type SyncClient, type SyncClientOptions } from './client'
import type { SecretStore } from './credentials'
import type { SyncStateRepository } from './sync-state-repository'

export const SYNC_ROTATE_SECRET = 'sync.rotate_secret'

export interface SecretRotationDeps extends Pick<Platform, 'clock' | 'audit'> {
  state: Pick<SyncStateRepository, 'device'>
  secrets: SecretStore
  makeClient: (options: SyncClientOptions) => SyncClient
  serverUrl: () => string | null
  session: Pick<BenchSession, 'actor'>
}

export function secretRotationSchedules(): ScheduleDefinition[] {
  // Monthly, early in the morning of the first: a bench is usually on and idle then.
  return [{ name: SYNC_ROTATE_SECRET, cron: '23 4 1 * *', kind: SYNC_ROTATE_SECRET, payload: {} }]
}

export function createSecretRotation(deps: SecretRotationDeps) {
  let running: Promise<{ rotatedAt: string }> | null = null

  async function rotateOnce(actor: string): Promise<{ rotatedAt: string }> {
    const device = deps.state.device()
    if (!device) throw new HandledError('not_paired', 'this bench is not paired with a server')
    const secret = deps.secrets.load()
    if (!secret) throw new HandledError('not_paired', 'the device secret is missing; pair this bench again')
    const client = deps.makeClient({ baseUrl: deps.serverUrl() ?? device.serverUrl, deviceId: device.deviceId, secret, now: () => deps.clock().getTime() })
    let answer
    try {
      answer = await client.rotateSecret()
    } catch (error) {
      if (isSyncError(error) && error.kind === 'offline') throw new HandledError('server_unreachable', error.message)
      throw error
    }
    deps.secrets.save(answer.secret)
    const rotatedAt = deps.clock().toISOString()
    deps.audit.append({
      at: rotatedAt,
      actor,
      action: 'sync.secret_rotated',
      entity: 'sync',
      entityId: device.deviceId,
      after: { previousValidUntil: new Date(answer.previousValidUntil).toISOString() }
    })
    return { rotatedAt }
  }

  /** One rotation at a time: a second ask while one runs gets that one's answer. */
  const rotate = (actor: string): Promise<{ rotatedAt: string }> => {
    running ??= rotateOnce(actor).finally(() => {
      running = null
    })
    return running
  }

  const jobKind = defineJobKind({
    payload: z.object({}).passthrough(),
    priority: 80,
    maxAttempts: 5,
    timeoutMs: 60_000,
    backoff: { baseMs: 60_000, capMs: 30 * 60_000 },
    waitsFor: 'server',
    async run() {
      if (!deps.state.device()) return { rotated: false }
      // Nobody asked: the schedule did, whoever is on duty.
      await rotate('system')
      return { rotated: true }
    }
  })

  return { rotate, jobKind }
}
