import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { FromWorkerEnvelope } from '../../../shared/worker-protocol'
import type { SpawnWorker, WorkerHandle } from './worker-pool'
import { workerEnvironment } from './worker-env'

export interface NodeWorkerOptions {
  /** The worker entry; defaults to src/workers/entry.ts next to this source tree. */
  entry?: string
  /** Added to the (sanitised) environment, e.g. BENCH_WORKER_DIAGNOSTICS=1. */
  env?: Readonly<Record<string, string>>
  stdio?: 'inherit' | 'ignore'
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

export function defaultWorkerEntry(): string {
  return fileURLToPath(new URL('../../../workers/entry.ts', import.meta.url))
}

/** A TypeScript entry runs through tsx's loader, resolved from here so the cwd does not matter. */
function execArgvFor(entry: string): string[] {
  if (!entry.endsWith('.ts')) return []
  const tsxLoader = createRequire(import.meta.url).resolve('tsx')
  return ['--import', pathToFileURL(tsxLoader).href]
}

/**
 * Worker processes under plain Node (tests, benchmark, browser harness). 'advanced'
 * serialization is the structured clone Electron uses, so Uint8Array results arrive as
 * Uint8Array and not as JSON objects.
 */
export function createNodeWorkerSpawner(options: NodeWorkerOptions = {}): SpawnWorker {
  const entry = options.entry ?? defaultWorkerEntry()
  const execArgv = execArgvFor(entry)
  const log = options.log ?? (() => {})
  return (name): WorkerHandle => {
    const stdio = options.stdio ?? 'inherit'
    const child = fork(entry, [name], {
      execArgv,
      env: workerEnvironment(process.env, options.env),
      serialization: 'advanced',
      stdio: ['ignore', stdio, stdio, 'ipc']
    })
    // Without a listener a send on a closed channel would throw asynchronously and take the
    // main process down; the exit event that follows is what the pool acts on.
    child.on('error', (error) => log('warn', `${name}: ${error.message}`))
    return {
      get pid() {
        return child.pid
      },
      postMessage(message) {
        if (child.connected) child.send(message)
      },
      onMessage(listener) {
        child.on('message', (message) => listener(message as FromWorkerEnvelope))
      },
      onExit(listener) {
        if (child.exitCode !== null || child.signalCode !== null) listener(child.exitCode)
        else child.on('exit', (code) => listener(code))
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
    }
  }
}
