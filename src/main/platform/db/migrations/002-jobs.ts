import type { Migration } from './index'

/**
 * The durable job queue and the recurring schedules that feed it.
 * Times are integer epoch milliseconds (not ISO text like the domain tables): the claim query
 * compares and sorts them thousands of times a second and integers keep that cheap.
 */
export const jobsSchema: Migration = {
  version: 2,
  name: 'jobs',
  up(db) {
    db.exec(`
      -- No AUTOINCREMENT (it costs a write per enqueue): ids still never go back because the
      -- purge always keeps the newest row, and the renderer can trust an id to mean one job.
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        -- Lower runs first.
        priority INTEGER NOT NULL DEFAULT 100,
        run_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
        timeout_ms INTEGER NOT NULL CHECK (timeout_ms > 0),
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        progress_percent REAL,
        progress_step TEXT,
        progress_message TEXT,
        result_json TEXT,
        last_error TEXT,
        owner TEXT,
        lease_until INTEGER,
        unique_key TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );

      -- The claim walks this in order (rowid breaks ties) and stops at LIMIT; only queued rows
      -- are in it. Every index here costs each enqueue a page write, so there are few.
      CREATE INDEX jobs_claim ON jobs(priority, run_at) WHERE state = 'queued';
      -- At most one live job per key; finished jobs leave the index so the key can be used again.
      CREATE UNIQUE INDEX jobs_unique_live ON jobs(unique_key)
        WHERE unique_key IS NOT NULL AND state IN ('queued', 'running');
      -- Start-up recovery and lease sweeps look at running rows only.
      CREATE INDEX jobs_running ON jobs(lease_until) WHERE state = 'running';
      -- Purge by age, the last-hour chart and the finished counts, all without reading payloads.
      CREATE INDEX jobs_finished ON jobs(finished_at, state, kind) WHERE finished_at IS NOT NULL;
      -- The Jobs page's failed list; partial, so only a failure pays for it.
      CREATE INDEX jobs_failed ON jobs(finished_at) WHERE state = 'failed';

      CREATE TABLE schedules (
        name TEXT PRIMARY KEY,
        cron TEXT NOT NULL,
        last_run_at INTEGER,
        next_run_at INTEGER,
        updated_at INTEGER NOT NULL
      );
    `)
  }
}
