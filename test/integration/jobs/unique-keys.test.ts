import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { openDatabase } from '../../../src/main/platform/db/database'
import { makeTempDir } from '../../support/temp-dir'

const run = promisify(execFile)

describe('unique keys under concurrent enqueue', () => {
  it('gives every process the same single live job per key', async () => {
    const dir = makeTempDir('unique-keys-')
    const dbFile = join(dir.path, 'jobs.sqlite')
    openDatabase(dbFile).close()
    const keyCount = 40
    const startAt = String(Date.now() + 3000)
    try {
      const outputs = await Promise.all(
        [11, 23, 37].map((seed) =>
          run(process.execPath, [
            '--import',
            'tsx',
            join(import.meta.dirname, 'enqueuer-process.ts'),
            dbFile,
            String(keyCount),
            '100',
            String(seed),
            startAt
          ])
        )
      )
      const reports = outputs.map(({ stdout }) => JSON.parse(stdout) as { seen: Record<string, number[]>; began: number; ended: number })
      // The premise: the writers really ran at the same time.
      expect(Math.max(...reports.map((r) => r.began))).toBeLessThan(Math.min(...reports.map((r) => r.ended)))
      const seen = reports.map((report) => report.seen)
      const db = openDatabase(dbFile)
      const rows = db.prepare(`SELECT unique_key AS key, id FROM jobs WHERE state = 'queued' ORDER BY unique_key`).all() as { key: string; id: number }[]
      expect(db.prepare(`SELECT count(*) FROM jobs`).pluck().get()).toBe(keyCount)
      expect(new Set(rows.map((row) => row.key)).size).toBe(keyCount)
      for (const { key, id } of rows) {
        for (const perProcess of seen) expect(new Set(perProcess[key])).toEqual(new Set([id]))
      }
      db.close()
    } finally {
      dir.cleanup()
    }
  })
})
