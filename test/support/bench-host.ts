import { createBenchHost, type BenchHost, type BenchHostOptions } from '../../src/main/host'
import type { RequestName, RequestOutput, RequestInput } from '../../src/shared/contract'
import { makeTempDir } from './temp-dir'

export interface TestHost {
  host: BenchHost
  dataDir: string
  /** Calls a request through the real dispatcher; a refused call rejects with `{ code }`. */
  call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>>
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
  const call = async <K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> => {
    const result = await state.host.dispatch(name, input)
    if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { code: result.error.code, issues: result.error.issues })
    return result.value as RequestOutput<K>
  }
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
