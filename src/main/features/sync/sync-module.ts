/**
 * The sync engine of the bench: pairing, rounds as queued jobs (push, lease, pull, drift check),
 * conflicts for review, and the status everyone sees. Device id and secret stay in the main
 * process; the renderer only learns whether the secret is OS-protected.
 */
import { z } from 'zod'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import type { NotificationsService } from '../notifications/notifications-service'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { SettingsService } from '../settings/settings-service'
import type { DemoData } from '../demo/demo-data'
import { HandledError } from '../../platform/dispatch'
import { defineJobKind, PermanentJobError } from '../../platform/queue/job-kinds'
import { isAllowedServerUrl, type SyncConflictView, type SyncState, type SyncStatus } from '../../../shared/sync-status'
import { createSyncStateRepository } from './sync-state-repository'
import { createSyncRowsRepository } from './sync-rows-repository'
import { createConflictsRepository } from './conflicts-repository'
import { createSyncRemoteRowsRepository } from './sync-remote-rows-repository'
import { createSyncClient, isSyncError, type SyncClient, type SyncClientOptions } from './client'
import { createSecretStore } from './credentials'
import { builtinAppliers, type NumberGivenUp, type RemoteRowAppliers } from './remote-appliers'
import { createRowApplier } from './row-apply'
import { runSyncRound, type RoundResult } from './sync-round'
import { createRoundRunner } from './round-runner'
import { createSecretRotation, secretRotationSchedules, SYNC_ROTATE_SECRET } from './secret-rotation'
import { createDocumentCopiesRepository } from './document-copies-repository'
import type { DocumentPdfSource } from './document-pdfs'
import { createRestoreTracker } from './restore-progress'

export type { NumberGivenUp, RemoteRowApplier, RemoteRowAppliers } from './remote-appliers'
export { RowNotApplicable } from './remote-appliers'
export type { DocumentPdfSource } from './document-pdfs'

export const SYNC_ROUND = 'sync.round'

export interface SyncModuleOptions {
  /** Appliers for entities whose tables other parts own (work_order, report); they replace built-in ones. */
  appliers?: RemoteRowAppliers
  /** Where the PDFs of documents other parts own are kept (work orders, reports): they travel as blobs. */
  documents?: readonly DocumentPdfSource[]
  /** Tests and benchmarks: how the client is built (a recording fetch, a proxy). */
  makeClient?: (options: SyncClientOptions) => SyncClient
}

const OFFLINE_CODES = new Set(['network', 'timeout', 'bad_response', 'cancelled', 'rate_limited', 'internal'])

function stateOf(paired: boolean, running: boolean, last: RoundResult | null, storedError: { code: string } | null): SyncState {
  if (!paired) return 'unpaired'
  if (running) return 'syncing'
  if (last) return last.ok ? 'idle' : last.kind === 'offline' ? 'offline' : 'error'
  if (!storedError) return 'idle'
  return OFFLINE_CODES.has(storedError.code) || storedError.code.startsWith('http_5') ? 'offline' : 'error'
}

export interface SyncDeps extends Pick<Platform, 'db' | 'clock' | 'dataDir' | 'ports' | 'queue' | 'outbox' | 'audit' | 'emit' | 'log'> {
  protocols: ProtocolsRepository
  numbers: NumberBlocksRepository
  notifications: NotificationsService
  settings: SettingsService
  session: Pick<BenchSession, 'actor'>
  /** A bench trying the app with demo data is never paired: nothing of it may reach a server. */
  demo: Pick<DemoData, 'active'>
}

/** What the bench's health needs to know of sync. */
export interface SyncHealthFacts {
  paired: boolean
  /** Epoch ms of the last round that worked. */
  lastSuccessAt: number | null
  lastError: string | null
}

