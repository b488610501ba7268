import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { listenHarness } from './server'
import { createRotatingLog } from '../main/platform/logging/rotating-log'
import { createNodeWorkerSpawner } from '../main/platform/worker-pool/node-worker'
import type { ShellPorts } from '../main/platform/shell-ports'
import { clockStartingAt, parseClockStart } from '../shared/bench-clock'
import { DATABASE_FILE, DataFolderError, dataFolderMessage, languageForLocale, openDataFolder, type DataFolder } from '../main/platform/data-folder'

/**
 * `npm run web`: the whole app in a browser, for machines without the Electron binary.
 * Prints the URL to open; with --json, one JSON line (what the end-to-end tests read).
 * A new data folder starts empty (a real install: first-run setup); `--demo` fills it with demo
 * data instead (DEMO_PROTOCOLS protocols, or `--demo-protocols N`).
 * `--clock-start 2026-06-11T10:00:00` starts the bench's clock at that instant (local time unless
 * an offset is given); it then runs at the real pace.
 * The URL is printed as soon as the server listens; the bench (its modules, the database check
 * and opening) is loaded after, while the browser opens the page: calls wait for it. Only what
 * that first step needs is imported statically here.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env['BENCH_DATA_DIR'] ?? '.data/web' },
    port: { type: 'string', default: process.env['PORT'] ?? '5180' },
    demo: { type: 'boolean', default: false },
    'demo-protocols': { type: 'string' },
    'clock-start': { type: 'string', default: process.env['BENCH_CLOCK_START'] },
    // A built harness (the bench's) runs the built worker entry instead of src/workers/entry.ts.
    'worker-entry': { type: 'string' },
    json: { type: 'boolean', default: false }
  }
})

const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
const clockStart = values['clock-start']
const dataDir = resolve(values['data-dir'])

// Before anything writes there: a folder that cannot be written, or that another bench holds, is said plainly.
let folder: DataFolder
try {
  folder = openDataFolder(dataDir, { program: 'browser harness', databaseFile: DATABASE_FILE })
} catch (error) {
  if (!(error instanceof DataFolderError)) throw error
  console.error(dataFolderMessage(error, languageForLocale(process.env['LC_ALL'] || process.env['LANG'])))
  process.exit(1)
}

const workerEntry = values['worker-entry']
// The same rotating log file as the Electron app, next to the harness's data (still echoed to the console).
const logFiles = createRotatingLog({ dir: join(dataDir, 'logs'), echo: true })
const ports: ShellPorts = { logFiles }
const clock = clockStart === undefined ? undefined : clockStartingAt(parseClockStart(clockStart))
const harness = await listenHarness({
  port: Number(values.port),
  log: logFiles.log,
  async openHost() {
    const [{ createBenchHost }, { DEMO_PROTOCOLS }] = await Promise.all([import('../main/host'), import('../shared/setup')])
    const demo = values['demo-protocols'] ?? (values.demo ? String(DEMO_PROTOCOLS) : undefined)
    return createBenchHost({
      dataDir,
      appVersion: pkg.version,
      shell: 'browser-harness',
      log: logFiles.log,
      ports,
      ...(demo === undefined ? {} : { demoProtocols: Number(demo) }),
      ...(clock === undefined ? {} : { clock }),
      ...(workerEntry === undefined ? {} : { spawnWorker: createNodeWorkerSpawner({ entry: resolve(workerEntry), log: logFiles.log }) })
    })
  }
})
// A bench that cannot open leaves nothing to serve: said plainly, the folder given up.
harness.host.catch((error: unknown) => {
  logFiles.log('error', 'the bench could not be opened', error)
  void harness.close().finally(() => {
    logFiles.close()
    folder.release()
    process.exit(1)
  })
})

const stop = () =>
  void harness.close().finally(() => {
    logFiles.close()
    folder.release()
    process.exit(0)
  })
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

// Printed last: whoever reads this line may stop the harness at once, and the data folder is given up cleanly.
if (values.json) console.log(JSON.stringify({ url: harness.url, pid: process.pid }))
else console.log(`Reception Bench (browser harness) is running.\n\n  Open: ${harness.url}\n\nData folder: ${dataDir}\nPress Ctrl+C to stop.`)

