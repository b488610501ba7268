import type { AppInfo } from '../shared/app'
import { createDiskSpace, type StatFs } from './platform/disk-space'
import type { EventPayload } from '../shared/contract'
import type { Db } from './platform/db/database'
import type { Dispatch } from './platform/dispatch'
import type { HostEventListener, HostModule, LogFn } from './platform/module'
import { openPlatform } from './platform/platform'
import { startModules } from './platform/host-runtime'
import type { JobKinds } from './platform/queue/job-kinds'
import type { QueueRunner } from './platform/queue/queue-runner'
import type { ShellPorts } from './platform/shell-ports'
import type { SpawnWorker } from './platform/worker-pool/worker-pool'
import type { SlowOperations } from './platform/logging/slow-operations'
import { prepareFirstStart } from './features/demo/first-start'
import { createDemoData } from './features/demo/demo-data'
import { createDemoModule } from './features/demo/demo-module'
import { createProtocolsRepository } from './features/protocols/protocols-repository'
import { createProtocolsModule } from './features/protocols/protocols-module'
import { createVeterinariansRepository } from './features/veterinarians/veterinarians-repository'
import { createVeterinariansModule } from './features/veterinarians/veterinarians-module'
import { createNumberBlocksRepository } from './features/numbering/number-blocks-repository'
import { createServicesRepository } from './features/work-orders/services-repository'
import { createSettingsModule } from './features/settings/settings-module'
import type { SettingsStore } from './features/settings/settings-service'
import { createSessionModule } from './features/session/session-module'
import { createNotificationsModule } from './features/notifications/notifications-module'
import { createPrintingModule } from './features/printing/printing-module'
import type { DriverDeps } from './features/printing/driver'
import type { FollowTiming } from './features/printing/label-job'
import { createReceptionModule } from './features/reception/reception-module'
import { createJobsModule } from './features/jobs/jobs-module'
import { createWorkOrdersModule } from './features/work-orders/work-orders-module'
import { createReportsModule } from './features/reports/reports-module'
import { createSyncModule } from './features/sync/sync-module'
import { createBulkModule } from './features/bulk/bulk-module'
import { workOrderAssigners } from './features/bulk/work-orders-bulk'
import { createExportsModule } from './features/exports/exports-module'
import { workOrdersExportSource } from './features/exports/work-orders-source'
import { statisticsExportSource } from './features/statistics/statistics-export'
import { createStatisticsModule } from './features/statistics/statistics-module'
import { createDiagnosticsModule } from './features/diagnostics/diagnostics-module'
import { createBackupsModule } from './features/backups/backups-module'
import { createBackupsService } from './features/backups/backups-service'
import { createRecoveryBench } from './features/backups/recovery-module'
import { recordCleanClose } from './features/backups/clean-close-record'
import { inspectAtStart } from './features/backups/start-check'
import { join } from 'node:path'
import { DATABASE_FILE } from './platform/platform'
import { createReopenableHost, type HostGeneration, type Reopen } from './platform/reopenable-host'
import { createHealthModule } from './features/health/health-module'
import { createAuditModule } from './features/audit/audit-module'
import { auditExportSource } from './features/audit/audit-export'

export { DATABASE_FILE } from './platform/platform'
export type { HostEventListener } from './platform/module'

export interface BenchHostOptions {
  /** The bench's data folder: the database and everything else the app writes lives here. */
  dataDir: string
  shell: AppInfo['shell']
  appVersion: string
  /**
   * Seed demo data into a brand-new database and start in demo mode (`npm run web -- --demo`,
   * tests, benchmarks). Default 0: a real install starts empty and opens the first-run setup.
   */
  demoProtocols?: number
  clock?: () => Date
  /** How worker processes start: utilityProcess in Electron, child_process under Node (default). */
  spawnWorker?: SpawnWorker
  workerCount?: number
  /** Extra job kinds (tests); the app's own kinds are always registered. */
  extraJobKinds?: JobKinds
  /** What only the Electron shell can provide to printing (silent PDF printing); tests shorten timeouts. */
  printing?: Pick<DriverDeps, 'createPdfDriver' | 'timeouts' | 'powershell'>
  /** How a sent label is followed until it is out (tests shorten the waits). */
  labelFollow?: Partial<FollowTiming>
  log?: LogFn
  /** Where settings live; the database unless the shell brings its own (electron-store). */
  settingsStore?: SettingsStore
  /** Dialogs, keychain and printing that only the shell can offer. */
  ports?: ShellPorts
  /** Time requests and SQL statements (default on); off only to measure what timing costs. */
  timeOperations?: boolean
  /** Where slow operations go (default: kept for Diagnostics and logged); the bench counts them. */
  slowOperations?: SlowOperations
  /** How free space is asked (fs.statfs); tests stand for a nearly full disk with their own. */
  statfs?: StatFs
}

export interface BenchHost {
  readonly dispatch: Dispatch
  readonly db: Db
  readonly queue: QueueRunner
  /** Requests of the contract no part of the bench answers (must be empty; the contract test checks). */
  readonly unanswered: readonly string[]
  subscribe(listener: HostEventListener): () => void
  close(): Promise<void>
}

/**
 * The composition root of the bench, free of Electron: the Electron entry and the browser
 * harness both build one of these and only differ in how calls and events reach the renderer.
 * It stays the same object while the bench behind it reopens (a restored snapshot, damage found).
 */
