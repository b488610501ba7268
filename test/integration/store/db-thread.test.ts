import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { openDatabase } from '../../../src/main/platform/db/database'
import { DbThreadError, runDbThreadTask } from '../../../src/main/platform/db/db-thread'
import { makeTempDir } from '../../support/temp-dir'

/** A thread that dies before it can answer, as one whose driver will not load. */
const failingSpawn = () => new Worker(`throw new Error('no SQLite driver in this thread')`, { eval: true })

describe('SQLite work on a thread of its own', () => {
  let dir: ReturnType<typeof makeTempDir>
  let file: string
  beforeEach(() => {
    dir = makeTempDir()
    file = join(dir.path, 'bench.sqlite')
    const db = openDatabase(file)
    db.prepare(`INSERT INTO meta (key, value) VALUES ('kept', 'yes')`).run()
    db.close()
  })
  afterEach(() => dir.cleanup())

  it('checks a file and copies it with VACUUM INTO, the copy holding the rows', async () => {
    expect(await runDbThreadTask({ op: 'check', file, pragma: 'integrity_check' })).toEqual(['ok'])
    const copy = join(dir.path, 'copy.sqlite')
    expect(await runDbThreadTask({ op: 'vacuumInto', file, target: copy })).toBeNull()
    const copied = new Database(copy, { readonly: true })
    expect(copied.prepare(`SELECT value FROM meta WHERE key = 'kept'`).pluck().get()).toBe('yes')
    copied.close()
  })

  it("answers SQLite's refusal with its code: a file that is not a database", async () => {
    const junk = join(dir.path, 'junk.sqlite')
    writeFileSync(junk, Buffer.alloc(8192, 0x41))
    const refusal = await runDbThreadTask({ op: 'check', file: junk, pragma: 'quick_check' }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(DbThreadError)
    expect((refusal as DbThreadError).code).toBe('SQLITE_NOTADB')
  })

  it('does the work on the calling thread when no thread can run it, so a backup is still made', async () => {
    expect(await runDbThreadTask({ op: 'check', file, pragma: 'quick_check' }, failingSpawn)).toEqual(['ok'])
    const copy = join(dir.path, 'fallback.sqlite')
    await runDbThreadTask({ op: 'vacuumInto', file, target: copy }, failingSpawn)
    expect(existsSync(copy)).toBe(true)
  })
})
