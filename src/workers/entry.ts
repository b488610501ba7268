import { connectToParent } from './channel'
import {
  createBatcher,
  unbatch,
  type FromWorker,
  type RunMessage,
  type TaskRegistry,
  type ToWorker,
  type ToWorkerEnvelope
} from '../shared/worker-protocol'
import { resolveTasks } from './tasks'

/**
 * Runs tasks for the main process. Several tasks may be in flight at once (the pool decides
 * how many); each has its own AbortController so a cancel stops exactly that one.
 */
function serveTasks(tasks: TaskRegistry): void {
  const channel = connectToParent()
  const out = createBatcher<FromWorker>((envelope) => channel.send(envelope), setImmediate)
  const running = new Map<number, AbortController>()

  const run = (message: RunMessage): void => {
    const task = tasks[message.task]
    if (!task) {
      out.post({ type: 'error', id: message.id, name: 'UnknownTask', message: `no task named ${message.task}`, permanent: true })
      return
    }
    const controller = new AbortController()
    running.set(message.id, controller)
    const progress = (percent: number, step?: string, text?: string): void => {
      if (controller.signal.aborted) return
      out.post({ type: 'progress', id: message.id, percent, step, message: text })
    }
    // Promise.try semantics: a task that throws synchronously is reported like one that rejects.
    new Promise((resolve) => resolve(task(message.input, { signal: controller.signal, progress }))).then(
      (value) => {
        running.delete(message.id)
        out.post({ type: 'result', id: message.id, value })
      },
      (error: unknown) => {
        running.delete(message.id)
        const err = error instanceof Error ? error : new Error(String(error))
        const permanent = (err as { permanent?: unknown }).permanent === true
        out.post({ type: 'error', id: message.id, name: err.name, message: err.message, permanent })
      }
    )
  }

  const handle = (message: ToWorker): void => {
    if (message.type === 'run') run(message)
    else if (message.type === 'cancel') running.get(message.id)?.abort(new DOMException('cancelled', 'AbortError'))
    else if (message.type === 'usage') {
      const { rss, heapUsed } = process.memoryUsage()
      out.post({ type: 'usage', rss, heapUsed })
    }
  }

  channel.onMessage((envelope) => {
    for (const message of unbatch(envelope as ToWorkerEnvelope)) handle(message)
  })
  channel.send({ type: 'ready', tasks: Object.keys(tasks) } satisfies FromWorker)
}

serveTasks(resolveTasks(process.env))
