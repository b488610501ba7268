import {
  createBatcher,
  unbatch,
  type FromWorker,
  type FromWorkerEnvelope,
  type ToWorker,
  type ToWorkerEnvelope
} from '../../../shared/worker-protocol'
import { backoffDelay } from '../queue/backoff'

/** One worker process as the pool sees it; Electron and Node each provide an adapter. */
export interface WorkerHandle {
  readonly pid?: number
  postMessage(message: ToWorkerEnvelope): void
  onMessage(listener: (message: FromWorkerEnvelope) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

/** The port through which the pool starts workers: `utilityProcess.fork` or `child_process.fork`. */
export type SpawnWorker = (name: string) => WorkerHandle

export interface TaskProgress {
  percent: number
  step?: string
  message?: string
}

export interface RunTaskOptions {
  /** Aborting cancels the task in the worker; the promise rejects with the signal's reason at once. */
  signal?: AbortSignal
  onProgress?: (progress: TaskProgress) => void
  /** Past this the worker is considered stuck: it is killed and replaced, the task fails (retryable). */
  timeoutMs?: number
}

/** Starts a timer that calls `onIdle` after `ms`; returns what cancels it. Tests drive it by hand. */
export type IdleTimer = (onIdle: () => void, ms: number) => () => void

/** Default: a plain timer that never keeps the process alive by itself. */
const unrefTimer: IdleTimer = (onIdle, ms) => {
  const timer = setTimeout(onIdle, ms)
  timer.unref?.()
  return () => clearTimeout(timer)
}

/**
 * How long a worker with nothing to do stays up. A worker costs ~70 MB resident; most of a
 * bench's day needs none (ZPL labels and every request are answered in main), and a start
 * costs a few hundred milliseconds once, so one busy stretch keeps its workers.
 */
export const DEFAULT_WORKER_IDLE_EXIT_MS = 3 * 60_000

export interface WorkerPoolOptions {
  spawn: SpawnWorker
  /**
   * Most worker processes at once; default 2. None runs at first: a worker starts when a task
   * finds every running one busy, and exits after `idleExitMs` with nothing to do.
   */
  size?: number
  /** Default DEFAULT_WORKER_IDLE_EXIT_MS; Infinity keeps workers until the pool stops. */
  idleExitMs?: number
  /** How the idle wait is timed (default: an unref'd setTimeout). */
  idleTimer?: IdleTimer
  /** Tasks in flight per worker; more than one hides the round trip. Default 16. */
  tasksPerWorker?: number
  /** A cancelled task that has not stopped after this long is stopped by replacing its worker. Default 2000. */
  cancelGraceMs?: number
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
  /** Epoch ms; when each worker process started. Default Date.now. */
  now?: () => number
}

export interface WorkerMemory {
  /** Resident set size, bytes. */
  rss: number
  heapUsed: number
}

export interface WorkerInfo {
  name: string
  pid: number | undefined
  ready: boolean
  inFlight: number
  /** Times this slot's process was replaced (killed, crashed, stuck) since the pool started. */
  restarts: number
  /** Epoch ms the current process was started. */
  startedAt: number
  /** Tasks the current process answered (a result or an error). */
  tasksDone: number
  /** As the worker last reported it (see `inspect`); null before it ever answered. */
  memory: WorkerMemory | null
}

export interface WorkerPool {
  /** Tasks that can be in flight at once over all workers (once all have started). */
  readonly capacity: number
  run(task: string, input: unknown, options?: RunTaskOptions): Promise<unknown>
  /**
   * Starts workers until `count` (default 1, at most the pool's size) are running, ahead of
   * tasks known to come; they exit again after the idle wait if none comes.
   */
  warm(count?: number): void
  /** Resolves when every worker started so far has announced its tasks (at once with none). */
  ready(): Promise<void>
  /** The running workers (none before the first task, none after an idle stretch). */
  workers(): WorkerInfo[]
  /**
   * The workers with their memory as they report it now: each live worker is asked and
   * answers between its tasks; one busy past `timeoutMs` keeps its last answer.
   */
  inspect(options?: { timeoutMs?: number }): Promise<WorkerInfo[]>
  /** Kills the workers; tasks still waiting or running reject with PoolStoppedError. */
  stop(): Promise<void>
}

/** The worker died or was replaced under the task: running it again may well succeed. */
export class WorkerCrashedError extends Error {
  readonly retryable = true
  constructor(message: string) {
    super(message)
    this.name = 'WorkerCrashedError'
  }
}

/** The task itself threw in the worker. */
export class WorkerTaskError extends Error {
  constructor(
    readonly taskName: string,
    readonly errorName: string,
    message: string,
    readonly permanent: boolean
  ) {
    super(message)
    this.name = 'WorkerTaskError'
  }
}

export class TaskTimeoutError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TaskTimeoutError'
  }
}

