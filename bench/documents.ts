/**
 * Document rendering figures for `npm run bench`, measured in-process (the worker runs the same
 * pure functions): mean render time after warm-up, so JIT and font metric caches are hot as
 * they are in a long-lived worker.
 */
import { renderReportPdf } from '../src/workers/renderers/report-pdf'
import { renderWorkOrderPdf } from '../src/workers/renderers/workorder-pdf'
import { sampleReport, sampleWorkOrder } from './workloads/documents'

function meanMs(iterations: number, warmUp: number, task: () => unknown): number {
  for (let i = 0; i < warmUp; i++) task()
  const start = performance.now()
  for (let i = 0; i < iterations; i++) task()
  return (performance.now() - start) / iterations
}

const round = (ms: number) => Math.round(ms * 100) / 100

export async function run(): Promise<Record<string, number>> {
  const order = sampleWorkOrder()
  // Ten pages with eight cassettes, as the budget names it (the report tests assert the page count).
  const report = sampleReport({ pages: 10, cassettes: 8 })
  return {
    workorder_pdf_ms: round(meanMs(40, 10, () => renderWorkOrderPdf(order))),
    report_pdf_10p_ms: round(meanMs(15, 5, () => renderReportPdf(report)))
  }
}
