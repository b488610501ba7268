import { PermanentTaskError, type Task, type TaskRegistry } from '../shared/worker-protocol'
import { renderLabelsPdf } from './renderers/label-pdf'
import type { LabelContent } from '../shared/label-layout'
import { LabelSettingsSchema } from '../shared/label-settings'
import { documentTasks } from './document-tasks'
import { exportTasks } from './export-tasks'
import { statisticsTasks } from './statistics-tasks'

/**
 * The benchmark's unit of work: the cost of a round trip and nothing else. It answers with the
 * worker's wall clock at start so the pickup latency (enqueue to worker start) can be measured.
 */
const noop: Task = () => ({ startedAt: performance.timeOrigin + performance.now() })

function numberField(input: unknown, field: string, fallback?: number): number {
  const value = (input as Record<string, unknown> | null)?.[field] ?? fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PermanentTaskError(`${field} must be a non-negative number`)
  }
  return value
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError')
}

/** Waits `ms`, reporting `steps` progress ticks; honours cancellation unless told not to. */
const sleep: Task = (input, { signal, progress }) => {
  const ms = numberField(input, 'ms')
  const steps = Math.max(1, Math.floor(numberField(input, 'steps', 1)))
  const ignoreAbort = (input as { ignoreAbort?: unknown }).ignoreAbort === true
  return new Promise((resolve, reject) => {
    let step = 0
    const tick = (): void => {
      step++
      progress((step / steps) * 100, `step ${step}/${steps}`)
      if (step >= steps) {
        signal.removeEventListener('abort', onAbort)
        resolve({ pid: process.pid })
      } else timer = setTimeout(tick, ms / steps)
    }
    let timer = setTimeout(tick, ms / steps)
    const onAbort = (): void => {
      if (ignoreAbort) return
      clearTimeout(timer)
      reject(abortError(signal))
    }
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** Blocks the worker's event loop: it cannot even hear a cancel, so only a kill stops it. */
const spin: Task = (input) => {
  const until = Date.now() + numberField(input, 'ms')
  while (Date.now() < until) {
    // busy on purpose
  }
  return { pid: process.pid }
}

const crash: Task = (input) => {
  const mode = (input as { mode?: unknown } | null)?.mode
  if (mode === 'abort') process.abort()
  process.exit(numberField(input, 'code', 70))
}

const fail: Task = (input) => {
  const { message, permanent } = (input ?? {}) as { message?: unknown; permanent?: unknown }
  const text = typeof message === 'string' ? message : 'diagnostics.fail'
  throw permanent === true ? new PermanentTaskError(text) : new Error(text)
}

const echo: Task = (input) => input

/** `{ content, settings }` for one label, `{ contents, settings }` for one page per container. */
const labelPdf: Task = (input) => {
  const { content, contents, settings } = (input ?? {}) as { content?: LabelContent; contents?: LabelContent[]; settings?: unknown }
  const parsed = LabelSettingsSchema.safeParse(settings)
  const labels = contents ?? (content ? [content] : [])
  if (labels.length === 0 || !labels.every((label) => typeof label?.number === 'string') || !parsed.success) {
    throw new PermanentTaskError('label.pdf needs { content or contents, settings }')
  }
  return renderLabelsPdf(labels, parsed.data)
}

/** Tasks every worker runs. Renderers register here: name -> pure function of its input. */
export const TASKS: TaskRegistry = {
  noop,
  'label.pdf': labelPdf,
  ...documentTasks,
  ...exportTasks,
  ...statisticsTasks
}

/** Fault injection for tests and support sessions; present only with BENCH_WORKER_DIAGNOSTICS=1. */
export const DIAGNOSTIC_TASKS: TaskRegistry = {
  'diagnostics.sleep': sleep,
  'diagnostics.spin': spin,
  'diagnostics.crash': crash,
  'diagnostics.fail': fail,
  'diagnostics.echo': echo
}

export function resolveTasks(env: NodeJS.ProcessEnv): TaskRegistry {
  return env.BENCH_WORKER_DIAGNOSTICS === '1' ? { ...TASKS, ...DIAGNOSTIC_TASKS } : TASKS
}
