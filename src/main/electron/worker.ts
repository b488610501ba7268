import { utilityProcess } from 'electron'
import type { FromWorkerEnvelope } from '../../shared/worker-protocol'
import type { SpawnWorker, WorkerHandle } from '../platform/worker-pool/worker-pool'
import { workerEnvironment } from '../platform/worker-pool/worker-env'

export interface ElectronWorkerOptions {
  /** The built worker entry (e.g. out/main/worker.js). */
  entry: string
  env?: Readonly<Record<string, string>>
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

/**
 * Worker processes as Electron utility processes. Call only after app 'ready'. A crash or a
 * V8 fatal error always ends in 'exit', which is what the pool acts on; 'error' only adds the
 * location for the log.
 */
export function createElectronWorkerSpawner(options: ElectronWorkerOptions): SpawnWorker {
  const log = options.log ?? (() => {})
  return (name): WorkerHandle => {
    const child = utilityProcess.fork(options.entry, [name], {
      serviceName: `Reception Bench ${name}`,
      env: workerEnvironment(process.env, options.env),
      stdio: 'inherit'
    })
    let exited = false
    let exitCode: number | null = null
    child.on('exit', (code) => {
      exited = true
      exitCode = code
    })
    child.on('error', (type, location) => log('error', `${name}: ${type} at ${location}`))
    return {
      get pid() {
        return child.pid
      },
      postMessage(message) {
        if (!exited) child.postMessage(message)
      },
      onMessage(listener) {
        child.on('message', (message: unknown) => listener(message as FromWorkerEnvelope))
      },
      onExit(listener) {
        if (exited) listener(exitCode)
        else child.on('exit', (code) => listener(code))
      },
      kill() {
        if (!exited) child.kill()
      }
    }
  }
}
