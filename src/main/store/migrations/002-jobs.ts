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
      -- AUTOINCREMENT: the renderer refers to jobs by id, so an id is never reused after a purge.
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
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

      -- The claim walks this in order and stops at LIMIT; only queued rows are in it.
      CREATE INDEX jobs_claim ON jobs(priority, run_at, id) WHERE state = 'queued';
      -- At most one live job per key; finished jobs leave the index so the key can be used again.
      CREATE UNIQUE INDEX jobs_unique_live ON jobs(unique_key)
        WHERE unique_key IS NOT NULL AND state IN ('queued', 'running');
      -- Start-up recovery and lease sweeps look at running rows only.
      CREATE INDEX jobs_running ON jobs(lease_until) WHERE state = 'running';
      -- Purge by age and the last-hour throughput chart.
      CREATE INDEX jobs_finished ON jobs(finished_at) WHERE finished_at IS NOT NULL;
      -- Counts by state and kind for the Jobs page without reading payloads.
      CREATE INDEX jobs_state_kind ON jobs(state, kind);

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
