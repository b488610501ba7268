/**
 * PostgreSQL backend, for a lab whose benches outgrow one file. Statements are the same text as
 * for SQLite; `?` placeholders become `$1..$n` here. BIGINT comes back as a JS number (all
 * values stay far below 2^53). An optional schema isolates one server's tables (tests use one
 * schema per test). Several server processes may share one database (README, "More than one
 * server process").
 */
import pg from 'pg'
import type { PoolClient } from 'pg'
import type { Sql, SqlParam, Storage } from './types'

const INT8_OID = 20
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/
/** serialization_failure and deadlock_detected: PostgreSQL rolled the transaction back; running it again is safe. */
const RETRYABLE = new Set(['40001', '40P01'])
const MAX_TRIES = 5

export interface PostgresOptions {
  connectionString: string
  schema?: string
  maxConnections?: number
}

const numberedCache = new Map<string, string>()
function numbered(text: string): string {
  let out = numberedCache.get(text)
  if (out === undefined) {
    let n = 0
    out = text.replace(/\?/g, () => `$${(n += 1)}`)
    numberedCache.set(text, out)
  }
  return out
}

function sqlOn(client: PoolClient): Sql {
  return {
    async all<T>(text: string, params: readonly SqlParam[] = []) {
      return (await client.query(numbered(text), [...params])).rows as T[]
    },
    async get<T>(text: string, params: readonly SqlParam[] = []) {
      return (await client.query(numbered(text), [...params])).rows[0] as T | undefined
    },
    async run(text: string, params: readonly SqlParam[] = []) {
      return (await client.query(numbered(text), [...params])).rowCount ?? 0
    },
    async exec(text: string) {
      await client.query(text)
    }
  }
}

function bigintAsNumber(): pg.TypeOverrides {
  const types = new pg.TypeOverrides()
  types.setTypeParser(INT8_OID, (value: string) => Number(value))
  return types
}

export async function openPostgresStorage(options: PostgresOptions): Promise<Storage> {
  const schema = options.schema
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`)
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: bigintAsNumber()
  })
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on('error', () => undefined)
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)

  const attempt = async <T>(begin: string, fn: (sql: Sql) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      await client.query(begin)
      try {
        const value = await fn(sqlOn(client))
        await client.query('COMMIT')
        return value
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError
        })
        throw error
      }
    } finally {
      client.release(broken)
    }
  }

  // Several server processes may share the database. A transaction PostgreSQL aborted to break a
  // deadlock or a serialization conflict changed nothing, so it runs again from the start: every
  // caller's `fn` builds its state inside the transaction, never outside it.
  const transaction = async <T>(begin: string, fn: (sql: Sql) => Promise<T>): Promise<T> => {
    for (let tries = 1; ; tries += 1) {
      try {
        return await attempt(begin, fn)
      } catch (error) {
        if (tries >= MAX_TRIES || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error
      }
    }
  }

  const url = new URL(options.connectionString)
  return {
    kind: 'postgres',
    location: `${url.host}${url.pathname}${schema ? ` (schema ${schema})` : ''}`,
    // READ COMMITTED on purpose: each writer first locks the row that guards what it checks (the
    // device row, a (series, year) number counter, the change sequence counter), and every later
    // statement sees what the lock's previous holder committed, so checks never read a stale
    // snapshot across server processes. (REPEATABLE READ would fix the snapshot before the lock.)
    write: (fn) => transaction('BEGIN', fn),
    read: (fn) => transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn),
    statement: async (fn) => {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        return await fn(sqlOn(client))
      } catch (error) {
        // A connection that failed under the statement is not given to the next one.
        if (!(error instanceof pg.DatabaseError)) broken = error as Error
        throw error
      } finally {
        client.release(broken)
      }
    },
    close: () => pool.end()
  }
}
