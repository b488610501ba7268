// Child process for the concurrent unique-key test: enqueues the same keys as its siblings, in
// its own order, each in its own transaction, and prints which job id it got for every key.
import { openDatabase } from '../../../src/main/platform/db/database'
import { createJobsRepository } from '../../../src/main/platform/queue/jobs-repository'
import { builtinJobKinds } from '../../../src/main/platform/queue/job-kinds'
import { passiveCheckpoint } from '../../../src/main/platform/db/wal-checkpointer'
import { createQueueRunner } from '../../../src/main/platform/queue/queue-runner'

const [dbFile, keyCount, rounds, seed, startAt] = process.argv.slice(2).map((arg, i) => (i === 0 ? arg : Number(arg))) as [
  string,
  number,
  number,
  number,
  number
]
const db = openDatabase(dbFile)
const jobs = createJobsRepository(db)
// Never started: this process only enqueues, so nothing ever asks the workers for anything.
const runner = createQueueRunner({
  db,
  jobs,
  kinds: builtinJobKinds({ jobs, now: Date.now, walCheckpoint: () => passiveCheckpoint(db) }),
  workers: { capacity: 1, run: () => Promise.reject(new Error('not used')) }
})
const enqueue = db.transaction((key: string) => runner.enqueue('noop', {}, { uniqueKey: key }))
let state = seed
const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648)
const seen: Record<string, number[]> = {}
// All siblings start together, so their transactions really interleave.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())))
const began = Date.now()
for (let round = 0; round < rounds; round++) {
  const keys = Array.from({ length: keyCount }, (_, i) => `key-${i}`).sort(() => (next() % 3) - 1)
  for (const key of keys) (seen[key] ??= []).push(enqueue(key).job.id)
}
process.stdout.write(JSON.stringify({ seen, began, ended: Date.now() }))
db.close()
