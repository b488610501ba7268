import { join } from 'node:path'
import type { AppInfo, EventName, EventPayload } from '../shared/contract'
import { openDatabase, latestVersion, type Db } from './store/database'
import { createProtocolsRepository } from './store/protocols-repository'
import { createVeterinariansRepository } from './store/veterinarians-repository'
import { createAuditRepository } from './store/audit-repository'
import { createMetaRepository } from './store/meta-repository'
import { seedDemoData } from './store/demo-seed'
import { createDispatcher, HandledError, type Dispatch, type Handlers } from './dispatch'
import { createPreferencesService } from './services/preferences-service'

export interface BenchHostOptions {
  /** The bench's data folder: the database and everything else the app writes lives here. */
  dataDir: string
  shell: AppInfo['shell']
  appVersion: string
  /** Seed demo data into a brand-new database (the default for a first run). */
  demoProtocols?: number
  clock?: () => Date
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void
}

export type HostEventListener = <K extends EventName>(event: K, payload: EventPayload<K>) => void

export interface BenchHost {
  readonly dispatch: Dispatch
  readonly db: Db
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

  if (meta.get('created_at') === null) {
    meta.set('created_at', clock().toISOString())
    const demoProtocols = options.demoProtocols ?? 400
    if (demoProtocols > 0) {
      seedDemoData(db, { protocols: demoProtocols, now: clock() })
      meta.set('demo_data', 'true')
      log('info', `seeded ${demoProtocols} demo protocols`)
    }
  }

  const handlers: Handlers = {
    'app.info': () => ({
      version: options.appVersion,
      benchName: meta.get('bench_name') ?? 'Recepción 1',
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
    'veterinarians.list': () => veterinarians.list()
  }

  const dispatch = createDispatcher(handlers, (name, error) => log('error', `request ${name} failed`, error))

  return {
    dispatch,
    db,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      listeners.clear()
      if (db.open) {
        db.pragma('wal_checkpoint(TRUNCATE)')
        db.close()
      }
    }
  }
}
