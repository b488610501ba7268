/**
 * SQLite backend (the default): one better-sqlite3 connection, WAL, synchronous=FULL because a
 * lab server acknowledges pushes that benches then drop from their outbox. better-sqlite3 is
 * synchronous, so transactions are serialised through a promise queue: an async transaction
 * body can never interleave with another request's statements on the same connection.
 */
import Database from 'better-sqlite3'
import type { Statement } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Sql, SqlParam, Storage } from './types'

export function openSqliteStorage(file: string): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('cache_size = -32000')

  const statements = new Map<string, Statement<SqlParam[]>>()
  const prepared = (sql: string): Statement<SqlParam[]> => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare<SqlParam[]>(sql)
      statements.set(sql, statement)
    }
    return statement
  }

  const sql: Sql = {
    async all<T>(text: string, params: readonly SqlParam[] = []) {
      return prepared(text).all(...params) as T[]
    },
    async get<T>(text: string, params: readonly SqlParam[] = []) {
      return prepared(text).get(...params) as T | undefined
    },
    async run(text: string, params: readonly SqlParam[] = []) {
      return prepared(text).run(...params).changes
    },
    async exec(text: string) {
      db.exec(text)
    }
  }

  let queue: Promise<unknown> = Promise.resolve()
  const serialised = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task)
    queue = result.catch(() => undefined)
    return result
  }

  const transaction = <T>(begin: string, fn: (sql: Sql) => Promise<T>): Promise<T> =>
    serialised(async () => {
      db.exec(begin)
      try {
        const value = await fn(sql)
        db.exec('COMMIT')
        return value
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      }
    })

  return {
    kind: 'sqlite',
    location: file,
    write: (fn) => transaction('BEGIN IMMEDIATE', fn),
    read: (fn) => transaction('BEGIN', fn),
    // Serialised like a transaction, so it never runs inside another one's open transaction.
    statement: (fn) => serialised(() => fn(sql)),
    close: () =>
      serialised(async () => {
        db.close()
      })
  }
}
