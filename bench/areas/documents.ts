/**
 * Document rendering, in-process (the worker runs these same pure functions), after warm-up so
 * JIT and font metric caches are hot as in a long-lived worker.
 *
 * workorder_pdf_mean_ms: the sample two-protocol work order.
 * report_pdf_10p_mean_ms: a report of ten pages with eight cassettes; every render is checked
 * to have at least ten pages, so a shrunken workload cannot pass for this one.
 */
import { renderReportPdf } from '../../src/workers/renderers/report-pdf'
import { renderWorkOrderPdf } from '../../src/workers/renderers/workorder-pdf'
import { measure } from '../measure'
import { sampleReport, sampleWorkOrder } from '../workloads/documents'

/** Page objects in a PDF as jsPDF writes it (uncompressed object dictionaries). */
function pdfPageCount(bytes: Uint8Array): number {
  return Buffer.from(bytes).toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0
}

export async function run(): Promise<Record<string, number>> {
  const order = sampleWorkOrder()
  const workOrder = await measure({ warmUp: 10, iterations: 40 }, () => {
    if (pdfPageCount(renderWorkOrderPdf(order)) < 1) throw new Error('the work order PDF has no page')
  })
  const report = sampleReport({ pages: 10, cassettes: 8 })
  const tenPages = await measure({ warmUp: 5, iterations: 15 }, () => {
    const pages = pdfPageCount(renderReportPdf(report))
    if (pages < 10) throw new Error(`the ten-page report rendered on ${pages} pages`)
  })
  return { workorder_pdf_mean_ms: workOrder.mean, report_pdf_10p_mean_ms: tenPages.mean }
}
