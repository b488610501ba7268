import { describe, expect, it } from 'vitest'
import { documentTasks } from '../../../src/workers/document-tasks'
import { PermanentTaskError, type TaskContext } from '../../../src/shared/worker-protocol'
import { sampleReport, sampleWorkOrder } from '../../../bench/workloads/documents'
import { TASKS } from '../../../src/workers/tasks'

const context = (steps: string[] = []): TaskContext => ({ signal: new AbortController().signal, progress: (_percent, step) => void steps.push(step ?? '') })
const isPdf = (bytes: unknown) => bytes instanceof Uint8Array && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-'

describe('document worker tasks', () => {
  it('are registered with every worker', () => {
    expect(TASKS['workorder.pdf']).toBe(documentTasks['workorder.pdf'])
    expect(TASKS['report.pdf']).toBe(documentTasks['report.pdf'])
  })

  it('render a valid work order and a valid report to PDF bytes, reporting progress', async () => {
    const steps: string[] = []
    expect(isPdf(await documentTasks['workorder.pdf']!(sampleWorkOrder(), context(steps)))).toBe(true)
    expect(isPdf(await documentTasks['report.pdf']!(sampleReport(), context(steps)))).toBe(true)
    expect(steps.length).toBeGreaterThan(1)
  })

  it('refuse input the schemas reject as permanent failures, naming the field', () => {
    const badOrder = { ...sampleWorkOrder(), date: '15/01/2026' }
    expect(() => documentTasks['workorder.pdf']!(badOrder, context())).toThrow(PermanentTaskError)
    expect(() => documentTasks['workorder.pdf']!(badOrder, context())).toThrow(/date/)
    expect(() => documentTasks['workorder.pdf']!(null, context())).toThrow(PermanentTaskError)
    expect(() => documentTasks['report.pdf']!({ ...sampleReport(), version: 1, amends: 3 }, context())).toThrow(PermanentTaskError)
  })
})
