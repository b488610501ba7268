import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { LogFn } from '../module'

export interface RotatingLogOptions {
  /** The folder the log files live in (created when missing). */
  dir: string
  /** The current file; older ones are `<name>.1` (newest) … `<name>.<maxFiles-1>`. */
  fileName?: string
  /** A file is rotated before a line would take it past this size. */
  maxBytes?: number
  /** How many files are kept in all, the current one included. */
  maxFiles?: number
  clock?: () => Date
  /** Also write each line to the console (development). */
  echo?: boolean
}

export interface RotatingLog {
  readonly dir: string
  /** The file being written now. */
  readonly path: string
  readonly log: LogFn
  /** The log files that exist, newest first. */
  files(): string[]
  close(): void
}

export const LOG_FILE_NAME = 'bench.log'
const DEFAULT_MAX_BYTES = 1024 * 1024
const DEFAULT_MAX_FILES = 5

/** One line per entry; an Error keeps its stack, anything else is JSON. */
export function formatLogLine(at: Date, level: string, message: string, detail?: unknown): string {
  const head = `${at.toISOString()} ${level.toUpperCase().padEnd(5)} ${message.replace(/\r?\n/g, ' ')}`
  if (detail === undefined || detail === '') return `${head}\n`
  return `${head} ${describeDetail(detail)}\n`
}

function describeDetail(detail: unknown): string {
  if (detail instanceof Error) return (detail.stack ?? `${detail.name}: ${detail.message}`).replace(/\r?\n\s*/g, ' | ')
  try {
    return JSON.stringify(detail) ?? String(detail)
  } catch {
    return String(detail)
  }
}

/**
 * A size-rotated log file in the user-data folder. Written synchronously: a line logged just
 * before a crash is on disk, which is the point of a log file on a bench nobody watches.
 */
export function createRotatingLog(options: RotatingLogOptions): RotatingLog {
  const fileName = options.fileName ?? LOG_FILE_NAME
  const maxBytes = Math.max(256, options.maxBytes ?? DEFAULT_MAX_BYTES)
  const maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_MAX_FILES)
  const clock = options.clock ?? (() => new Date())
  const path = join(options.dir, fileName)
  const numbered = (n: number) => (n === 0 ? path : `${path}.${n}`)
  mkdirSync(options.dir, { recursive: true })

  let fd: number | null = openSync(path, 'a')
  let size = fstatSync(fd).size

  const rotate = () => {
    if (fd !== null) closeSync(fd)
    rmSync(numbered(maxFiles - 1), { force: true })
    for (let n = maxFiles - 2; n >= 0; n--) {
      if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1))
    }
    fd = openSync(path, 'a')
    size = 0
  }

  const log: LogFn = (level, message, detail) => {
    if (options.echo) console[level](`[bench] ${message}`, detail ?? '')
    if (fd === null) return
    const bytes = Buffer.from(formatLogLine(clock(), level, message, detail), 'utf8')
    try {
      if (size > 0 && size + bytes.length > maxBytes) rotate()
      writeSync(fd, bytes)
      size += bytes.length
    } catch (error) {
      // A full or read-only disk must not take the bench down with it.
      console.error('[bench] could not write the log file', error)
    }
  }

  return {
    dir: options.dir,
    path,
    log,
    files: () => Array.from({ length: maxFiles }, (_, n) => numbered(n)).filter((file) => existsSync(file)),
    close() {
      if (fd !== null) closeSync(fd)
      fd = null
    }
  }
}
