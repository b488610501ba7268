/**
 * Pathology report PDF: patient and sample block, macroscopy, the cassettes table with each
 * cassette's microscopy, diagnosis, comments and the pathologist's signature. Long reports flow
 * over as many pages as they need; the table head and the page frame (letterhead, protocol
 * number, QR, "Página n de N") repeat on every page. Pure: the input object in, PDF bytes out.
 */
import { autoTable } from 'jspdf-autotable'
import type { jsPDF } from 'jspdf'
import type { CellDef, RowInput } from 'jspdf-autotable'
import type { ReportDocument } from '../../shared/documents'
import {
  CONTENT_BOTTOM,
  CONTENT_TOP,
  CONTENT_WIDTH,
  MARGIN_X,
  PAGE_WIDTH,
  TABLE_STYLE,
  createDocumentPdf,
  decoratePages,
  ensureSpace,
  lineHeight,
  pdfBytes,
  setInkText,
  setMutedText,
  tableFinalY
} from './pdf-letterhead'
import { deepToWinAnsi, formatDocumentDate, pdfLabels } from './pdf-text'
import type { PdfLabels } from './pdf-text'

/** Stable step names for the progress bar; the UI translates them. */
export type ReportRenderStep = 'patient' | 'macroscopy' | 'cassettes' | 'diagnosis' | 'signature' | 'pages' | 'serialize' | 'done'

export type ReportProgress = (percent: number, step: ReportRenderStep) => void

const BODY_PT = 9.5
const HEADING_PT = 10.5
const SECTION_GAP = 5
const SIGNATURE_BOX = { width: 55, height: 22 }
const ACCENT: [number, number, number] = [0, 96, 100]

function writeHeading(doc: jsPDF, text: string, y: number): number {
  // Keep a heading together with at least three lines of what follows it.
  const top = ensureSpace(doc, y, lineHeight(doc, HEADING_PT) + 3 * lineHeight(doc, BODY_PT) + 2)
  doc.setFont('helvetica', 'bold')
  doc.setFontSize(HEADING_PT)
  doc.setTextColor(...ACCENT)
  doc.text(text, MARGIN_X, top, { baseline: 'top' })
  setInkText(doc)
  return top + lineHeight(doc, HEADING_PT) + 1
}

/** Flows text over as many pages as it needs, one `text` call per page. */
function writeParagraphs(doc: jsPDF, text: string, y: number, style: 'normal' | 'bold' = 'normal'): number {
  doc.setFont('helvetica', style)
  doc.setFontSize(BODY_PT)
  setInkText(doc)
  const lines = doc.splitTextToSize(text.trim() || '—', CONTENT_WIDTH) as string[]
  const step = lineHeight(doc, BODY_PT)
  let top = y
  let next = 0
  while (next < lines.length) {
    const fit = Math.floor((CONTENT_BOTTOM - top) / step)
    if (fit < 1) {
      doc.addPage()
      top = CONTENT_TOP
      continue
    }
    const chunk = lines.slice(next, next + fit)
    doc.text(chunk, MARGIN_X, top, { baseline: 'top' })
    next += chunk.length
    top += chunk.length * step
  }
  return top
}

function labelCell(content: string): CellDef {
  return { content, styles: { fontStyle: 'bold', textColor: [108, 117, 125] } }
}

function groupRow(content: string): RowInput {
  return [{ content: content.toUpperCase(), colSpan: 4, styles: { fontStyle: 'bold', fontSize: 8, textColor: ACCENT, cellPadding: { top: 2.2, bottom: 0.6, left: 1.6, right: 1.6 } } }]
}

function drawPatientBlock(doc: jsPDF, report: ReportDocument, labels: PdfLabels, startY: number): number {
  const r = labels.report
  const a = report.animal
  const vet = report.veterinarian
  const date = (iso: string | null) => (iso ? formatDocumentDate(iso, report.locale) : r.notFinalized)
  autoTable(doc, {
    ...TABLE_STYLE,
    theme: 'plain',
    startY,
    styles: { ...TABLE_STYLE.styles, fontSize: 9, cellPadding: { top: 0.6, bottom: 0.6, left: 1.6, right: 1.6 } },
    columnStyles: { 0: { cellWidth: 28 }, 2: { cellWidth: 28 } },
    body: [
      groupRow(r.patient),
      [labelCell(r.animalName), a.name, labelCell(r.species), a.species],
      [labelCell(r.breed), a.breed, labelCell(r.sex), r.sexes[a.sex]],
      [labelCell(r.age), a.age, labelCell(r.owner), a.owner],
      groupRow(r.veterinarian),
      [labelCell(r.animalName), vet.name, labelCell(r.clinic), vet.clinic],
      [labelCell(r.licence), vet.licence, labelCell(labels.workOrder.email), vet.email],
      groupRow(r.sampleType),
      [labelCell(r.sampleType), report.sample.sampleType, labelCell(r.containers), String(report.sample.containers)],
      [labelCell(r.received), date(report.receivedDate), labelCell(r.finalized), date(report.finalizedDate)]
    ]
  })
  return tableFinalY(doc) + SECTION_GAP
}

function drawAmendmentNotice(doc: jsPDF, text: string, y: number): number {
  doc.setFont('helvetica', 'bold')
  doc.setFontSize(9)
  const height = lineHeight(doc, 9) + 3
  doc.setFillColor(255, 243, 205)
  doc.setDrawColor(255, 193, 7)
  doc.rect(MARGIN_X, y, CONTENT_WIDTH, height, 'FD')
  doc.setTextColor(102, 77, 3)
  doc.text(text, MARGIN_X + 2, y + 1.5, { baseline: 'top' })
  setInkText(doc)
  return y + height + 3
}

