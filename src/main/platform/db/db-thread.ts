/**
 * SQLite work that takes seconds runs on a worker thread with a connection of its own, so the
 * main process keeps answering the clerk meanwhile: a full `integrity_check` of a 200,000-protocol
 * database takes about 3 s, `VACUUM INTO` close to 1 s, and on the main thread either froze every
 * request (a receive, a scan) for as long.
 *
 * The threads run plain CommonJS given as source (worker_threads `eval`), so neither electron-vite
 * nor the harness build needs another entry file; the driver is the main process's own
 * better-sqlite3, found by its resolved path. A thread never writes to the file it opens.
 */
import Database from 'better-sqlite3'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** A worker thread running `source` with `workerData.driver` (better-sqlite3's path) at hand; it never holds the process open. */
export function spawnDbThread(source: string, workerData: Record<string, unknown>): Worker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  // The thread's JavaScript only passes a few small answers: a small heap keeps the bench's memory down.
  const worker = new Worker(source, { eval: true, workerData: { ...workerData, driver }, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } })
  worker.unref()
  return worker
}

export type DbThreadTask =
  /** The check's lines (`['ok']` when the file is sound). */
  | { op: 'check'; file: string; pragma: 'quick_check' | 'integrity_check' }
  /** A consistent copy of `file` written to `target`. */
  | { op: 'vacuumInto'; file: string; target: string }

/** An error SQLite (or the file system) gave inside the thread, with its code kept for the caller's rules. */
export class DbThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined
  ) {
    super(message)
    this.name = 'DbThreadError'
  }
}

const TASK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const task = workerData.task
let db = null
try {
  db = new Database(task.file, { readonly: true, fileMustExist: true })
  if (task.op === 'check') parentPort.postMessage({ ok: true, value: db.prepare('PRAGMA ' + task.pragma + '(50)').pluck().all() })
  else { db.prepare('VACUUM INTO ?').run(task.target); parentPort.postMessage({ ok: true, value: null }) }
} catch (error) {
  parentPort.postMessage({ ok: false, message: String((error && error.message) || error), code: error && typeof error.code === 'string' ? error.code : undefined })
} finally {
  if (db) db.close()
}
`

type TaskAnswer = { ok: true; value: unknown } | { ok: false; message: string; code?: string }

/**
 * The task on the calling thread, with the same connection options: when no thread can run it (a
 * packaged app whose worker cannot load the driver), a backup is still made and checked, only not
 * off the main thread. The WAL checkpointer logs that same failure, so it does not go unseen.
 */
function runHere(task: DbThreadTask): unknown {
  const db = new Database(task.file, { readonly: true, fileMustExist: true })
  try {
    if (task.op === 'check') return db.prepare(`PRAGMA ${task.pragma}(50)`).pluck().all()
    db.prepare('VACUUM INTO ?').run(task.target)
    return null
  } finally {
    db.close()
  }
}

/**
 * Runs one task on a thread of its own; rejects with DbThreadError when SQLite refused it. A
 * thread that fails without answering (it could not start, or died) leaves the task to the
 * calling thread. `spawn` is how the thread starts (a test gives one that fails).
 */
export function runDbThreadTask(task: Extract<DbThreadTask, { op: 'check' }>, spawn?: typeof spawnDbThread): Promise<string[]>
export function runDbThreadTask(task: Extract<DbThreadTask, { op: 'vacuumInto' }>, spawn?: typeof spawnDbThread): Promise<null>
export function runDbThreadTask(task: DbThreadTask, spawn: typeof spawnDbThread = spawnDbThread): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false
    const settle = (work: () => unknown) => {
      if (settled) return
      settled = true
      try {
        resolve(work())
      } catch (error) {
        reject(error)
      }
    }
    const worker = spawn(TASK_SOURCE, { task })
    worker.once('message', (answer: TaskAnswer) =>
      settle(() => {
        if (answer.ok) return answer.value
        throw new DbThreadError(answer.message, answer.code)
      })
    )
    worker.once('error', () => settle(() => runHere(task)))
    worker.once('exit', () => settle(() => runHere(task)))
  })
}
