/**
 * The one storage port of the reference server. Every query is written once, in the SQL subset
 * SQLite and PostgreSQL share (`?` placeholders, ON CONFLICT, RETURNING, TEXT and BIGINT), so
 * both backends run the very same statements with the same meaning.
 */

/** Bytes (document blobs) are BLOB on SQLite and BYTEA on PostgreSQL; both hand back a Buffer. */
export type SqlParam = string | number | null | Uint8Array

export interface Sql {
  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>
  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
}

export type StorageKind = 'sqlite' | 'postgres'

export interface Storage {
  readonly kind: StorageKind
  /** Where the data lives, for the start-up line (file path, or host/database). */
  readonly location: string
  /**
   * One write transaction: committed when `fn` resolves, rolled back when it throws or the
   * process dies. Writers that touch the change sequence lock its counter row before they write
   * records and hold it to commit (change-set.ts), which serialises them there, so sequence order
   * is commit order on both backends. On PostgreSQL a
   * transaction aborted to break a deadlock or serialization conflict runs `fn` again, so `fn`
   * keeps its state inside the transaction.
   */
  write<T>(fn: (sql: Sql) => Promise<T>): Promise<T>
  /** A read-only transaction seeing one consistent state. */
  read<T>(fn: (sql: Sql) => Promise<T>): Promise<T>
  /**
   * ONE statement on its own, committed by itself: what a transaction gives a single statement
   * anyway, without the BEGIN and COMMIT round trips (every signed request runs two of these).
   */
  statement<T>(fn: (sql: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}