function drawCassettes(doc: jsPDF, report: ReportDocument, labels: PdfLabels, y: number): number {
  const c = labels.report.columns
  const body: RowInput[] =
    report.cassettes.length > 0
      ? report.cassettes.map((cassette) => [cassette.code, cassette.tissue, String(cassette.pieces), cassette.microscopy])
      : [[{ content: labels.report.noCassettes, colSpan: 4, styles: { halign: 'center', textColor: [108, 117, 125] } }]]
  autoTable(doc, {
    ...TABLE_STYLE,
    startY: y,
    // Long microscopy texts split across pages; the head row is printed again on each page.
    rowPageBreak: 'auto',
    styles: { ...TABLE_STYLE.styles, fontSize: 9 },
    head: [[c.code, c.tissue, c.pieces, c.microscopy]],
    body,
    columnStyles: { 0: { cellWidth: 17, fontStyle: 'bold' }, 1: { cellWidth: 38 }, 2: { cellWidth: 14, halign: 'right' } }
  })
  return tableFinalY(doc) + SECTION_GAP
}

function drawSignature(doc: jsPDF, report: ReportDocument, labels: PdfLabels, y: number): number {
  const blockX = PAGE_WIDTH - MARGIN_X - 75
  const textHeight = 3 * lineHeight(doc, 9)
  let top = ensureSpace(doc, y + 2, SIGNATURE_BOX.height + textHeight + 4)
  if (report.signaturePngDataUrl) {
    const { width, height } = doc.getImageProperties(report.signaturePngDataUrl)
    const scale = Math.min(SIGNATURE_BOX.width / width, SIGNATURE_BOX.height / height)
    doc.addImage(report.signaturePngDataUrl, 'PNG', blockX, top, width * scale, height * scale, 'signature')
    top += height * scale + 1
  } else {
    top += SIGNATURE_BOX.height * 0.6
  }
  doc.setDrawColor(173, 181, 189)
  doc.setLineWidth(0.2)
  doc.line(blockX, top, PAGE_WIDTH - MARGIN_X, top)
  doc.setFont('helvetica', 'bold')
  doc.setFontSize(9.5)
  setInkText(doc)
  doc.text(report.pathologist.name, blockX, top + 1.5, { baseline: 'top' })
  doc.setFont('helvetica', 'normal')
  doc.setFontSize(8.5)
  setMutedText(doc)
  const details = [labels.report.pathologist]
  if (report.pathologist.licence) details[0] += ` · ${labels.report.licence} ${report.pathologist.licence}`
  if (report.finalizedDate) details.push(`${labels.report.finalized}: ${formatDocumentDate(report.finalizedDate, report.locale)}`)
  doc.text(details, blockX, top + 1.5 + lineHeight(doc, 9.5), { baseline: 'top' })
  setInkText(doc)
  return top + textHeight + 2
}

/**
 * Renders a report as an A4 PDF. `onProgress` receives coarse steps for the finalize job's
 * progress bar. Same input, same bytes.
 */
export function renderReportPdf(input: ReportDocument, onProgress?: ReportProgress): Uint8Array {
  const progress: ReportProgress = onProgress ?? (() => undefined)
  const report = deepToWinAnsi(input)
  const labels = pdfLabels(report.locale)
  const r = labels.report
  const title = r.title[report.protocolType]
  const doc = createDocumentPdf({
    title: `${title} ${report.protocolNumber}`,
    subject: `${report.animal.name} (${report.animal.species})`,
    author: report.pathologist.name,
    date: report.finalizedDate ?? report.receivedDate,
    identity: JSON.stringify(input)
  })

  progress(5, 'patient')
  let y = CONTENT_TOP
  if (report.amends !== null) y = drawAmendmentNotice(doc, r.amendment(report.version, report.amends), y)
  y = drawPatientBlock(doc, report, labels, y)

  progress(15, 'macroscopy')
  y = writeHeading(doc, r.macroscopy, y)
  y = writeParagraphs(doc, report.macroscopy, y) + SECTION_GAP

  progress(30, 'cassettes')
  y = writeHeading(doc, r.cassettes, y)
  y = drawCassettes(doc, report, labels, y)

  progress(65, 'diagnosis')
  y = writeHeading(doc, r.diagnosis, y)
  y = writeParagraphs(doc, report.diagnosis, y, 'bold') + SECTION_GAP
  if (report.comments.trim()) {
    y = writeHeading(doc, r.comments, y)
    y = writeParagraphs(doc, report.comments, y) + SECTION_GAP
  }

  progress(75, 'signature')
  drawSignature(doc, report, labels, y)

  progress(85, 'pages')
  decoratePages(doc, {
    letterhead: report.letterhead,
    labels,
    title,
    reference: `${r.protocol} ${report.protocolNumber}`,
    details: [
      `${labels.date}: ${report.finalizedDate ? formatDocumentDate(report.finalizedDate, report.locale) : r.notFinalized}`,
      `${labels.version} ${report.version}`
    ],
    verificationUrl: input.verificationUrl,
    ...(report.finalizedDate ? {} : { watermark: r.notFinalized.toUpperCase() })
  })

  progress(95, 'serialize')
  const bytes = pdfBytes(doc)
  progress(100, 'done')
  return bytes
}
