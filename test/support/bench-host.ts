import { createBenchHost, type BenchHost, type BenchHostOptions } from '../../src/main/host'
import { makeTempDir } from './temp-dir'
import { callerOf, type Call } from './call'
import { DEMO_SERVICES } from '../../src/main/features/demo/demo-seed'
import { createServicesRepository } from '../../src/main/features/work-orders/services-repository'
import { newId } from '../../src/shared/ids'

export interface TestHost {
  host: BenchHost
  dataDir: string
  /** Calls a request through the real dispatcher; a refused call rejects with `{ code }`. */
  call: Call
  /** Closes the host and opens a new one on the same data folder (a restart); `between` runs while it is closed. */
  restart(overrides?: Partial<BenchHostOptions>, between?: () => void): Promise<void>
  close(): Promise<void>
}

/** The admin PIN test benches use (the first one typed becomes the bench's). */
export const TEST_ADMIN_PIN = '2468'

/** A range an administrator types (Settings → Numeración): admin PIN and the warning acknowledged. */
export function typedRange(range: { type: 'HP' | 'CT' | 'OT'; year: number; start: number; end: number }) {
  return { ...range, adminPin: TEST_ADMIN_PIN, acknowledged: true as const }
}

/**
 * A live bench that cannot reach a server yet numbers from ranges its administrator typed: one of
 * each series (protocol types and work orders) for `year`, as Settings → Numeración would.
 */
export async function typeRanges(call: Call, year: number, size = 500): Promise<void> {
  for (const type of ['HP', 'CT', 'OT'] as const) await call('numbers.addLocalRange', typedRange({ type, year, start: 1, end: size }))
}

/** The lab's price list as a live bench holds it (the server's, pulled): the demo codes, not marked demo. */
export function installLabPriceList(host: BenchHost, at = '2026-01-01T00:00:00.000Z'): void {
  // Once per bench: a second call (a test issuing twice) finds the list already there.
  if ((host.db.prepare('SELECT count(*) FROM services').pluck().get() as number) > 0) return
  const services = createServicesRepository(host.db)
  host.db.transaction(() => {
    for (const [code, description, cents] of DEMO_SERVICES) services.insert({ id: newId(), code, description, unitPriceCents: cents, taxRatePercent: 21, active: true }, at)
  })()
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
  // A bench without demo data has no clerks yet: the one on duty is added first, as Settings would.
  if (clerk && !(await call('session.get', {})).clerks.some((entry) => entry.name === clerk)) await call('clerks.save', { name: clerk })
  if (clerk) await call('session.setClerk', { name: clerk })
  return {
    get host() {
      return state.host
    },
    dataDir: dir.path,
    call,
    async restart(overrides, between) {
      await state.host.close()
      between?.()
      state.host = build(overrides)
      if (clerk) await call('session.setClerk', { name: clerk })
    },
    async close() {
      await state.host.close()
      dir.cleanup()
    }
  }
}
