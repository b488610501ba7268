import { join } from 'node:path'
import { REQUEST_NAMES, type AppInfo } from '../shared/contract'
import { openDatabase, latestVersion, type Db } from './platform/db/database'
import { createProtocolsRepository } from './features/protocols/protocols-repository'
import { createVeterinariansRepository } from './features/veterinarians/veterinarians-repository'
import { createAuditRepository } from './platform/journal/audit-repository'
import { createMetaRepository } from './platform/db/meta-repository'
import { seedDemoData } from './features/demo/demo-seed'
import { createDispatcher, HandledError, type Dispatch, type Handlers } from './platform/dispatch'
import { createPreferencesService } from './features/settings/preferences-service'
import { createSettingsService, hashPin, metaSettingsStore, toPublicSettings, verifyPin, type SettingsStore } from './features/settings/settings-service'
import { createReceptionService } from './features/reception/reception-service'
import { createOutboxRepository } from './platform/journal/outbox-repository'
import { createNumberBlocksRepository } from './features/numbering/number-blocks-repository'
import { newId } from '../shared/ids'
import type { Protocol } from '../shared/domain'
import { createJobsRepository } from './platform/queue/jobs-repository'
import { createWorkerPool, type SpawnWorker } from './platform/worker-pool/worker-pool'
import { createNodeWorkerSpawner } from './platform/worker-pool/node-worker'
import { builtinJobKinds, type JobKinds } from './platform/queue/job-kinds'
import { createQueueRunner, toJobView, type QueueRunner } from './platform/queue/queue-runner'
import { builtinSchedules, createScheduler } from './platform/queue/scheduler'
import { buildLabelBytes, labelJobKind, LABEL_PRINT } from './features/printing/label-job'
import { queueReceiveLabel, reprintLabel } from './features/printing/label-queueing'
import { createLabelsRepository } from './features/printing/labels-repository'
import { createDriver, type DriverDeps, type PrinterDriver } from './features/printing/driver'
import { discoverCupsQueues } from './features/printing/drivers/cups-raw'
import { labelContentHash, labelContentOf } from './features/printing/label-content'
import type { PrinterConfig } from '../shared/printer-config'
import { DEFAULT_LABEL_SETTINGS } from '../shared/label-settings'
import { createServicesRepository } from './features/work-orders/services-repository'
import { createNotificationsRepository } from './features/notifications/notifications-repository'
import { createNotificationsService } from './features/notifications/notifications-service'
import type { HostContext } from './host-context'
import type { HostEventListener, HostModule, LogFn } from './platform/module'
import type { ShellPorts } from './platform/shell-ports'
import { createNotificationsModule } from './features/notifications/notifications-module'
import { createWorkOrdersModule } from './features/work-orders/work-orders-module'
import { createReportsModule } from './features/reports/reports-module'
import { createSyncModule } from './features/sync/sync-module'
import { createBulkModule } from './features/bulk/bulk-module'
import { workOrderAssigners } from './features/bulk/work-orders-bulk'
import { createExportsModule } from './features/exports/exports-module'
import { workOrdersExportSource } from './features/exports/work-orders-source'
import { statisticsExportSourceOf } from './features/exports/statistics-source'
import { createStatisticsModule } from './features/statistics/statistics-module'
import { createDiagnosticsModule } from './features/diagnostics/diagnostics-module'

export interface BenchHostOptions {
  /** The bench's data folder: the database and everything else the app writes lives here. */
  dataDir: string
  shell: AppInfo['shell']
  appVersion: string
  /** Seed demo data into a brand-new database (the default for a first run). */
  demoProtocols?: number
  clock?: () => Date
  /** How worker processes start: utilityProcess in Electron, child_process under Node (default). */
  spawnWorker?: SpawnWorker
  workerCount?: number
  /** Extra job kinds (tests); the app's own kinds are always registered. */
  extraJobKinds?: JobKinds
  /** What only the Electron shell can provide to printing (silent PDF printing). */
  printing?: Pick<DriverDeps, 'createPdfDriver'>
  log?: LogFn
  /** Where settings live; the database unless the shell brings its own (electron-store). */
  settingsStore?: SettingsStore
  /** Dialogs, keychain and printing that only the shell can offer. */
  ports?: ShellPorts
}

export type { HostEventListener } from './platform/module'

export interface BenchHost {
  readonly dispatch: Dispatch
  readonly db: Db
  readonly queue: QueueRunner
  /** Requests of the contract no part of the bench answers (must be empty; the contract test checks). */
  readonly unanswered: readonly string[]
  subscribe(listener: HostEventListener): () => void
  close(): Promise<void>
}

