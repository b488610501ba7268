import type { Migration } from './index'

/**
 * The Jobs page shows median and p95 run times per kind over the last day. With started_at in
 * the finished-jobs index, a day of run times is read from the index alone, never from the rows
 * (which hold payloads and results); the index already gets a row at every finish, so the extra
 * column costs the queue a few bytes per job and no extra write.
 */
export const jobDurationsSchema: Migration = {
  version: 13,
  name: 'job-durations',
  up(db) {
    db.exec(`
      DROP INDEX jobs_finished;
      CREATE INDEX jobs_finished ON jobs(finished_at, state, kind, started_at) WHERE finished_at IS NOT NULL;
    `)
  }
}
