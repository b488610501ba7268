import type { Db } from '../../src/main/platform/db/database'

/**
 * Records the SQL of every statement `db` prepares from now on, so a test can ask SQLite for the
 * plan of the exact statement the code runs. `planOf` is that plan, its steps joined by ' | '
 * (its own EXPLAIN is not recorded).
 */
export function recordPreparedSql(db: Db): { prepared: string[]; planOf(sql: string, ...params: unknown[]): string } {
  const prepared: string[] = []
  const prepare = db.prepare.bind(db)
  db.prepare = ((source: string) => {
    prepared.push(source)
    return prepare(source)
  }) as typeof db.prepare
  const planOf = (sql: string, ...params: unknown[]) =>
    (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ')
  return { prepared, planOf }
}
