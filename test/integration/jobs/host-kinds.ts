// The job kind both the crashing host process and the test that recovers after it register.
import { z } from 'zod'
import type { Db } from '../../../src/main/platform/db/database'
import { defineJobKind } from '../../../src/main/platform/queue/job-kinds'

/** A worker round trip, then a row written in the success transaction: the side effect to count. */
export function hostKinds(db: Db) {
  db.exec(`CREATE TABLE IF NOT EXISTS test_effects (job_id INTEGER NOT NULL)`)
  const insert = db.prepare(`INSERT INTO test_effects (job_id) VALUES (?)`)
  return {
    'test.append': defineJobKind({
      payload: z.object({ n: z.number() }),
      backoff: { baseMs: 5, capMs: 20 },
      run: (ctx) => ctx.workers.run('diagnostics.sleep', { ms: 2 }),
      commit({ job }) {
        insert.run(job.id)
      }
    })
  }
}
