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
 *
 * server_two_instances_overlaps: two server processes on one schema (small blocks, so leases are
 * frequent) under the storm of bench/workloads/two-server-storm.ts, bigger than the test's: 16
 * benches, each request to either process, 12 rounds of leases on both, claims of ranges that
 * overlap every other bench's, and numbered pushes. Counted: blocks or claims answered to two
 * benches that overlap, numbers answered `applied` for two rows, and in the tables overlapping
 * blocks or claims and numbers held by two rows.
 * server_two_instances_errors_count: requests of that storm that failed or operations refused
 * (a claim refused as `range_taken` is the expected answer, not an error).
 */
import { percentile } from '../measure'
import { AreaSkipped } from '../runner'
import { NETWORK_ADMIN_TOKEN, pairBench, runTraffic, syncRound, type NetworkBench } from '../workloads/lab-network'
import { overlapsInTables, storm } from '../workloads/two-server-storm'
import { freshSchema, killProcess, spawnServer, throwawayPostgres } from '../workloads/server-process'

const BENCHES = 50
const WARM_UP_ROUNDS = 2
const PAUSE_MS = 1000
const STORM_BENCHES = 16
const STORM_ROUNDS = 12
const STORM_BLOCK_SIZE = 10

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

async function twoInstances(postgresUrl: string): Promise<Record<string, number>> {
  const schema = await freshSchema(postgresUrl)
  try {
    const env = { DATABASE_URL: schema.databaseUrl, ADMIN_TOKEN: NETWORK_ADMIN_TOKEN, BLOCK_SIZE: String(STORM_BLOCK_SIZE) }
    // Both start at once on the empty schema, as two processes of a lab coming up together.
    const servers = await Promise.all([0, 1].map(() => spawnServer(env)))
    try {
      const outcome = await storm({ servers: servers.map((s) => s.url), adminToken: NETWORK_ADMIN_TOKEN, benches: STORM_BENCHES, rounds: STORM_ROUNDS })
      const tables = await overlapsInTables(schema.databaseUrl)
      const acceptedTwice = [...outcome.accepted.values()].filter((ids) => ids.size > 1).length
      for (const error of outcome.unexpected.slice(0, 5)) console.log(`  error: ${error}`)
      console.log(
        `  storm: ${outcome.accepted.size} numbers accepted, ${tables.recordedNumbers} recorded; ` +
          `clashes answered ${outcome.answeredClashes.length}, accepted twice ${acceptedTwice}, ` +
          `overlapping ranges ${tables.overlappingRanges.length}, numbers held twice ${tables.duplicateNumbers.length}`
      )
      return {
        server_two_instances_overlaps:
          outcome.answeredClashes.length + acceptedTwice + tables.overlappingRanges.length + tables.duplicateNumbers.length,
        server_two_instances_errors_count: outcome.unexpected.length
      }
    } finally {
      await Promise.all(servers.map((server) => killProcess(server.child, 'SIGTERM')))
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
    return { ...(await fiftyBenches(postgres.url, duration)), ...(await twoInstances(postgres.url)) }
  } finally {
    await postgres.stop()
  }
}
