/**
 * The bench whose database failed a check. No connection to the damaged file is opened, no job
 * runs and nothing is written: every request answers `database_damaged` (translated for the
 * clerk) except what the way out needs: the backups status (reading the snapshot folder, not the
 * database), choosing the backup folder (the USB disk may be elsewhere) and restoring the latest
 * good snapshot. After a restore the host opens the healthy bench again, from which the clerk
 * pulls from the server what came after the snapshot.
 */
import { REQUEST_NAMES } from '../../../shared/contract'
import type { EventName, EventPayload } from '../../../shared/contract'
import { createDispatcher, HandledError, type Dispatch, type Handlers } from '../../platform/dispatch'
import type { HostEventListener, LogFn } from '../../platform/module'
import type { BackupsService } from './backups-service'
import type { DatabaseLifecycle } from './backups-module'
import type { Damage } from './damage-record'
import { readNumberBlocks } from './numbering-carry'

export interface RecoveryDeps {
  backups: BackupsService
  /** The damaged database file (never opened for writing). */
  databaseFile: string
  damage: Damage
  lifecycle: DatabaseLifecycle
  log: LogFn
}

export interface RecoveryBench {
  readonly dispatch: Dispatch
  subscribe(listener: HostEventListener): () => void
}

export function createRecoveryBench(deps: RecoveryDeps): RecoveryBench {
  const { backups, damage, lifecycle, databaseFile } = deps
  const listeners = new Set<HostEventListener>()
  const emit = <K extends EventName>(event: K, payload: EventPayload<K>) => {
    for (const listener of listeners) listener(event, payload)
  }
  const status = () => backups.status(damage, null)

  const recovery: Partial<Handlers> = {
    'backups.status': () => status(),
    'backups.configure': (input) => {
      backups.configure(input)
      const next = status()
      emit('backups.changed', next)
      return next
    },
    'backups.restore': async ({ name }) => {
      const restored = backups.checkRestorable(name)
      // The damaged file may still give up its number blocks (read-only): then no number is reused.
      const blocks = readNumberBlocks(databaseFile) ?? (damage.keptAside ? readNumberBlocks(damage.keptAside) : null)
      const installed = await lifecycle.reopen(() => backups.install(name, damage, blocks))
      return { restored, ...installed, pullFromServerNext: true }
    }
  }
  const refuse = (name: string) => () => {
    throw new HandledError('database_damaged', `${name} refused: the database failed its integrity check (${damage.detail}); restore a snapshot first`)
  }
  const handlers = Object.fromEntries(REQUEST_NAMES.map((name) => [name, recovery[name] ?? refuse(name)])) as Handlers
  return {
    dispatch: createDispatcher(handlers, (name, error) => deps.log('error', `request ${name} failed`, error)),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
