/**
 * Moves the bench's WAL into the database file from a thread of its own, so the main process
 * never pays for it inside a request. SQLite's automatic checkpoint runs in whichever commit
 * crosses 1,000 WAL pages: one receive in twenty copied those pages and waited for the disk,
 * and that was the whole slow tail of Enter → label (3 ms → 7 ms at p95).
 *
 * The thread opens its own connection to the file and runs a PASSIVE checkpoint every
 * `intervalMs`: it never takes the writer's lock, so the main connection keeps committing while
 * pages are copied. Only once the thread answers does the main connection leave the checkpoints
 * to it (keeping a backstop, BACKSTOP_PAGES); a thread that fails to start or dies gives them back
 * at once, so the WAL is never left to grow unchecked. The thread is a db-thread.ts one.
 *
 * The hourly checkpoint that also empties the WAL file (TRUNCATE) runs in the thread too. On the
 * main connection it waited, with the connection's busy timeout, for every reader on an older
 * snapshot: a start that caught up the missed hourly slot beside the nightly check or the daily
 * snapshot (seconds-long reads on their own connections) froze the bench until they ended. The
 * thread's connection never waits: it answers `busy` and the next hour tries again.
 */
import type { Db } from './database'
import { spawnDbThread } from './db-thread'
import type { LogFn } from '../module'

/** SQLite's own default: what the main connection checkpoints at whenever the thread is not running. */
export const AUTOCHECKPOINT_PAGES = 1000

/**
 * While the thread runs, the main connection still checkpoints once the WAL reaches this many
 * pages (about 32 MB). Under writes that never pause (a long bulk run, a big pull) the thread's
 * checkpoint never sees the last frame, so the WAL could not start over and grew without end (its
 * index mapped into the process grew with it); the main connection's checkpoint, run in its own
 * commit, sees every frame, most of them already copied by the thread, and lets the WAL restart.
 */
export const BACKSTOP_PAGES = 8000

export interface CheckpointResult {
  /** 1 when a reader or the writer was in the way and the checkpoint stopped short; nothing waited for it. */
  busy: number
  /** WAL frames written since the last reset. */
  log: number
  /** Of those, the ones now in the database file. */
  checkpointed: number
}

export interface WalCheckpointer {
  /** Resolves once the thread checkpoints (true) or has given up, leaving it to the main connection (false). */
  readonly started: Promise<boolean>
  /** Runs one PASSIVE checkpoint now and answers what it moved; rejects when the thread is not running. */
  checkpointNow(): Promise<CheckpointResult>
  /**
   * Copies the whole WAL into the file and empties it (TRUNCATE), in the thread, without waiting
   * for anyone. Without the thread, a PASSIVE checkpoint on the main connection, which never waits
   * either (the WAL file is then emptied by the next one that finds no reader).
   */
  truncate(): Promise<CheckpointResult>
  /** Ends the thread and closes its connection; the main connection checkpoints again by itself. */
  stop(): Promise<void>
  /** Ends the thread at once, as its crash would (a warning is logged); the main connection checkpoints again by itself. */
  kill(): Promise<void>
}

export interface WalCheckpointerOptions {
  intervalMs?: number
  log?: LogFn
}

type ThreadMessage = { type: 'ready' } | { type: 'checkpoint'; id: number; result?: CheckpointResult; error?: string }

const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
db.pragma('busy_timeout = 0')
db.pragma('cache_size = -256')
const checkpoint = (mode) => {
  const row = db.pragma(mode === 'truncate' ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)')[0]
  return { busy: row.busy, log: row.log, checkpointed: row.checkpointed }
}
const timer = setInterval(() => {
  try { checkpoint() } catch (error) { parentPort.postMessage({ type: 'checkpoint', id: 0, error: String(error && error.message || error) }) }
}, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message.type === 'stop') {
    clearInterval(timer)
    db.close()
    parentPort.close()
    return
  }
  try { parentPort.postMessage({ type: 'checkpoint', id: message.id, result: checkpoint(message.mode) }) }
  catch (error) { parentPort.postMessage({ type: 'checkpoint', id: message.id, error: String(error && error.message || error) }) }
})
parentPort.postMessage({ type: 'ready' })
`

/** A PASSIVE checkpoint on `db` itself, for a bench without the thread: it never waits for a reader or the writer. */
export function passiveCheckpoint(db: Db): CheckpointResult {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[]
  return { busy: row?.busy ?? 0, log: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 }
}

/** Starts the thread on the file `db` has open (its `name`). */
export function startWalCheckpointer(db: Db, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const log = options.log ?? (() => undefined)
  const worker = spawnDbThread(THREAD_SOURCE, { file: db.name, intervalMs: options.intervalMs ?? 1000 })
  let running = false
  let stopping = false
  let nextId = 1
  const pending = new Map<number, { resolve(result: CheckpointResult): void; reject(error: Error): void }>()
  const handBack = (why: string) => {
    const wasRunning = running
    running = false
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
    for (const { reject } of pending.values()) reject(new Error(why))
    pending.clear()
    if (wasRunning && !stopping) log('warn', `WAL checkpoints are back on the main thread: ${why}`)
  }
  let settleStarted: (value: boolean) => void = () => undefined
  const started = new Promise<boolean>((resolve) => (settleStarted = resolve))
  worker.on('message', (message: ThreadMessage) => {
    if (message.type === 'ready') {
      if (stopping || !db.open) return
      db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
      running = true
      settleStarted(true)
    } else if (message.id === 0) {
      log('warn', `a background WAL checkpoint failed: ${message.error ?? 'unknown error'}`)
    } else {
      const waiting = pending.get(message.id)
      pending.delete(message.id)
      if (message.result) waiting?.resolve(message.result)
      else waiting?.reject(new Error(message.error ?? 'checkpoint failed'))
    }
  })
  worker.on('error', (error) => {
    if (!stopping) log('warn', `the WAL checkpoint thread failed: ${error.message}`)
    handBack(error.message)
    settleStarted(false)
  })
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      handBack(`the checkpoint thread exited (${code})`)
      settleStarted(false)
      resolve()
    })
  )
  const ask = (mode: 'passive' | 'truncate') => {
    if (!running) return Promise.reject(new Error('the checkpoint thread is not running'))
    const id = nextId++
    return new Promise<CheckpointResult>((resolve, reject) => {
      pending.set(id, { resolve, reject })
      worker.postMessage({ type: 'checkpoint', id, mode })
    })
  }
  return {
    started,
    checkpointNow: () => ask('passive'),
    async truncate() {
      // A thread still starting answers first; one that could not start leaves it to the main connection.
      if ((await started) && running) {
        try {
          return await ask('truncate')
        } catch {
          // The thread died meanwhile: the main connection's checkpoint below.
        }
      }
      return passiveCheckpoint(db)
    },
    async kill() {
      await worker.terminate()
      await exited
    },
    async stop() {
      if (stopping) return exited
      stopping = true
      worker.postMessage({ type: 'stop' })
      // A thread stuck in its checkpoint (a disk that hangs) does not hold the bench's close for long.
      const timeout = setTimeout(() => void worker.terminate(), 5000)
      await exited
      clearTimeout(timeout)
    }
  }
}