export class PoolStoppedError extends Error {
  constructor() {
    super('worker pool stopped')
    this.name = 'PoolStoppedError'
  }
}

interface PendingTask {
  id: number
  task: string
  input: unknown
  options: RunTaskOptions
  resolve(value: unknown): void
  reject(error: unknown): void
  /** Settled towards the caller (result, error or abort); the slot may still be busy. */
  settled: boolean
  slot: Slot | null
  timer: ReturnType<typeof setTimeout> | null
  onAbort: (() => void) | null
}

interface Slot {
  name: string
  handle: WorkerHandle
  ready: boolean
  /** Tasks the worker holds, including cancelled ones it has not acknowledged yet. */
  inFlight: Map<number, PendingTask>
  restarts: number
  /** Consecutive deaths before 'ready': a broken entry must not respawn in a tight loop. */
  earlyDeaths: number
  out: { post(message: ToWorker): void; flush(): void }
  alive: boolean
  startedAt: number
  tasksDone: number
  memory: WorkerMemory | null
  /** `inspect` calls waiting for this worker's usage answer. */
  usageWaiters: (() => void)[]
  /** Cancels the pending idle exit, if one is armed. */
  cancelIdle: (() => void) | null
}

const RESPAWN_BACKOFF = { baseMs: 100, capMs: 10_000 }

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const size = Math.max(1, options.size ?? 2)
  const perWorker = Math.max(1, options.tasksPerWorker ?? 16)
  const cancelGraceMs = options.cancelGraceMs ?? 2000
  const log = options.log ?? (() => {})
  const now = options.now ?? Date.now
  const idleExitMs = options.idleExitMs ?? DEFAULT_WORKER_IDLE_EXIT_MS
  const idleTimer = options.idleTimer ?? unrefTimer
  /** One place per possible worker: empty until a task needs it and again after it idled out. */
  const slots: (Slot | undefined)[] = Array.from({ length: size }, () => undefined)
  /** Replacements after a crash, per place: kept across idle exits for the Jobs page. */
  const restartsAt: number[] = Array.from({ length: size }, () => 0)
  const waiting: PendingTask[] = []
  let waitingHead = 0
  let nextId = 1
  let stopped = false
  let readyWaiters: (() => void)[] = []

  const started = (): Slot[] => slots.filter((slot): slot is Slot => slot !== undefined)
  const isAllReady = (): boolean => started().every((slot) => slot.ready)

  function wakeReadyWaiters(): void {
    const waiters = readyWaiters
    readyWaiters = []
    for (const wake of waiters) wake()
  }

  /** A worker with nothing in flight and nothing waiting starts its idle wait; any task cancels it. */
  function armIdleExit(slot: Slot): void {
    if (!Number.isFinite(idleExitMs) || !slot.alive || stopped || slot.inFlight.size > 0 || slot.cancelIdle || waitingHead < waiting.length) return
    slot.cancelIdle = idleTimer(() => {
      slot.cancelIdle = null
      exitIdle(slot)
    }, idleExitMs)
  }

  function disarmIdleExit(slot: Slot): void {
    slot.cancelIdle?.()
    slot.cancelIdle = null
  }

  /** Ends a worker that had nothing to do for the whole idle wait; its place is free again. */
  function exitIdle(slot: Slot): void {
    if (!slot.alive || stopped || slot.inFlight.size > 0) return
    slot.alive = false
    wakeUsageWaiters(slot)
    const index = slots.indexOf(slot)
    if (index !== -1) slots[index] = undefined
    log('info', `${slot.name} idle for ${idleExitMs} ms: stopped until a task needs it`)
    try {
      slot.handle.kill()
    } catch {
      // Already gone.
    }
    if (isAllReady()) wakeReadyWaiters()
  }

  function settle(task: PendingTask): boolean {
    if (task.settled) return false
    task.settled = true
    if (task.timer) clearTimeout(task.timer)
    task.timer = null
    if (task.onAbort) task.options.signal?.removeEventListener('abort', task.onAbort)
    task.onAbort = null
    return true
  }

  function spawnInto(index: number, restarts: number, earlyDeaths: number): Slot {
    restartsAt[index] = restarts
    const name = `worker-${index + 1}`
    const handle = options.spawn(name)
    const slot: Slot = {
      name,
      handle,
      ready: false,
      inFlight: new Map(),
      restarts,
      earlyDeaths,
      alive: true,
      startedAt: now(),
      tasksDone: 0,
      memory: null,
      usageWaiters: [],
      cancelIdle: null,
      out: createBatcher<ToWorker>((envelope) => {
        if (!slot.alive) return
        try {
          handle.postMessage(envelope)
        } catch (error) {
          // The exit event follows and fails the tasks; nothing more to do here.
          log('warn', `${name}: post failed: ${String(error)}`)
        }
      }, setImmediate)
    }
    slots[index] = slot
    handle.onMessage((envelope) => {
      if (!slot.alive) return
      for (const message of unbatch(envelope)) onWorkerMessage(slot, message)
      dispatch()
      armIdleExit(slot)
    })
    handle.onExit((code) => {
      if (slot.alive) retire(slot, index, `${name} exited with code ${code}`)
    })
    armIdleExit(slot)
    return slot
  }

  function onWorkerMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = true
      slot.earlyDeaths = 0
      if (isAllReady()) wakeReadyWaiters()
      return
    }
    if (message.type === 'usage') {
      slot.memory = { rss: message.rss, heapUsed: message.heapUsed }
      wakeUsageWaiters(slot)
      return
    }
    const task = slot.inFlight.get(message.id)
    if (!task) return
    if (message.type === 'progress') {
      if (!task.settled) task.options.onProgress?.({ percent: message.percent, step: message.step, message: message.message })
      return
    }
    slot.inFlight.delete(message.id)
    slot.tasksDone++
    if (!settle(task)) return
    if (message.type === 'result') task.resolve(message.value)
    else task.reject(new WorkerTaskError(task.task, message.name, message.message, message.permanent))
  }

  function wakeUsageWaiters(slot: Slot): void {
    const waiters = slot.usageWaiters
    slot.usageWaiters = []
    for (const wake of waiters) wake()
  }

  const describe = (slot: Slot): WorkerInfo => ({
    name: slot.name,
    pid: slot.handle.pid,
    ready: slot.ready,
    inFlight: slot.inFlight.size,
    restarts: slot.restarts,
    startedAt: slot.startedAt,
    tasksDone: slot.tasksDone,
    memory: slot.memory
  })

  /** Takes a worker out of service (dead or stuck), fails what it held and starts a replacement. */
  function retire(slot: Slot, index: number, reason: string): void {
    if (!slot.alive) return
    slot.alive = false
    disarmIdleExit(slot)
    wakeUsageWaiters(slot)
    const diedEarly = !slot.ready
    try {
      slot.handle.kill()
    } catch {
      // Already gone.
    }
    for (const task of slot.inFlight.values()) {
      if (settle(task)) task.reject(new WorkerCrashedError(`${reason} while running ${task.task}`))
    }
    slot.inFlight.clear()
    if (stopped) return
    log('warn', `${reason}; starting a replacement`)
    const earlyDeaths = diedEarly ? slot.earlyDeaths + 1 : 0
    const respawn = (): void => {
      if (stopped) return
      spawnInto(index, slot.restarts + 1, earlyDeaths)
      dispatch()
    }
    if (earlyDeaths === 0) respawn()
    else setTimeout(respawn, backoffDelay(RESPAWN_BACKOFF, earlyDeaths))
  }

  /**
   * The least busy running worker; when every running one is busy and a place is free, a new
   * worker (tasks sent before its 'ready' wait in its channel), so a burst still spreads over
   * the pool's size as when all workers ran from the start.
   */
  function pickSlot(): Slot | null {
    let best: Slot | null = null
    for (const slot of slots) {
      if (!slot?.alive || slot.inFlight.size >= perWorker) continue
      if (!best || slot.inFlight.size < best.inFlight.size) best = slot
    }
    if (best && best.inFlight.size === 0) return best
    const free = slots.indexOf(undefined)
    if (free !== -1 && !stopped) return spawnInto(free, restartsAt[free]!, 0)
    return best
  }

  function dispatch(): void {
    while (waitingHead < waiting.length) {
      const task = waiting[waitingHead] as PendingTask
      if (task.settled) {
        waitingHead++
        continue
      }
      const slot = pickSlot()
      if (!slot) break
      waitingHead++
      send(slot, task)
    }
    if (waitingHead > 1024 && waitingHead * 2 > waiting.length) {
      waiting.splice(0, waitingHead)
      waitingHead = 0
    }
  }

  function send(slot: Slot, task: PendingTask): void {
    disarmIdleExit(slot)
    task.slot = slot
    slot.inFlight.set(task.id, task)
    if (task.options.timeoutMs !== undefined) {
      const timeoutMs = task.options.timeoutMs
      task.timer = setTimeout(() => {
        if (task.settled || task.slot !== slot) return
        settle(task)
        task.reject(new TaskTimeoutError(`${task.task} ran past ${timeoutMs} ms`))
        retire(slot, slots.indexOf(slot), `${slot.name} overran ${task.task}`)
      }, timeoutMs)
    }
    slot.out.post({ type: 'run', id: task.id, task: task.task, input: task.input })
  }

  function abort(task: PendingTask): void {
    const reason: unknown = task.options.signal?.reason ?? new DOMException('aborted', 'AbortError')
    if (!settle(task)) return
    task.reject(reason)
    const slot = task.slot
    if (!slot || !slot.inFlight.has(task.id)) return
    slot.out.post({ type: 'cancel', id: task.id })
    // The slot stays taken until the worker acknowledges; one that cannot (a synchronous loop)
    // is replaced.
    setTimeout(() => {
      if (slot.alive && slot.inFlight.has(task.id)) {
        retire(slot, slots.indexOf(slot), `${slot.name} did not stop ${task.task} after cancel`)
      }
    }, cancelGraceMs)
  }

  return {
    capacity: size * perWorker,

    run(task, input, runOptions = {}) {
      if (stopped) return Promise.reject(new PoolStoppedError())
      const signal = runOptions.signal
      if (signal?.aborted) return Promise.reject(signal.reason)
      return new Promise((resolve, reject) => {
        const pending: PendingTask = {
          id: nextId++,
          task,
          input,
          options: runOptions,
          resolve,
          reject,
          settled: false,
          slot: null,
          timer: null,
          onAbort: null
        }
        if (signal) {
          pending.onAbort = () => abort(pending)
          signal.addEventListener('abort', pending.onAbort, { once: true })
        }
        const slot = waitingHead === waiting.length ? pickSlot() : null
        if (slot) send(slot, pending)
        else waiting.push(pending)
      })
    },

    warm(count = 1) {
      if (stopped) return
      const wanted = Math.min(size, Math.max(1, count))
      while (started().length < wanted) {
        const free = slots.indexOf(undefined)
        if (free === -1) break
        spawnInto(free, restartsAt[free]!, 0)
      }
    },

    ready() {
      if (isAllReady()) return Promise.resolve()
      return new Promise((resolve) => readyWaiters.push(resolve))
    },

    workers() {
      return started().map(describe)
    },

    async inspect({ timeoutMs = 1000 } = {}) {
      const asked = started().filter((slot) => slot.alive && slot.ready && !stopped)
      await Promise.all(
        asked.map(
          (slot) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, timeoutMs)
              slot.usageWaiters.push(() => {
                clearTimeout(timer)
                resolve()
              })
              if (slot.usageWaiters.length === 1) slot.out.post({ type: 'usage' })
            })
        )
      )
      return started().map(describe)
    },

    async stop() {
      if (stopped) return
      stopped = true
      const running = started()
      const exits = running.map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (!slot.alive) return resolve()
            slot.handle.onExit(() => resolve())
            // A worker that ignores the kill must not hold shutdown hostage.
            setTimeout(resolve, 2000).unref()
          })
      )
      for (const slot of running) {
        for (const task of slot.inFlight.values()) if (settle(task)) task.reject(new PoolStoppedError())
        retire(slot, slots.indexOf(slot), `${slot.name} stopped`)
      }
      for (let i = waitingHead; i < waiting.length; i++) {
        const task = waiting[i] as PendingTask
        if (settle(task)) task.reject(new PoolStoppedError())
      }
      waiting.length = 0
      waitingHead = 0
      await Promise.all(exits)
    }
  }
}
