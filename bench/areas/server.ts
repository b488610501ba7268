/**
 * The reference server as a lab network meets it: `npm run server` as its own process on a
 * throwaway PostgreSQL (SYNC_TEST_DATABASE_URL, or a cluster this area starts and stops with
 * test/support/postgres.sh; without PostgreSQL the area is skipped with the reason), in a fresh
 * schema dropped afterwards.
 *
 * server_50_benches_push_p95_ms: 50 paired benches, each signing with its own secret, syncing
 * for BENCH_SERVER_SECONDS (default 60) seconds: a round is a push of a realistic change set
 * (bench/workloads/lab-network.ts) and a pull of every page since the bench's last round, one
 * second between a bench's rounds (a busy bench syncs every 60 s by default, every 5 s at the
 * most often: this is a lab twelve times busier than the busiest setting). Nearest-rank p95 of
 * every push's round trip over the whole run, after two untimed rounds per bench.
 * server_50_benches_errors_count: rounds that failed (a call that threw or an operation the
 * server did not apply), warm-up included.
 */
import { percentile } from '../measure'
import { AreaSkipped } from '../runner'
import { NETWORK_ADMIN_TOKEN, pairBench, runTraffic, syncRound, type NetworkBench } from '../workloads/lab-network'
import { freshSchema, killProcess, spawnServer, throwawayPostgres } from '../workloads/server-process'

const BENCHES = 50
const WARM_UP_ROUNDS = 2
const PAUSE_MS = 1000

function durationMs(): number {
  const text = process.env.BENCH_SERVER_SECONDS
  if (text === undefined || text === '') return 60_000
  const seconds = Number(text)
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new Error(`BENCH_SERVER_SECONDS must be a positive number of seconds, got "${text}"`)
  return seconds * 1000
}

async function fiftyBenches(postgresUrl: string, duration: number): Promise<Record<string, number>> {
  const schema = await freshSchema(postgresUrl)
  try {
    const server = await spawnServer({ DATABASE_URL: schema.databaseUrl, ADMIN_TOKEN: NETWORK_ADMIN_TOKEN })
    try {
      const benches: NetworkBench[] = []
      for (let i = 1; i <= BENCHES; i++) benches.push(await pairBench(server.url, `Recepción ${i}`))
      const warmUpErrors: string[] = []
      for (let round = 0; round < WARM_UP_ROUNDS; round++) {
        await Promise.all(benches.map((bench) => syncRound(bench).catch((error: unknown) => warmUpErrors.push(String(error)))))
      }
      const traffic = await runTraffic(benches, duration, PAUSE_MS)
      const errors = [...warmUpErrors, ...traffic.errors]
      for (const error of errors.slice(0, 5)) console.log(`  error: ${error}`)
      if (traffic.pushMs.length === 0) throw new Error(`no push succeeded (${errors.length} errors)`)
      console.log(
        `  ${traffic.pushMs.length} rounds in ${duration / 1000} s; push median ${percentile(traffic.pushMs, 50).toFixed(1)} ms, ` +
          `pull p95 ${percentile(traffic.pullMs, 95).toFixed(1)} ms`
      )
      return { server_50_benches_push_p95_ms: percentile(traffic.pushMs, 95), server_50_benches_errors_count: errors.length }
    } finally {
      await killProcess(server.child, 'SIGTERM')
    }
  } finally {
    await schema.drop()
  }
}

export async function run(): Promise<Record<string, number>> {
  const duration = durationMs()
  const postgres = throwawayPostgres()
  if (typeof postgres === 'string') throw new AreaSkipped(postgres)
  try {
    return await fiftyBenches(postgres.url, duration)
  } finally {
    await postgres.stop()
  }
}
