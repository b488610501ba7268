/**
 * Backups: owns the `backups.*` requests on a healthy bench, the daily job that checks the whole
 * database (`integrity_check`) and then writes a verified snapshot, and restoring a snapshot
 * (the host closes the database, the file is swapped, the bench opens again). A failing daily
 * check records the damage and reopens the bench with writes blocked (see recovery-module.ts).
 */
import { z } from 'zod'
import type { DatabaseHealth } from '../../../shared/backups'
import { HandledError } from '../../platform/dispatch'
import type { HostModule, Platform } from '../../platform/module'
import { defineJobKind } from '../../platform/queue/job-kinds'
import type { BackupsService } from './backups-service'
import { readNumberBlocks } from './numbering-carry'

export const BACKUPS_DAILY = 'backups.daily'

/** What the host lends a feature that must close and reopen the database. */
export interface DatabaseLifecycle {
  /** Closes the bench (queue, workers, database), runs `swap` on the closed files, and opens it again. */
  reopen<T>(swap: () => T): Promise<T>
}

export interface BackupsDeps extends Pick<Platform, 'db' | 'outbox' | 'log' | 'emit'> {
  backups: BackupsService
  lifecycle: DatabaseLifecycle
}

const HEALTHY: DatabaseHealth = { state: 'ok' }

export function createBackupsModule(deps: BackupsDeps): HostModule {
  const { backups, lifecycle } = deps
  const status = () => backups.status(HEALTHY, deps.outbox.pendingCount())

  /** Snapshot or damage; damage closes this bench and opens the blocked one once the caller has returned. */
  const snapshotOrBlock = async () => {
    const outcome = await backups.snapshot(deps.outbox.pendingCount())
    if ('damage' in outcome) {
      // Not awaited here: the caller (a job, a request) must finish before the queue can stop.
      setTimeout(() => void lifecycle.reopen(() => undefined).catch((error: unknown) => deps.log('error', 'reopening after damage failed', error)), 0)
      return outcome
    }
    deps.emit('backups.changed', status())
    return outcome
  }

  return {
    name: 'backups',
    handlers: {
      'backups.status': () => status(),
      'backups.configure': (input) => {
        backups.configure(input)
        const next = status()
        deps.emit('backups.changed', next)
        return next
      },
      'backups.snapshotNow': async () => {
        const outcome = await snapshotOrBlock()
        if ('damage' in outcome) throw new HandledError('database_damaged', `the database failed integrity_check: ${outcome.damage.detail}`)
        return outcome.snapshot
      },
      'backups.restore': async ({ name }) => {
        const restored = backups.checkRestorable(name)
        const blocks = readNumberBlocks(deps.db)
        const installed = await lifecycle.reopen(() => backups.install(name, null, blocks))
        return { restored, ...installed, pullFromServerNext: false }
      }
    },
    jobKinds: {
      [BACKUPS_DAILY]: defineJobKind({
        payload: z.object({}).strict(),
        maxAttempts: 3,
        timeoutMs: 10 * 60_000,
        run: async () => {
          const outcome = await snapshotOrBlock()
          return 'damage' in outcome ? { damaged: true } : { snapshot: outcome.snapshot.name }
        }
      })
    },
    // Midday: a bench is rarely on at night, and a slot missed while it was off runs at the next start.
    schedules: [{ name: BACKUPS_DAILY, cron: '30 13 * * *', kind: BACKUPS_DAILY, payload: {} }]
  }
}
