import type { z } from 'zod'
import { PermanentTaskError, type Task, type TaskRegistry } from '../shared/worker-protocol'
import { renderWorkOrderPdf } from './renderers/workorder-pdf'
import { renderReportPdf } from './renderers/report-pdf'
import { ReportDocument, WorkOrderDocument } from '../shared/documents'

/** Input that does not satisfy the renderer's schema can never render: fail at once, no retries. */
function parseDocument<S extends z.ZodType>(schema: S, input: unknown, task: string): z.output<S> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    throw new PermanentTaskError(`${task}: invalid input (${where})`)
  }
  return parsed.data
}

const workOrderPdf: Task = (input, { progress }) => {
  const order = parseDocument(WorkOrderDocument, input, 'workorder.pdf')
  progress(10, 'layout')
  return renderWorkOrderPdf(order)
}

const reportPdf: Task = (input, { progress }) => {
  const report = parseDocument(ReportDocument, input, 'report.pdf')
  return renderReportPdf(report, (percent, step) => progress(percent, step))
}

/** Work-order and report PDFs: the document input in, the PDF bytes out. */
export const documentTasks: TaskRegistry = {
  'workorder.pdf': workOrderPdf,
  'report.pdf': reportPdf
}
