import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { copyFileSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { AUTOCHECKPOINT_PAGES, BACKSTOP_PAGES, startWalCheckpointer, type WalCheckpointer } from '../../../src/main/platform/db/wal-checkpointer'
import { makeTempDir } from '../../support/temp-dir'

/** Writes `rows` rows of about 1 KB each, one transaction per row, as requests commit. */
function writeRows(db: Db, rows: number, from = 0): void {
  const insert = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)`)
  for (let i = from; i < from + rows; i++) insert.run(`row-${i}`, 'x'.repeat(1000))
}

/** What the database file alone holds, without its WAL: a copy opened on its own. */
function rowsInFileAlone(file: string, copy: string): number {
  copyFileSync(file, copy)
  const alone = new Database(copy, { readonly: true })
  try {
    return alone.prepare(`SELECT count(*) FROM meta WHERE key LIKE 'row-%'`).pluck().get() as number
  } finally {
    alone.close()
  }
}

describe('the WAL checkpoint thread', () => {
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let file: string
  let checkpointer: WalCheckpointer | null = null
  beforeEach(() => {
    dir = makeTempDir()
    file = join(dir.path, 'bench.sqlite')
    db = openDatabase(file)
    // The schema in the file itself, so a copy of the file alone can be read.
    db.pragma('wal_checkpoint(TRUNCATE)')
  })
  afterEach(async () => {
    await checkpointer?.stop()
    checkpointer = null
    if (db.open) db.close()
    dir.cleanup()
  })

  it('takes the checkpoints off the main connection once it runs, and moves committed pages into the file', async () => {
    // A long interval: only the checkpoints this test asks for run.
    checkpointer = startWalCheckpointer(db, { intervalMs: 3_600_000 })
    expect(await checkpointer.started).toBe(true)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES)

    // More than the automatic checkpoint's 1,000 pages: the main connection folds nothing in.
    writeRows(db, 1500)
    expect(rowsInFileAlone(file, join(dir.path, 'before.sqlite'))).toBe(0)

    const moved = await checkpointer.checkpointNow()
    expect(moved.log).toBeGreaterThan(AUTOCHECKPOINT_PAGES)
    expect(moved.checkpointed).toBe(moved.log)
    expect(rowsInFileAlone(file, join(dir.path, 'after.sqlite'))).toBe(1500)
  })

  it('keeps a backstop on the main connection: writes that never pause still let the WAL start over', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 3_600_000 })
    expect(await checkpointer.started).toBe(true)
    // About one page a row, one transaction each, well past the backstop, with the thread idle.
    const insert = db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?)`)
    for (let i = 0; i < BACKSTOP_PAGES + 2000; i++) insert.run(`row-${i}`, 'y'.repeat(3500))
    const { log } = await checkpointer.checkpointNow()
    // Without the backstop the WAL would hold every frame written since the start.
    expect(log).toBeLessThan(BACKSTOP_PAGES)
    expect(rowsInFileAlone(file, join(dir.path, 'backstop.sqlite'))).toBeGreaterThan(0)
  })

  it('checkpoints on its own interval while the main connection keeps writing', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 20 })
    expect(await checkpointer.started).toBe(true)
    writeRows(db, 300)
    // Waits for the interval's checkpoint, however slow the machine: the file alone fills up.
    const copy = join(dir.path, 'copy.sqlite')
    await expect.poll(() => rowsInFileAlone(file, copy), { timeout: 30_000, interval: 50 }).toBe(300)
    writeRows(db, 10, 300)
    expect(db.prepare(`SELECT count(*) FROM meta WHERE key LIKE 'row-%'`).pluck().get()).toBe(310)
  })

  it('gives the checkpoints back to the main connection when the thread dies', async () => {
    const warnings: string[] = []
    checkpointer = startWalCheckpointer(db, { intervalMs: 3_600_000, log: (_level, message) => warnings.push(message) })
    expect(await checkpointer.started).toBe(true)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES)
    // The thread ending as a crash would end it.
    const running = checkpointer
    await running.kill()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES)
    expect(warnings.some((message) => message.includes('back on the main thread'))).toBe(true)
    await expect(running.checkpointNow()).rejects.toThrow('not running')
  })

  /** Records the pragmas the main connection runs from now on. */
  function recordPragmas(): string[] {
    const seen: string[] = []
    const pragma = db.pragma.bind(db)
    db.pragma = ((source: string, options?: { simple?: boolean }) => {
      seen.push(source)
      return pragma(source, options)
    }) as Db['pragma']
    return seen
  }

  it('empties the WAL file from the thread for the hourly checkpoint, and never waits for a reader to do it', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 3_600_000 })
    expect(await checkpointer.started).toBe(true)
    writeRows(db, 200)
    // A long read on its own connection (the nightly check, a snapshot) keeps an older snapshot open.
    const reader = new Database(file, { readonly: true })
    try {
      reader.prepare('BEGIN').run()
      expect(reader.prepare(`SELECT count(*) FROM meta WHERE key LIKE 'row-%'`).pluck().get()).toBe(200)
      writeRows(db, 100, 200)
      const pragmas = recordPragmas()
      const blocked = await checkpointer.truncate()
      // The thread's connection does not wait for the reader: it says so, and the next hour tries again.
      expect(blocked.busy).toBe(1)
      reader.prepare('COMMIT').run()
      const emptied = await checkpointer.truncate()
      expect(emptied).toEqual({ busy: 0, log: 0, checkpointed: 0 })
      expect(statSync(`${file}-wal`).size).toBe(0)
      expect(rowsInFileAlone(file, join(dir.path, 'emptied.sqlite'))).toBe(300)
      // The main connection ran no checkpoint of its own for either.
      expect(pragmas.filter((source) => source.includes('checkpoint'))).toEqual([])
    } finally {
      reader.close()
    }
  })

  it('checkpoints on the main connection without waiting when the thread is gone', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 3_600_000 })
    expect(await checkpointer.started).toBe(true)
    await checkpointer.kill()
    writeRows(db, 50)
    const pragmas = recordPragmas()
    const result = await checkpointer.truncate()
    expect(pragmas).toEqual(['wal_checkpoint(PASSIVE)'])
    expect(result.busy).toBe(0)
    expect(result.checkpointed).toBe(result.log)
    expect(rowsInFileAlone(file, join(dir.path, 'passive.sqlite'))).toBe(50)
  })

  it('stops cleanly: its connection closed, the bench closes with no WAL left behind', async () => {
    checkpointer = startWalCheckpointer(db, { intervalMs: 3_600_000 })
    expect(await checkpointer.started).toBe(true)
    writeRows(db, 50)
    await checkpointer.stop()
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    expect(existsSync(`${file}-wal`)).toBe(false)
    expect(rowsInFileAlone(file, join(dir.path, 'closed.sqlite'))).toBe(50)
  })
})

