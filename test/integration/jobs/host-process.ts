// Child process for the host-crash test: owns the database, enqueues jobs one transaction at a
// time while processing them, and reports each id only after its commit returned. The parent
// kills it with SIGKILL in full flow.
import { openDatabase } from '../../../src/main/platform/db/database'
import { createQueueRunner } from '../../../src/main/platform/queue/queue-runner'
import { createWorkerPool } from '../../../src/main/platform/worker-pool/worker-pool'
import { createNodeWorkerSpawner } from '../../../src/main/platform/worker-pool/node-worker'
import { hostKinds } from './host-kinds'

const dbFile = process.argv[2]!
const db = openDatabase(dbFile)
const pool = createWorkerPool({ spawn: createNodeWorkerSpawner({ env: { BENCH_WORKER_DIAGNOSTICS: '1' } }), tasksPerWorker: 4 })
const runner = createQueueRunner({ db, kinds: hostKinds(db), workers: pool, eventIntervalMs: 10 })
let done = 0
runner.subscribe((events) => {
  for (const event of events) if (event.type === 'job.updated' && event.job.state === 'succeeded') done++
  process.stdout.write(`done ${done}\n`)
})
// Workers start on demand: both are started ahead so the parent knows every pid to watch.
pool.warm(2)
await pool.ready()
process.stdout.write(`workers ${pool.workers().map((w) => w.pid).join(' ')}\n`)
runner.start()
const enqueue = db.transaction((n: number) => runner.enqueue('test.append', { n }).job.id)
for (let n = 0; ; n++) {
  const id = enqueue(n)
  process.stdout.write(`enqueued ${id}\n`)
  // Let the runner work between enqueues, as a clerk's clicks would.
  if (n % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 1))
}
