/**
 * The message protocol between the main process and a worker process. Identical under
 * Electron (utilityProcess, structured clone) and Node (child_process with 'advanced'
 * serialization): both carry Uint8Array intact, so rendered bytes are never re-encoded.
 */

export interface RunMessage {
  type: 'run'
  id: number
  task: string
  input: unknown
}

export interface CancelMessage {
  type: 'cancel'
  id: number
}

/** Asks the worker how much memory it holds; answered with a UsageMessage. */
export interface UsageRequest {
  type: 'usage'
}

export type ToWorker = RunMessage | CancelMessage | UsageRequest

export interface ReadyMessage {
  type: 'ready'
  tasks: string[]
}

export interface ProgressMessage {
  type: 'progress'
  id: number
  percent: number
  step?: string
  message?: string
}

/** `value` is what the task returned: bytes (Uint8Array), a file path the main process named, or plain data. */
export interface ResultMessage {
  type: 'result'
  id: number
  value: unknown
}

export interface ErrorMessage {
  type: 'error'
  id: number
  name: string
  message: string
  /** Bad input: retrying cannot help. */
  permanent: boolean
}

/**
 * The worker's own memory, measured by itself: the same answer under Electron (no /proc on
 * Windows or macOS) and under Node.
 */
export interface UsageMessage {
  type: 'usage'
  /** Resident set size, bytes. */
  rss: number
  heapUsed: number
}

export type FromWorker = ReadyMessage | ProgressMessage | ResultMessage | ErrorMessage | UsageMessage

/** Messages posted in the same turn travel as one batch: one IPC write instead of many. */
export interface Batch<T> {
  type: 'batch'
  messages: T[]
}

export type ToWorkerEnvelope = ToWorker | Batch<ToWorker>
export type FromWorkerEnvelope = FromWorker | Batch<FromWorker>

export function unbatch<T>(envelope: T | Batch<T>): readonly T[] {
  const maybeBatch = envelope as Partial<Batch<T>>
  return maybeBatch.type === 'batch' && Array.isArray(maybeBatch.messages) ? maybeBatch.messages : [envelope as T]
}

/**
 * Collects messages posted during one turn of the event loop and sends them together.
 * Both sides pass `setImmediate` as `nextTurn` rather than a microtask: tasks resolving in a
 * burst all make the same batch.
 */
export function createBatcher<T>(
  send: (envelope: T | Batch<T>) => void,
  nextTurn: (run: () => void) => void
): { post(message: T): void; flush(): void } {
  let pending: T[] = []
  let scheduled = false
  const flush = (): void => {
    scheduled = false
    if (pending.length === 0) return
    const messages = pending
    pending = []
    send(messages.length === 1 ? (messages[0] as T) : { type: 'batch', messages })
  }
  return {
    post(message) {
      pending.push(message)
      if (!scheduled) {
        scheduled = true
        nextTurn(flush)
      }
    },
    flush
  }
}

export interface TaskContext {
  signal: AbortSignal
  progress(percent: number, step?: string, message?: string): void
}

/** A pure function of its input: never opens the database, returns bytes, a path or plain data. */
export type Task = (input: unknown, context: TaskContext) => Promise<unknown> | unknown

export type TaskRegistry = Readonly<Record<string, Task>>

/** Thrown by a task for input it can never handle; the job fails at once, without retries. */
export class PermanentTaskError extends Error {
  readonly permanent = true
  constructor(message: string) {
    super(message)
    this.name = 'PermanentTaskError'
  }
}
