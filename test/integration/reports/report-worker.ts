// Worker entry for the reports tests: the real worker (src/workers/entry.ts) whose 'report.pdf'
// can be told to stall. With REPORT_TEST_PAUSE_FILE set, the first render over every worker
// process (the file marks it taken) says "worker-rendering <pid>" on stdout and never finishes:
// the crash test kills the worker or the app right there. Every other render is the real one.
import { closeSync, openSync, writeSync } from 'node:fs'
import { TASKS } from '../../../src/workers/tasks'
import type { Task } from '../../../src/shared/worker-protocol'

const render = TASKS['report.pdf']
if (!render) throw new Error("the worker registers no 'report.pdf' task")

/** True only for the first caller: the file is created exclusively. */
function firstToPause(file: string): boolean {
  try {
    closeSync(openSync(file, 'wx'))
    return true
  } catch {
    return false
  }
}

// The registry is read-only to its users; this test entry is the one place that wraps a task.
;(TASKS as Record<string, Task>)['report.pdf'] = (input, context) => {
  const pauseFile = process.env.REPORT_TEST_PAUSE_FILE
  if (pauseFile && firstToPause(pauseFile)) {
    writeSync(1, `worker-rendering ${process.pid}\n`)
    return new Promise(() => {})
  }
  return render(input, context)
}

await import('../../../src/workers/entry')