export function createBenchHost(options: BenchHostOptions): BenchHost {
  const host = createReopenableHost(
    (reopen) => openBench(options, reopen),
    // After a restore or new damage, the page learns the bench's state without asking.
    async (generation, emit) => {
      const status = await generation.dispatch('backups.status', {})
      if (status.ok) emit('backups.changed', status.value as EventPayload<'backups.changed'>)
    }
  )
  const opened = <T>(what: string, part: (generation: HostGeneration) => T | null): T => {
    const value = part(host.current())
    if (value === null) throw new Error(`no ${what}: the database is damaged and was not opened`)
    return value
  }
  return {
    dispatch: host.dispatch,
    get db() {
      return opened('database', (generation) => generation.db)
    },
    get queue() {
      return opened('queue', (generation) => generation.queue)
    },
    get unanswered() {
      return host.current().unanswered
    },
    subscribe: host.subscribe,
    close: host.close
  }
}

/**
 * Opens the bench once: the database file is checked first (or its recorded damage read); a
 * damaged one gets the blocked bench, which never opens it. Wiring only: each feature is built
 * from what it declares it needs, then the platform runs them.
 */
function openBench(options: BenchHostOptions, reopen: Reopen): HostGeneration {
  const log = options.log ?? ((level, message, detail) => console[level](`[bench] ${message}`, detail ?? ''))
  const databaseFile = join(options.dataDir, DATABASE_FILE)
  const backups = createBackupsService({ dataDir: options.dataDir, databaseFile, clock: options.clock ?? (() => new Date()), log, disk: createDiskSpace(options.statfs) })
  const inspection = inspectAtStart(options.dataDir, backups, options.clock ?? (() => new Date()))
  if (inspection.damage) {
    const recovery = createRecoveryBench({ backups, damage: inspection.damage, databaseFile, lifecycle: { reopen }, log })
    return { dispatch: recovery.dispatch, db: null, queue: null, unanswered: [], subscribe: recovery.subscribe, close: async () => {} }
  }
  if (inspection.untouched) log('info', 'database file untouched since the last clean close: start check not needed')
  const platform = openPlatform(options)
  const protocols = createProtocolsRepository(platform.db)
  const veterinarians = createVeterinariansRepository(platform.db)
  const numbers = createNumberBlocksRepository(platform.db)
  const services = createServicesRepository(platform.db)
  let paired = (): boolean => false
  // The session is built from the settings, and settings changes are signed by its clerk on duty.
  let actorOnDuty = (): string => 'bench'
  const settingsModule = createSettingsModule({
    ...platform,
    actor: () => actorOnDuty(),
    store: options.settingsStore,
    protocolCount: () => protocols.count(),
    demoData: () => demo.present()
  })
  const { settings, language } = settingsModule
  const demo = createDemoData({ ...platform, settings, numbers, paired: () => paired(), protocolCount: () => protocols.count() })
  const sessionModule = createSessionModule({ ...platform, settings, language })
  actorOnDuty = () => sessionModule.session.actor()
  const core = { ...platform, protocols, veterinarians, numbers, services, settings, language, session: sessionModule.session, demo }
  const notifications = createNotificationsModule(core)
  const printing = createPrintingModule({ ...core, printing: options.printing, labelFollow: options.labelFollow })
  const reception = createReceptionModule({
    ...core,
    notifications: notifications.service,
    labels: printing.labels,
    checkAdminPin: (pin) => settings.checkAdminPin(pin),
    setAdminPin: (pin) => void settings.setAdminPin(pin, undefined)
  })
  const workOrders = createWorkOrdersModule({ ...core, notifications: notifications.service })
  const reports = createReportsModule({ ...core, notifications: notifications.service })
  const sync = createSyncModule(
    { ...core, notifications: notifications.service },
    {
      appliers: { work_order: workOrders.sync.applier, report: reports.sync.applier },
      documents: [workOrders.sync.pdfs, reports.sync.pdfs]
    }
  )
  paired = sync.paired
  const modules: HostModule[] = [
    settingsModule,
    sessionModule,
    createProtocolsModule(core),
    createVeterinariansModule(core),
    notifications,
    printing,
    reception,
    createJobsModule(core),
    workOrders,
    reports,
    sync,
    createBulkModule({ ...core, reception: reception.service, labels: printing.labels }, workOrderAssigners(core, workOrders.service)),
    createExportsModule(core, { sources: [workOrdersExportSource(core.db), statisticsExportSource(core), auditExportSource(core.audit)] }),
    createStatisticsModule(core),
    createDiagnosticsModule(core),
    createDemoModule({ ...core, demo }),
    createBackupsModule({ ...core, backups, lifecycle: { reopen } }),
    createHealthModule({
      ...core,
      printer: () => printing.printerHealth(),
      sync: () => sync.healthFacts(),
      diskWarningBytes: () => settings.get().diskWarningMb * 1024 * 1024,
      startCheckPassedAt: inspection.passedAt
    }),
    createAuditModule(core)
  ]
  prepareFirstStart(core, demo, options.demoProtocols ?? 0)
  const running = startModules(platform, modules, options.extraJobKinds)
  return {
    dispatch: running.dispatch,
    db: platform.db,
    queue: platform.queue,
    unanswered: running.unanswered,
    subscribe: platform.subscribe,
    async close() {
      await running.close()
      // Only after the database closed without error does the bench vouch for the file.
      recordCleanClose(options.dataDir, databaseFile)
    }
  }
}
