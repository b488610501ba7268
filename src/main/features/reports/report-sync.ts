import type { ReportRecord } from './reports-repository'

/**
 * What the outbox carries to the central server for a report: the version, its content and,
 * once finalized, its PDF hash. Never the bytes (the veterinarian's e-mail carries those) and
 * never the bench's own finalize bookkeeping.
 */
export function reportSyncPayload(report: ReportRecord) {
  return {
    id: report.id,
    protocolId: report.protocolId,
    version: report.version,
    amendsId: report.amendsId,
    status: report.status,
    content: report.content,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    finalizedAt: report.finalizedAt,
    pdfSha256: report.pdfSha256,
    demo: report.demo
  }
}