export function createSyncModule(ctx: SyncDeps, options: SyncModuleOptions = {}): HostModule & { healthFacts(): SyncHealthFacts; readonly paired: () => boolean } {
  const { db } = ctx
  const state = createSyncStateRepository(db)
  const rows = createSyncRowsRepository(db)
  const conflicts = createConflictsRepository(db)
  const secrets = createSecretStore(ctx.dataDir, ctx.ports.secrets)
  const appliers: RemoteRowAppliers = {
    ...builtinAppliers(createSyncRemoteRowsRepository(db, ctx.protocols, ctx.numbers), ctx.notifications),
    ...options.appliers
  }
  /** Said where the clerk looks (the Sync conflicts list, with "Renumerar") and kept in the audit. */
  const numberGivenUp = ({ entity, id, number, takenBy, before, after }: NumberGivenUp, at: string) => {
    conflicts.add({
      entity,
      entityId: id,
      opSeq: null,
      kind: 'rejected',
      code: 'number_taken',
      localValue: { number },
      serverValue: { id: takenBy, number },
      message: `${number}: the server gave this number to ${entity === 'protocol' ? 'protocol' : 'work order'} ${takenBy}; renumber this one`,
      at
    })
    const entry = { at, actor: 'sync', entityId: id, before, after }
    ctx.audit.append(entity === 'protocol' ? { ...entry, action: 'protocol.number_taken', entity: 'protocol' } : { ...entry, action: 'work_order.number_taken', entity: 'work_order' })
  }
  const rowApplier = createRowApplier({ db, outbox: ctx.outbox, rows, conflicts, appliers, onNumberGivenUp: numberGivenUp })
  const makeClient = options.makeClient ?? createSyncClient
  const now = () => ctx.clock().toISOString()
  // Each step of a restore is pushed with the status: the Sync page shows the counts as they grow.
  const restore = createRestoreTracker(now, () => ctx.emit('sync.status', status()))
  const rotation = createSecretRotation({ ...ctx, state, secrets, makeClient, serverUrl: () => ctx.settings.get().syncServerUrl })

  // Once per start, the first round asks the server which PDFs uploaded from here it lacks
  // (made before it kept blobs, or lost with a server restored from a backup) and sends them again.
  let uploadsToRecheck = true
  const runner = createRoundRunner({
    enqueue: (reason) => {
      // No unique key: a job that is finishing still counts as live, and a request then must not be lost.
      ctx.queue.enqueue(SYNC_ROUND, { reason })
    },
    round: async (signal) => {
      const started = performance.now()
      const result = await runSyncRound(
        {
          db,
          clock: ctx.clock,
          state,
          rows,
          conflicts,
          outbox: ctx.outbox,
          numbers: ctx.numbers,
          secrets,
          rowApplier,
          serverUrl: () => ctx.settings.get().syncServerUrl,
          lowWaterMark: () => ctx.settings.get().lowWaterMark,
          makeClient,
          documents: { copies: createDocumentCopiesRepository(db), sources: options.documents ?? [], recheckUploads: uploadsToRecheck },
          log: ctx.log,
          restore
        },
        signal
      )
      if (result.ok) uploadsToRecheck = false
      const ms = Math.round(performance.now() - started)
      // Lists on screen (Protocols, Statistics) search again: rows from other benches or a restore just landed.
      if (result.ok && (result.pulled > 0 || result.pdfs.downloaded > 0)) ctx.emit('protocols.changed', { ids: [] })
      if (result.ok) ctx.log('info', `sync round: pushed ${result.pushed}, pulled ${result.pulled}, PDFs up ${result.pdfs.uploaded} (again ${result.pdfs.resent}) down ${result.pdfs.downloaded}, ${ms} ms`)
      else ctx.log('warn', `sync round failed (${result.kind} ${result.code}) after ${ms} ms: ${result.message}`)
      return result
    },
    paired: () => state.device() !== null,
    intervalMs: () => ctx.settings.get().syncIntervalSeconds * 1000,
    outboxTop: () => ctx.outbox.lastOpSeq(),
    changed: () => ctx.emit('sync.status', status())
  })

  function status(): SyncStatus {
    const device = state.device()
    const progress = state.progress()
    const next = runner.nextRoundAt()
    return {
      paired: device !== null,
      state: stateOf(device !== null, runner.running(), runner.lastResult(), progress.lastError),
      serverUrl: device ? (ctx.settings.get().syncServerUrl ?? device.serverUrl) : ctx.settings.get().syncServerUrl,
      benchName: device?.benchName ?? null,
      role: device?.role ?? null,
      osProtected: device ? device.osProtected : null,
      running: runner.running(),
      pending: ctx.outbox.pendingCount(),
      conflicts: conflicts.openCount(),
      lastSuccessAt: progress.lastSuccessAt,
      lastAttemptAt: progress.lastAttemptAt,
      nextRoundAt: next === null ? null : new Date(next).toISOString(),
      lastError: device ? progress.lastError : null,
      cursor: progress.cursor,
      drift: progress.drift,
      snapshotPending: device !== null && progress.snapshotNeeded,
      restore: restore.current()
    }
  }
  const announce = () => {
    const current = status()
    ctx.emit('sync.status', current)
    return current
  }

  const roundKind = defineJobKind({
    payload: z.object({ reason: z.string().max(40).default('timer') }),
    priority: 50,
    maxAttempts: 1,
    timeoutMs: 30 * 60_000,
    waitsFor: 'server',
    async run(job) {
      const result = await runner.runJob(job.signal)
      // Offline is an expected state the status shows; anything else is worth a failed job on the Jobs page.
      if (!result.ok && result.kind !== 'offline') throw new PermanentJobError(`${result.code}: ${result.message}`, { code: 'sync_failed' })
      return result
    }
  })

  /** Plain HTTP only to this machine: a bench on the network talks HTTPS (docs/sync-api.md, Conventions). */
  const requireAllowedUrl = (serverUrl: string) => {
    if (!isAllowedServerUrl(serverUrl)) {
      throw new HandledError('insecure_server_url', `${serverUrl}: a server on the network needs an https:// address (http:// only for this machine)`)
    }
  }

  const afterRound = async (wait: boolean, reason: string): Promise<SyncStatus> => {
    if (!state.device()) throw new HandledError('not_paired', 'this bench is not paired with a server')
    const done = runner.runNow(reason)
    if (wait) await done
    return announce()
  }

  return {
    name: 'sync',
    paired: () => state.device() !== null,
    healthFacts() {
      const progress = state.progress()
      return {
        paired: state.device() !== null,
        lastSuccessAt: progress.lastSuccessAt === null ? null : Date.parse(progress.lastSuccessAt),
        lastError: progress.lastError ? `${progress.lastError.code}: ${progress.lastError.message}` : null
      }
    },
    jobKinds: { [SYNC_ROUND]: roundKind, [SYNC_ROTATE_SECRET]: rotation.jobKind },
    schedules: secretRotationSchedules(),
    handlers: {
      'sync.status': () => status(),
      'sync.pair': async ({ serverUrl, code, benchName, adminPin }) => {
        if (ctx.demo.active()) throw new HandledError('demo_mode', 'remove the demo data before pairing this bench with the lab server')
        requireAllowedUrl(serverUrl)
        const admin = ctx.settings.checkAdminPin(adminPin)
        if (runner.running()) throw new HandledError('sync_running', 'a sync round is running; try again in a moment')
        const name = benchName ?? ctx.settings.get().benchName
        let pairing
        try {
          pairing = await makeClient({ baseUrl: serverUrl, now: () => ctx.clock().getTime() }).pair(code, name)
        } catch (error) {
          if (isSyncError(error) && error.kind === 'offline') throw new HandledError('server_unreachable', error.message)
          throw new HandledError('pairing_failed', error instanceof Error ? error.message : String(error))
        }
        const { osProtected } = secrets.save(pairing.secret)
        const at = now()
        db.transaction(() => {
          // Blocks of an earlier pairing were leased to another device id: the server would refuse their numbers.
          ctx.numbers.closeServerBlocks()
          rows.clear()
          state.pair({ deviceId: pairing.deviceId, serverUrl, role: pairing.role, benchName: pairing.benchName, osProtected, pairedAt: at })
          for (const block of [...pairing.blocks, ...pairing.workOrderBlocks]) ctx.numbers.addLeased(block, at)
          ctx.audit.append({ at, actor: ctx.session.actor('settings'), action: 'sync.paired', entity: 'sync', entityId: pairing.deviceId, after: { serverUrl, benchName: pairing.benchName, role: pairing.role } })
        }).immediate()
        // The name the lab knows this bench by is the one it shows everywhere (side bar, exports).
        ctx.settings.update({ syncServerUrl: serverUrl, benchName: pairing.benchName.slice(0, 60) })
        // The bench's first setup: the PIN given at the first pairing becomes its admin PIN.
        if (admin === 'first') ctx.settings.setAdminPin(adminPin, undefined)
        runner.reset()
        runner.request('paired')
        return announce()
      },
      'sync.setServerUrl': ({ serverUrl, adminPin }) => {
        requireAllowedUrl(serverUrl)
        const admin = ctx.settings.checkAdminPin(adminPin)
        const before = ctx.settings.get().syncServerUrl
        ctx.settings.update({ syncServerUrl: serverUrl })
        if (admin === 'first') ctx.settings.setAdminPin(adminPin, undefined)
        const at = now()
        ctx.audit.append({ at, actor: ctx.session.actor('settings'), action: 'sync.server_url_changed', entity: 'sync', entityId: state.device()?.deviceId ?? 'unpaired', before: { serverUrl: before }, after: { serverUrl } })
        if (state.device()) runner.request('server_url_changed')
        return announce()
      },
      'sync.unpair': () => {
        const device = state.device()
        if (!device) return status()
        if (runner.running()) throw new HandledError('sync_running', 'a sync round is running; try again in a moment')
        const at = now()
        db.transaction(() => {
          ctx.numbers.closeServerBlocks()
          rows.clear()
          state.unpair()
          ctx.audit.append({ at, actor: ctx.session.actor('settings'), action: 'sync.unpaired', entity: 'sync', entityId: device.deviceId })
        })()
        secrets.clear()
        runner.reset()
        return announce()
      },
      'sync.rotateSecret': async ({ adminPin }) => {
        if (ctx.settings.checkAdminPin(adminPin) === 'first') throw new HandledError('wrong_admin_pin', 'no admin PIN is set on this bench')
        return rotation.rotate(ctx.session.actor('settings'))
      },
      'sync.now': ({ wait }) => afterRound(wait, 'manual'),
      'sync.replace': ({ wait }) => {
        if (state.device()) state.requestSnapshot()
        return afterRound(wait, 'replace')
      },
      'sync.conflicts': ({ includeResolved }) => ({ conflicts: conflicts.list(includeResolved) }),
      'sync.resolveConflict': ({ id }): SyncConflictView => {
        const at = now()
        db.transaction(() => {
          if (conflicts.resolve(id, at)) ctx.audit.append({ at, actor: ctx.session.actor(), action: 'sync.conflict_reviewed', entity: 'sync_conflict', entityId: id })
        })()
        const conflict = conflicts.get(id)
        if (!conflict) throw new HandledError('not_found', `conflict ${id} not found`)
        announce()
        return conflict
      }
    },
    start() {
      runner.start()
    },
    close: () => runner.close()
  }
}
