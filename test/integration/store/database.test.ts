import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DatabaseFromFutureError, latestVersion, openDatabase } from '../../../src/main/platform/db/database'
import { MIGRATIONS, type Migration } from '../../../src/main/platform/db/migrations'
import { makeTempDir } from '../../support/temp-dir'

describe('openDatabase', () => {
  let dir: ReturnType<typeof makeTempDir>
  beforeEach(() => (dir = makeTempDir()))
  afterEach(() => dir.cleanup())

  it('sets the pragmas the design asks for', () => {
    const db = openDatabase(join(dir.path, 'a.sqlite'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(67108864)
    db.close()
  })

  it('applies every migration and records the schema version', () => {
    const db = openDatabase(join(dir.path, 'a.sqlite'))
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion())
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name`).pluck().all()
    for (const table of ['veterinarians', 'protocols', 'services', 'work_orders', 'work_order_lines', 'reports', 'report_cassettes', 'audit_log', 'outbox', 'protocols_fts']) {
      expect(tables).toContain(table)
    }
    db.close()
  })

  it('upgrades an older database in place, keeping its rows', () => {
    const file = join(dir.path, 'old.sqlite')
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) })
    old.prepare(`INSERT INTO meta (key, value) VALUES ('kept', 'yes')`).run()
    old.close()
    const db = openDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion())
    expect(db.prepare(`SELECT value FROM meta WHERE key = 'kept'`).pluck().get()).toBe('yes')
    db.close()
  })

  it("keeps a protocol's notifications when work orders get theirs (notifications rebuilt, migration 13)", () => {
    const file = join(dir.path, 'notified.sqlite')
    const old = openDatabase(file, { migrations: MIGRATIONS.filter((migration) => migration.version < 13) })
    const at = '2026-06-11T10:00:00.000Z'
    old.prepare(`INSERT INTO veterinarians (id, name, created_at, updated_at) VALUES ('v1', 'Dra. Ruiz', ?, ?)`).run(at, at)
    old
      .prepare(
        `INSERT INTO protocols (id, type, status, veterinarian_id, animal_name, species, sample_type, containers_json, created_at, updated_at)
         VALUES ('p1', 'HP', 'received', 'v1', 'Kira', 'Gato', 'Biopsia', '[]', ?, ?)`
      )
      .run(at, at)
    old
      .prepare(
        `INSERT INTO notifications (id, kind, protocol_id, report_id, recipient, language, subject, body_text, state, last_error, created_at, updated_at)
         VALUES ('n1', 'sample_received', 'p1', NULL, 'ruiz@clinica.example', 'es', 'Muestra recibida', 'Texto', 'sent', NULL, ?, ?)`
      )
      .run(at, at)
    old.close()
    const db = openDatabase(file)
    expect(db.prepare(`SELECT id, kind, protocol_id, work_order_id, state FROM notifications`).all()).toEqual([
      { id: 'n1', kind: 'sample_received', protocol_id: 'p1', work_order_id: null, state: 'sent' }
    ])
    // About neither a protocol nor a work order: refused.
    expect(() =>
      db
        .prepare(
          `INSERT INTO notifications (id, kind, recipient, language, subject, body_text, state, created_at, updated_at)
           VALUES ('n2', 'work_order_issued', '', 'es', 's', 't', 'no_address', ?, ?)`
        )
        .run(at, at)
    ).toThrow(/CHECK/)
    db.close()
  })

  it('refuses a database written by a newer version and leaves the file untouched', () => {
    const file = join(dir.path, 'future.sqlite')
    const raw = new Database(file)
    raw.exec(`CREATE TABLE t (x); INSERT INTO t VALUES (1);`)
    raw.pragma(`user_version = ${latestVersion() + 5}`)
    raw.close()
    const before = readFileSync(file)
    expect(() => openDatabase(file)).toThrow(DatabaseFromFutureError)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('rolls a failing migration back whole: version and tables unchanged', () => {
    const file = join(dir.path, 'broken.sqlite')
    openDatabase(file).close()
    const broken: Migration = {
      version: latestVersion() + 1,
      name: 'broken',
      up(db) {
        db.exec(`CREATE TABLE half_done (x)`)
        throw new Error('boom')
      }
    }
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow('boom')
    const db = new Database(file)
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion())
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).pluck().get()).toBe(0)
    db.close()
  })

  it('refuses a file that is not a database instead of overwriting it', () => {
    const file = join(dir.path, 'notes.sqlite')
    writeFileSync(file, 'these are not the droids'.repeat(100))
    expect(() => openDatabase(file)).toThrow()
    expect(readFileSync(file, 'utf8').startsWith('these are not')).toBe(true)
  })
})
