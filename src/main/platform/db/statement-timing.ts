import type { Statement } from 'better-sqlite3'
import type { Db } from './database'
import { loggableSql, type SlowOperations } from '../logging/slow-operations'

type Timed = Pick<SlowOperations, 'limits' | 'note'>

/**
 * Times every statement the connection runs from now on: `prepare` hands out statements whose
 * run/get/all/iterate measure themselves, and `exec` and `pragma` are measured too. The cost on
 * the hot path is two clock reads and one comparison per execution; the SQL text is made
 * loggable (literals masked) only for a statement that was slow. Statements a transaction
 * prepares for itself (BEGIN, COMMIT) are native and not seen.
 */
export function timeStatements(db: Db, slow: Timed): void {
  const { limits } = slow
  const prepare = db.prepare.bind(db)
  const exec = db.exec.bind(db)
  const pragma = db.pragma.bind(db)

  const timed = <A extends unknown[], R>(method: (...args: A) => R, nameOf: () => string) =>
    function (this: unknown, ...args: A): R {
      const started = performance.now()
      try {
        return method.apply(this, args)
      } finally {
        const ms = performance.now() - started
        if (ms >= limits.queryMs) slow.note('query', nameOf(), ms)
      }
    }

  function wrap<S extends Statement<unknown[], unknown>>(statement: S): S {
    let name: string | null = null
    const nameOf = () => (name ??= loggableSql(statement.source))
    const target = statement as unknown as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>
    target.run = timed(target.run, nameOf)
    target.get = timed(target.get, nameOf)
    target.all = timed(target.all, nameOf)
    const iterate = target.iterate
    // An iteration is one statement however many rows it yields: its steps add up.
    target.iterate = function (this: unknown, ...args: unknown[]) {
      let spent = 0
      let open = true
      const step = <T>(work: () => T): T => {
        const started = performance.now()
        try {
          return work()
        } finally {
          spent += performance.now() - started
        }
      }
      const finish = () => {
        if (!open) return
        open = false
        if (spent >= limits.queryMs) slow.note('query', nameOf(), spent)
      }
      const rows = step(() => iterate.apply(this, args) as IterableIterator<unknown>)
      return {
        next() {
          const result = step(() => rows.next())
          if (result.done) finish()
          return result
        },
        return(value?: unknown) {
          finish()
          return rows.return ? rows.return(value) : { done: true as const, value }
        },
        [Symbol.iterator]() {
          return this
        }
      }
    }
    return statement
  }

  const replace = db as unknown as Record<'prepare' | 'exec' | 'pragma', unknown>
  replace.prepare = (source: string) => wrap(prepare(source))
  replace.exec = (source: string) => {
    timed(exec, () => loggableSql(source))(source)
    return db
  }
  replace.pragma = (source: string, options?: { simple?: boolean }) => timed(pragma, () => `PRAGMA ${loggableSql(source)}`)(source, options)
}
