import { createBenchHost, type BenchHost, type BenchHostOptions } from '../../src/main/host'
import { makeTempDir } from './temp-dir'
import { callerOf, type Call } from './call'

export interface TestHost {
  host: BenchHost
  dataDir: string
  /** Calls a request through the real dispatcher; a refused call rejects with `{ code }`. */
  call: Call
  /** Closes the host and opens a new one on the same data folder (a restart). */
  restart(overrides?: Partial<BenchHostOptions>): Promise<void>
  close(): Promise<void>
}

/**
 * A real bench host on a fresh data folder, with a clerk on duty unless told otherwise. Every
 * integration test that needs "the app" starts here instead of repeating the setup.
 */
export async function startTestHost(
  options: Partial<BenchHostOptions> & { clerk?: string | null } = {}
): Promise<TestHost> {
  const dir = makeTempDir()
  const { clerk = 'Ana (demo)', ...hostOptions } = options
  const build = (overrides: Partial<BenchHostOptions> = {}) =>
    createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0', demoProtocols: 20, log: () => {}, ...hostOptions, ...overrides })
  const state = { host: build() }
  const call = callerOf(() => state.host)
  if (clerk) await call('session.setClerk', { name: clerk })
  return {
    get host() {
      return state.host
    },
    dataDir: dir.path,
    call,
    async restart(overrides) {
      await state.host.close()
      state.host = build(overrides)
      if (clerk) await call('session.setClerk', { name: clerk })
    },
    async close() {
      await state.host.close()
      dir.cleanup()
    }
  }
}
