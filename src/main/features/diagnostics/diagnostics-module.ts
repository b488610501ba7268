/**
 * Diagnostics: what support needs to see what happened on a bench. Owns the `diagnostics.*`
 * requests (where the logs are, the last slow requests and statements, the diagnostics ZIP,
 * showing it in the file manager) and answers
 * the `updates.*` requests with the update controller the shell gives (or an unsupported one).
 * The archive holds no patient data unless the user explicitly asks for it
 * (`includePatientData`), which adds a database copy.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync, statSync } from 'node:fs'
import { arch, platform, release, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { DiagnosticsInfo, SlowOperationsView, UpdateStatus } from '../../../shared/diagnostics'
import { HandledError } from '../../platform/dispatch'
import type { HostModule, Platform } from '../../platform/module'
import { toPublicSettings, type SettingsService } from '../settings/settings-service'
import { createUpdateController } from '../updates/update-controller'
import { databaseReport } from './database-report'
import { zipEntries, type ArchiveEntries } from './diagnostics-archive'
import { redactSecrets } from './redact-secrets'

const DATABASE_COPY = 'database/reception-bench.sqlite'

const README = `Reception Bench diagnostics

app.json        versions of the app, runtime and operating system
settings.json   the bench's settings, without PIN hashes, keys or the signature image
jobs.json       job queue statistics (counts, failures with their error text)
slow-operations.json  the last requests and SQL statements over their time limit: name or SQL
                text (literals masked, parameters never kept) and duration
database.json   SQLite integrity_check and quick_check, schema version, row counts per table
updates.json    auto-update state
crash-dumps.json  names and sizes of local crash dumps (the dumps themselves stay on the bench)
logs/           the rotating log files
${DATABASE_COPY}  ONLY when the user chose to include patient data: a consistent copy (VACUUM INTO)
`

export interface DiagnosticsDeps extends Pick<Platform, 'appVersion' | 'clock' | 'dataDir' | 'db' | 'emit' | 'log' | 'ports' | 'queue' | 'shell' | 'slowOperations'> {
  settings: SettingsService
}

export function createDiagnosticsModule(ctx: DiagnosticsDeps): HostModule {
  const shell = ctx.ports
  // The browser harness and tests have no updater: the same state machine, marked unsupported,
  // still answers setBusy so the renderer behaves the same in every shell.
  const updater = shell.updater ?? createUpdateController({ engine: null, currentVersion: ctx.appVersion, feedUrl: () => null })
  let lastExport: string | null = null
  let unsubscribe: (() => void) | null = null

  const logFiles = () => (shell.logFiles?.files() ?? []).filter((file) => existsSync(file))

  const info = (): DiagnosticsInfo => ({
    appVersion: ctx.appVersion,
    shell: ctx.shell,
    platform: platform(),
    osRelease: release(),
    arch: arch(),
    versions: Object.fromEntries(Object.entries(process.versions).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    dataDir: ctx.dataDir,
    logDir: shell.logFiles?.dir ?? null,
    logFiles: logFiles().map((file) => ({ name: basename(file), bytes: statSync(file).size })),
    crashDumpsDir: shell.crashDumpsDir ?? null,
    lastExport
  })

  const crashDumps = async () => {
    if (!shell.crashDumpsDir) return []
    const found: { name: string; bytes: number; at: string }[] = []
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = join(dir, entry.name)
        if (entry.isDirectory()) await walk(full, `${prefix}${entry.name}/`)
        else if (entry.isFile()) {
          const info = await stat(full)
          found.push({ name: `${prefix}${entry.name}`, bytes: info.size, at: info.mtime.toISOString() })
        }
      }
    }
    await walk(shell.crashDumpsDir, '')
    return found
  }

  const databaseCopy = async (): Promise<Uint8Array> => {
    const copy = join(tmpdir(), `reception-bench-copy-${randomUUID()}.sqlite`)
    try {
      // A consistent snapshot taken by SQLite itself, WAL included, without stopping the bench.
      ctx.db.prepare('VACUUM INTO ?').run(copy)
      return await readFile(copy)
    } finally {
      await rm(copy, { force: true })
    }
  }

  const archiveEntries = async (includePatientData: boolean, at: Date): Promise<ArchiveEntries> => {
    const entries: ArchiveEntries = {
      'README.txt': README,
      'app.json': json({ ...info(), exportedAt: at.toISOString(), uptimeSeconds: Math.round(process.uptime()), memory: process.memoryUsage() }),
      'settings.json': json(redactSecrets(toPublicSettings(ctx.settings.get()))),
      'jobs.json': json(ctx.queue.stats()),
      'slow-operations.json': json(slowOperations()),
      'database.json': json(databaseReport(ctx.db)),
      'updates.json': json(updater.status()),
      'crash-dumps.json': json(await crashDumps())
    }
    for (const file of logFiles()) entries[`logs/${basename(file)}`] = await readFile(file, 'utf8')
    if (includePatientData) entries[DATABASE_COPY] = await databaseCopy()
    return entries
  }

  const chooseTarget = async (suggestedName: string): Promise<string> => {
    if (ctx.ports.chooseSavePath) {
      const chosen = await ctx.ports.chooseSavePath(suggestedName, [{ name: 'ZIP', extensions: ['zip'] }])
      if (!chosen) throw new HandledError('cancelled', 'the user cancelled the save dialog')
      return chosen
    }
    const dir = join(ctx.dataDir, 'exports')
    await mkdir(dir, { recursive: true })
    return join(dir, suggestedName)
  }

  const emitStatus = (status: UpdateStatus) => ctx.emit('updates.changed', status)

  const slowOperations = (): SlowOperationsView => ({ limits: { ...ctx.slowOperations.limits }, operations: ctx.slowOperations.recent() })

  return {
    name: 'diagnostics',
    handlers: {
      'diagnostics.info': () => info(),
      'diagnostics.slowOperations': () => slowOperations(),
      'diagnostics.export': async ({ includePatientData }) => {
        const at = ctx.clock()
        const target = await chooseTarget(`reception-bench-diagnostics-${at.toISOString().replace(/[:.]/g, '-')}.zip`)
        const entries = await archiveEntries(includePatientData, at)
        const bytes = await zipEntries(entries)
        await writeFile(target, bytes)
        lastExport = target
        ctx.log('info', `diagnostics exported to ${target}${includePatientData ? ' (with a database copy, at the user\'s request)' : ''}`)
        return { path: target, bytes: bytes.length, includesPatientData: includePatientData, entries: Object.keys(entries).sort() }
      },
      'diagnostics.reveal': ({ what }) => {
        const path = what === 'export' ? lastExport : (logFiles()[0] ?? null)
        if (!path || !ctx.ports.revealFile) return { revealed: false }
        ctx.ports.revealFile(path)
        return { revealed: true }
      },
      'updates.status': () => updater.status(),
      'updates.check': () => updater.checkNow(),
      'updates.setBusy': ({ busy }) => updater.setBusy(busy),
      'updates.restart': () => {
        const outcome = updater.restart()
        if (!outcome.ok) {
          throw new HandledError(outcome.reason === 'busy' ? 'update_busy' : 'no_update_ready', outcome.reason === 'busy' ? 'a reception is in progress: restart after it' : 'no update is ready to install')
        }
        return outcome.status
      },
      'updates.dismiss': () => updater.dismiss()
    },
    start() {
      unsubscribe = updater.subscribe(emitStatus)
      updater.start()
    },
    close() {
      unsubscribe?.()
      updater.stop()
    }
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`