export const DATABASE_FILE = 'reception-bench.sqlite'

/**
 * The composition root of the bench, free of Electron: the Electron entry and the browser
 * harness both build one of these and only differ in how calls and events reach the renderer.
 */
export function createBenchHost(options: BenchHostOptions): BenchHost {
  const clock = options.clock ?? (() => new Date())
  const log = options.log ?? ((level, message, detail) => console[level](`[bench] ${message}`, detail ?? ''))
  const db = openDatabase(join(options.dataDir, DATABASE_FILE))
  const listeners = new Set<HostEventListener>()
  const emit: HostEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload)
  }

  const meta = createMetaRepository(db)
  const protocols = createProtocolsRepository(db)
  const veterinarians = createVeterinariansRepository(db)
  const audit = createAuditRepository(db)
  const preferences = createPreferencesService(meta, (next) => emit('preferences.changed', next))
  const outbox = createOutboxRepository(db)
  const numbers = createNumberBlocksRepository(db)
  const settings = createSettingsService(options.settingsStore ?? metaSettingsStore(meta), (next) =>
    emit('settings.changed', toPublicSettings(next))
  )
  const services = createServicesRepository(db)
  const notifications = createNotificationsService({
    db,
    notifications: createNotificationsRepository(db),
    outbox,
    veterinarians,
    settings,
    language: () => preferences.get().language
  })
  let clerkOnDuty: string | null = null
  const session = () => ({ clerk: clerkOnDuty, clerks: settings.publicClerks() })
  const setClerk = (name: string | null) => {
    clerkOnDuty = name
    emit('session.changed', session())
    return session()
  }
  // Bound once the queue exists (below); receive calls it inside its own transaction.
  let queueLabel: (protocol: Protocol) => number | null = () => null
  let queueRelabel: (before: Protocol, after: Protocol) => number | null = () => null
  const reception = createReceptionService({
    db,
    protocols,
    veterinarians,
    audit,
    outbox,
    numbers,
    settings,
    clock,
    clerk: () => clerkOnDuty,
    notifications,
    queueLabel: (protocol) => queueLabel(protocol),
    queueRelabel: (before, after) => queueRelabel(before, after),
    onChanged: (ids) => emit('protocols.changed', { ids })
  })

  if (meta.get('created_at') === null) {
    meta.set('created_at', clock().toISOString())
    const demoProtocols = options.demoProtocols ?? 400
    if (demoProtocols > 0) {
      seedDemoData(db, { protocols: demoProtocols, now: clock() })
      meta.set('demo_data', 'true')
      // A demo bench can receive at once: two clerks and a local numbering range well below the demo numbers.
      settings.update({ clerks: [{ name: 'Ana (demo)' }, { name: 'Luis (demo)' }] })
      for (const type of ['HP', 'CT'] as const) {
        numbers.add({ type, year: clock().getFullYear(), rangeStart: 1, rangeEnd: 899, source: 'local' }, clock().toISOString())
      }
      log('info', `seeded ${demoProtocols} demo protocols`)
    }
  }

  const jobs = createJobsRepository(db)
  const pool = createWorkerPool({
    spawn: options.spawnWorker ?? createNodeWorkerSpawner({ log: (level, message) => log(level, message) }),
    size: options.workerCount ?? 2,
    log: (level, message) => log(level, message)
  })
  const labels = createLabelsRepository(db)
  const drivers = new Map<string, PrinterDriver>()
  // One driver per distinct configuration: a changed printer setup gets a fresh driver.
  const driverFor = (config: PrinterConfig): PrinterDriver => {
    const key = JSON.stringify(config)
    let driver = drivers.get(key)
    if (!driver) {
      driver = createDriver(config, { ...options.printing })
      drivers.set(key, driver)
    }
    return driver
  }
  let queueRef: QueueRunner | null = null
  const ctx: HostContext = {
    dataDir: options.dataDir,
    shell: options.shell,
    appVersion: options.appVersion,
    db,
    clock,
    log,
    emit,
    meta,
    settings,
    protocols,
    veterinarians,
    services,
    audit,
    outbox,
    numbers,
    labels,
    notifications,
    pool,
    queue: () => {
      if (!queueRef) throw new Error('the queue is not running yet')
      return queueRef
    },
    ports: options.ports ?? {},
    language: () => preferences.get().language,
    clerk: () => clerkOnDuty,
    actor: (fallback = 'bench') => clerkOnDuty ?? fallback
  }
  const workOrders = createWorkOrdersModule(ctx)
  const modules: HostModule[] = [
    createNotificationsModule(ctx),
    workOrders,
    createReportsModule(ctx),
    createSyncModule(ctx),
    createBulkModule(ctx, workOrderAssigners(ctx, workOrders.service)),
    createExportsModule(ctx, { sources: [workOrdersExportSource(ctx.db), statisticsExportSourceOf(ctx)] }),
    createStatisticsModule(ctx),
    createDiagnosticsModule(ctx)
  ]
  const kinds: JobKinds = {
    ...builtinJobKinds({ jobs, now: () => clock().getTime() }),
    ...mergeOnce(modules.map((module) => [module.name, module.jobKinds ?? {}]), 'job kind'),
    [LABEL_PRINT]: labelJobKind({
      protocol: (id) => protocols.get(id),
      printer: () => settings.get().printer,
      publicBaseUrl: () => settings.get().publicBaseUrl,
      driverFor,
      labels,
      clock
    }),
    ...options.extraJobKinds
  }
  const queue = createQueueRunner({ db, kinds, workers: pool, jobs, log: (level, message) => log(level, message) })
  queueRef = queue
  queue.subscribe((events) => {
    const updated = []
    const progress = []
    for (const event of events) {
      if (event.type === 'job.updated') updated.push(event.job)
      else progress.push({ id: event.id, kind: event.kind, progress: event.progress })
    }
    emit('jobs.changed', { updated, progress })
  })
  queueLabel = (protocol) => queueReceiveLabel(ctx, protocol.id)
  queueRelabel = (before, after) => {
    const printer = settings.get().printer
    if (!printer) return null
    const baseUrl = settings.get().publicBaseUrl
    const hash = labelContentHash(labelContentOf(after, baseUrl), printer)
    if (hash === labelContentHash(labelContentOf(before, baseUrl), printer)) return null
    // The key names the new content: saving the same correction twice prints it once.
    return queue.enqueue(LABEL_PRINT, { protocolId: after.id }, { uniqueKey: `label-edit:${after.id}:${hash}` }).job.id
  }
  const scheduler = createScheduler({
    db,
    jobs,
    queue,
    schedules: [...builtinSchedules(), ...modules.flatMap((module) => module.schedules ?? [])],
    log: (level, message) => log(level, message)
  })
  const recovered = queue.start()
  if (recovered.requeued > 0) log('info', `re-queued ${recovered.requeued} jobs left running by a previous run`)
  scheduler.start()
  for (const module of modules) module.start?.()
  const jobView = (id: number) => {
    const job = queue.get(id)
    if (!job) throw new HandledError('not_found', `job ${id} not found`)
    return toJobView(job)
  }

  const coreHandlers: Partial<Handlers> = {
    'app.info': () => ({
      version: options.appVersion,
      benchName: settings.get().benchName,
      dataDir: options.dataDir,
      schemaVersion: latestVersion(),
      protocolCount: protocols.count(),
      demoData: meta.get('demo_data') === 'true',
      shell: options.shell
    }),
    'preferences.get': () => preferences.get(),
    'preferences.update': (patch) => preferences.update(patch),
    'protocols.search': (query) => {
      const started = performance.now()
      const page = protocols.search(query)
      return { ...page, tookMs: performance.now() - started }
    },
    'protocols.get': ({ id }) => {
      const protocol = protocols.get(id)
      if (!protocol) throw new HandledError('not_found', `protocol ${id} not found`)
      return { protocol, history: protocols.history(id), audit: audit.listFor('protocol', id) }
    },
    'veterinarians.list': () => veterinarians.list(),
    'veterinarians.create': (input) => {
      const vet = { ...input, id: newId(), demo: false }
      const at = clock().toISOString()
      db.transaction(() => {
        veterinarians.insert(vet, at)
        audit.append({ at, actor: clerkOnDuty ?? 'bench', action: 'veterinarian.created', entity: 'veterinarian', entityId: vet.id, after: vet })
        outbox.append({ entity: 'veterinarian', entityId: vet.id, op: 'upsert', payload: vet, at })
      })()
      return vet
    },
    'settings.get': () => toPublicSettings(settings.get()),
    'settings.update': (patch) => toPublicSettings(settings.update(patch)),
    'clerks.save': ({ name, pin }) => {
      const others = settings.get().clerks.filter((clerk) => clerk.name !== name)
      settings.update({ clerks: [...others, { name, ...(pin ? { pinHash: hashPin(pin) } : {}) }] })
      return session()
    },
    'clerks.remove': ({ name }) => {
      settings.update({ clerks: settings.get().clerks.filter((clerk) => clerk.name !== name) })
      if (clerkOnDuty === name) return setClerk(null)
      return session()
    },
    'session.get': () => session(),
    'session.setClerk': ({ name, pin }) => {
      const known = settings.get().clerks.find((clerk) => clerk.name === name)
      if (!known) throw new HandledError('not_found', `clerk ${name} is not on this bench's list`)
      if (known.pinHash && !(pin && verifyPin(pin, known.pinHash))) throw new HandledError('wrong_pin', 'wrong PIN')
      return setClerk(name)
    },
    'reception.lookup': ({ text }) => reception.lookup(text),
    'reception.receive': (input) => reception.receive(input),
    'reception.edit': (input) => reception.edit(input),
    'reception.today': () => reception.today(),
    'reception.duplicates': (input) => reception.possibleDuplicates(input),
    'numbers.status': () => reception.numberStatus(),
    'numbers.addLocalRange': (range) => {
      reception.addLocalRange(range)
      return reception.numberStatus()
    },
    'labels.reprint': ({ protocolId }) => reprintLabel(ctx, protocolId, ctx.actor()),
    'labels.preview': async ({ protocolId }) => {
      const protocol = protocols.get(protocolId)
      if (!protocol?.number) throw new HandledError('not_found', 'no label for this protocol')
      const label = settings.get().printer?.label ?? DEFAULT_LABEL_SETTINGS
      const pdf = (await pool.run('label.pdf', { content: labelContentOf(protocol, settings.get().publicBaseUrl), settings: label })) as Uint8Array
      return { pdfBase64: Buffer.from(pdf).toString('base64') }
    },
    'printers.status': async () => {
      const printer = settings.get().printer
      if (!printer) throw new HandledError('no_printer', 'no label printer is configured')
      return driverFor(printer).status()
    },
    'printers.testPrint': async ({ printer: given }) => {
      const printer = given ?? settings.get().printer
      if (!printer) throw new HandledError('no_printer', 'no label printer is configured')
      const content = { type: 'HP' as const, number: 'HP 00/0000', animalName: 'Prueba Ñandú', species: 'Test', publicUrl: `${settings.get().publicBaseUrl}/test` }
      const bytes = await buildLabelBytes(content, printer, pool)
      try {
        await driverFor(printer).send(bytes, { signal: AbortSignal.timeout(15_000) })
      } catch (error) {
        throw new HandledError('unavailable', `test label not printed: ${error instanceof Error ? error.message : String(error)}`)
      }
      audit.append({ at: clock().toISOString(), actor: clerkOnDuty ?? 'settings', action: 'printer.test_print', entity: 'printer', entityId: printer.id })
      return { bytes: bytes.length, language: printer.language }
    },
    'printers.discover': async () => ({ cupsQueues: (await discoverCupsQueues().catch(() => [])).map((entry) => entry.queue) }),
    'jobs.stats': () => queue.stats(),
    'jobs.get': ({ id }) => jobView(id),
    'jobs.retry': ({ id }) => queue.retry(id) ?? jobView(id),
    'jobs.cancel': ({ id }) => queue.cancel(id) ?? jobView(id),
    'jobs.purgeFinished': () => ({ purged: queue.purgeFinished(0) })
  }

  const handlers = mergeOnce([['core', coreHandlers], ...modules.map((module): [string, Partial<Handlers>] => [module.name, module.handlers])], 'request')
  const unanswered = REQUEST_NAMES.filter((name) => !Object.hasOwn(handlers, name))
  // A channel without a handler answers 'unavailable' rather than stopping the bench; the
  // contract test fails on any (see `unanswered`).
  for (const name of unanswered) {
    log('error', `no handler for ${name}`)
    ;(handlers as Record<string, unknown>)[name] = () => {
      throw new HandledError('unavailable', `${name} is not available in this build`)
    }
  }
  const dispatch = createDispatcher(handlers as Handlers, (name, error) => log('error', `request ${name} failed`, error))

  return {
    dispatch,
    db,
    unanswered,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    queue,
    async close() {
      scheduler.stop()
      for (const module of modules) await module.close?.()
      await queue.stop({ timeoutMs: 5000 })
      await pool.stop()
      listeners.clear()
      if (db.open) {
        db.pragma('wal_checkpoint(TRUNCATE)')
        db.close()
      }
    }
  }
}

/** Merges what the parts of the bench bring, refusing a name two parts both claim. */
function mergeOnce<T extends object>(parts: [owner: string, part: T][], what: string): T {
  const merged: Record<string, unknown> = {}
  const owners = new Map<string, string>()
  for (const [owner, part] of parts) {
    for (const [name, value] of Object.entries(part)) {
      const previous = owners.get(name)
      if (previous) throw new Error(`${what} ${name} is claimed by both ${previous} and ${owner}`)
      owners.set(name, owner)
      merged[name] = value
    }
  }
  return merged as T
}
