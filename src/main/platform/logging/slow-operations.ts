import type { LogFn } from '../module'

/** A request or SQL statement that took longer than its limit. */
export interface SlowOperation {
  kind: 'request' | 'query'
  /** The request's name, or the statement's SQL text with its literals masked; never its parameters. */
  name: string
  ms: number
  /** Epoch ms it ended. */
  at: number
}

export interface SlowLimits {
  /** A contract request slower than this is recorded. */
  requestMs: number
  /** An SQL statement slower than this is recorded. */
  queryMs: number
}

export const DEFAULT_SLOW_LIMITS: SlowLimits = { requestMs: 50, queryMs: 20 }

export interface SlowOperations {
  /**
   * Read on every request and every statement, so it is a plain mutable object: the timed path
   * compares against it and calls `note` only past the limit.
   */
  readonly limits: Readonly<SlowLimits>
  setLimits(limits: SlowLimits): void
  note(kind: SlowOperation['kind'], name: string, ms: number): void
  /** Newest first. */
  recent(): SlowOperation[]
}

const KEPT = 200
const MAX_SQL_CHARS = 400
/** Log lines per minute at most; a storm of slow statements must not fill the log on its own. */
const LOG_LINES_PER_MINUTE = 30

/**
 * The SQL as it may be written down: whitespace folded, string and blob literals masked, so even
 * a statement built with a value in it (which this code base does not do) leaks nothing; the
 * parameters are never part of it.
 */
export function loggableSql(sql: string): string {
  const masked = sql
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/\bx'[0-9a-f]*'/gi, "x'?'")
    .replace(/\s+/g, ' ')
    .trim()
  return masked.length > MAX_SQL_CHARS ? `${masked.slice(0, MAX_SQL_CHARS)}…` : masked
}

/**
 * Remembers the last slow operations (for Settings → Diagnostics and the diagnostics ZIP) and
 * writes each one to the log with its duration.
 */
export function createSlowOperations(options: { now: () => number; log: LogFn; limits?: SlowLimits }): SlowOperations {
  const limits: SlowLimits = { ...(options.limits ?? DEFAULT_SLOW_LIMITS) }
  const kept: SlowOperation[] = []
  let minute = -1
  let linesThisMinute = 0
  let silenced = 0

  return {
    limits,
    setLimits(next) {
      limits.requestMs = next.requestMs
      limits.queryMs = next.queryMs
    },
    note(kind, name, ms) {
      const at = options.now()
      const rounded = Math.round(ms * 10) / 10
      kept.push({ kind, name, ms: rounded, at })
      if (kept.length > KEPT) kept.splice(0, kept.length - KEPT)
      const thisMinute = Math.floor(at / 60_000)
      if (thisMinute !== minute) {
        if (silenced > 0) options.log('warn', `${silenced} more slow operations were not logged in the previous minute`)
        minute = thisMinute
        linesThisMinute = 0
        silenced = 0
      }
      if (linesThisMinute++ < LOG_LINES_PER_MINUTE) options.log('warn', `slow ${kind} ${rounded} ms: ${name}`)
      else silenced++
    },
    recent() {
      return kept.slice().reverse()
    }
  }
}
