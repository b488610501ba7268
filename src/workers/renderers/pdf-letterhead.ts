/**
 * The page frame both document PDFs share: an A4 jsPDF set up for byte-identical output, the
 * lab's letterhead with logo, a verification QR, footer and "Página n de N". The frame is drawn
 * by `decoratePages` after the body is laid out, when the page count is known, so bodies only
 * have to keep inside [CONTENT_TOP, CONTENT_BOTTOM].
 */
import { GState, jsPDF } from 'jspdf'
import { create as createQr } from 'qrcode'
import type { BitMatrix } from 'qrcode'
import type { Letterhead } from '../../shared/documents'
import { toWinAnsi } from './pdf-text'
import type { PdfLabels } from './pdf-text'

/** A4 portrait in millimetres. */
export const PAGE_WIDTH = 210
export const PAGE_HEIGHT = 297
export const MARGIN_X = 15
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
export const CONTENT_TOP = 45
export const CONTENT_BOTTOM = 279

const HEADER_RULE_Y = 39
const FOOTER_RULE_Y = 284
const LOGO_BOX = 22
const QR_SIZE = 24
const QR_X = PAGE_WIDTH - MARGIN_X - QR_SIZE
const QR_Y = 9
const RIGHT_BLOCK_X = QR_X - 4
const INK: [number, number, number] = [33, 37, 41]
const MUTED: [number, number, number] = [108, 117, 125]
const RULE: [number, number, number] = [173, 181, 189]

export interface PdfMeta {
  title: string
  subject: string
  author: string
  /** Calendar date of the document (`2026-01-15`), used as the PDF creation date. */
  date: string
  /**
   * Any string that identifies the rendering input (its JSON). The PDF file identifier is
   * derived from it instead of being random, so the same input gives the same bytes.
   */
  identity: string
}

/**
 * The PDF creation date is the document's own date at 00:00 UTC, not the render time: a
 * re-render of unchanged input must be byte-identical, on any machine and in any time zone.
 * jsPDF only accepts years 1970-2037 here.
 */
function pdfCreationDate(isoDate: string): string {
  const [year = '1970', month = '01', day = '01'] = isoDate.split('-')
  const clampedYear = Math.min(2037, Math.max(1970, Number(year) || 1970))
  return `D:${clampedYear}${month}${day}000000+00'00'`
}

/** 128-bit FNV-1a (four 32-bit lanes with different seeds) as 32 hex digits. */
function fileIdentifier(identity: string): string {
  const lanes = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]
  for (let i = 0; i < identity.length; i++) {
    const code = identity.charCodeAt(i)
    for (let lane = 0; lane < 4; lane++) lanes[lane] = Math.imul((lanes[lane]! ^ code) >>> 0, 0x01000193 + lane * 2) >>> 0
  }
  return lanes.map((lane) => lane.toString(16).padStart(8, '0')).join('').toUpperCase()
}

export function createDocumentPdf(meta: PdfMeta): jsPDF {
  // floatPrecision 3 (in points) is far below what a printer resolves and keeps streams short.
  const doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true, putOnlyUsedFonts: true, floatPrecision: 3 })
  doc.setCreationDate(pdfCreationDate(meta.date))
  doc.setFileId(fileIdentifier(meta.identity))
  doc.setDocumentProperties({ title: meta.title, subject: meta.subject, author: meta.author, creator: 'Reception Bench' })
  doc.setFont('helvetica', 'normal')
  doc.setLineHeightFactor(1.25)
  doc.setTextColor(...INK)
  return doc
}

export function pdfBytes(doc: jsPDF): Uint8Array {
  return new Uint8Array(doc.output('arraybuffer'))
}

/** Height in mm of one line of text at `fontSizePt` with the document's line height factor. */
export function lineHeight(doc: jsPDF, fontSizePt: number): number {
  return (fontSizePt * doc.getLineHeightFactor() * 25.4) / 72
}

/** Starts a new page when a block of `needed` mm does not fit below `y`; returns where to draw it. */
export function ensureSpace(doc: jsPDF, y: number, needed: number): number {
  if (y + needed <= CONTENT_BOTTOM) return y
  doc.addPage()
  return CONTENT_TOP
}

/** Where the last jspdf-autotable table ended on its last page. */
export function tableFinalY(doc: jsPDF): number {
  const last = (doc as unknown as { lastAutoTable?: { finalY?: number } }).lastAutoTable
  return last?.finalY ?? CONTENT_TOP
}

/** The table look both documents share, for jspdf-autotable. */
export const TABLE_STYLE = {
  theme: 'grid' as const,
  margin: { top: CONTENT_TOP, bottom: PAGE_HEIGHT - CONTENT_BOTTOM, left: MARGIN_X, right: MARGIN_X },
  showHead: 'everyPage' as const,
  styles: { font: 'helvetica', fontSize: 8.5, cellPadding: 1.6, textColor: INK, lineColor: RULE, lineWidth: 0.2 },
  headStyles: { fillColor: [233, 236, 239] as [number, number, number], textColor: INK, fontStyle: 'bold' as const }
}

export function setMutedText(doc: jsPDF): void {
  doc.setTextColor(...MUTED)
}

export function setInkText(doc: jsPDF): void {
  doc.setTextColor(...INK)
}

/**
 * Draws the QR as filled vector squares: one rectangle per horizontal run of dark modules,
 * all in a single path filled once, so the code stays sharp at any zoom or printer resolution
 * and shows no seams between rows.
 */
export function drawVerificationQr(doc: jsPDF, modules: BitMatrix, x: number, y: number, size: number): void {
  const count = modules.size
  const cell = size / count
  doc.setFillColor(0, 0, 0)
  for (let row = 0; row < count; row++) {
    let col = 0
    while (col < count) {
      if (!modules.data[row * count + col]) {
        col++
        continue
      }
      const start = col
      while (col < count && modules.data[row * count + col]) col++
      doc.rect(x + start * cell, y + row * cell, (col - start) * cell, cell, null as unknown as string)
    }
  }
  doc.fill()
}

interface LogoPlacement {
  width: number
  height: number
}

function placeLogo(doc: jsPDF, dataUrl: string): LogoPlacement {
  const { width, height } = doc.getImageProperties(dataUrl)
  const scale = Math.min(LOGO_BOX / width, LOGO_BOX / height)
  return { width: width * scale, height: height * scale }
}

export interface PageFrame {
  letterhead: Letterhead
  labels: PdfLabels
  /** "ORDEN DE TRABAJO", "INFORME HISTOPATOLÓGICO". */
  title: string
  /** The number every page must show: "OT 26/0042", "HP 26/0123". */
  reference: string
  /** Small lines under the reference (version, date, status). */
  details: string[]
  /** Encoded exactly in the QR and printed in the footer. */
  verificationUrl: string
  /** Large faint diagonal word on every page ("BORRADOR"), for documents that are not final. */
  watermark?: string
}

function drawLetterhead(doc: jsPDF, frame: PageFrame, logo: LogoPlacement | null, qr: BitMatrix): void {
  let textX = MARGIN_X
  if (logo && frame.letterhead.logoPngDataUrl) {
    // The alias makes jsPDF embed the image once and reference it from every page.
    doc.addImage(frame.letterhead.logoPngDataUrl, 'PNG', MARGIN_X, 10, logo.width, logo.height, 'letterhead-logo')
    textX += logo.width + 4
  }

  doc.setFont('helvetica', 'bold')
  doc.setFontSize(11)
  const rightWidth = doc.getTextWidth(frame.title)
  const labWidth = Math.max(40, RIGHT_BLOCK_X - rightWidth - 6 - textX)

  setInkText(doc)
  doc.setFontSize(12)
  const nameLines = doc.splitTextToSize(frame.letterhead.name, labWidth).slice(0, 2) as string[]
  doc.text(nameLines, textX, 14)
  let y = 14 + nameLines.length * lineHeight(doc, 12)
  doc.setFont('helvetica', 'normal')
  doc.setFontSize(8)
  setMutedText(doc)
  const addressLines = (doc.splitTextToSize(frame.letterhead.address, labWidth) as string[]).slice(0, 4)
  if (frame.letterhead.taxId) addressLines.push(`${frame.labels.taxId}: ${frame.letterhead.taxId}`)
  if (addressLines.length > 0) doc.text(addressLines, textX, y - 1)

  setInkText(doc)
  doc.setFont('helvetica', 'bold')
  doc.setFontSize(11)
  doc.text(frame.title, RIGHT_BLOCK_X, 14, { align: 'right' })
  doc.setFontSize(13)
  doc.text(frame.reference, RIGHT_BLOCK_X, 21, { align: 'right' })
  doc.setFont('helvetica', 'normal')
  doc.setFontSize(8)
  setMutedText(doc)
  y = 26.5
  for (const detail of frame.details) {
    doc.text(detail, RIGHT_BLOCK_X, y, { align: 'right' })
    y += lineHeight(doc, 8)
  }

  drawVerificationQr(doc, qr, QR_X, QR_Y, QR_SIZE)
  doc.setDrawColor(...RULE)
  doc.setLineWidth(0.3)
  doc.line(MARGIN_X, HEADER_RULE_Y, PAGE_WIDTH - MARGIN_X, HEADER_RULE_Y)
}

function drawFooter(doc: jsPDF, frame: PageFrame, page: number, pages: number): void {
  doc.setDrawColor(...RULE)
  doc.setLineWidth(0.3)
  doc.line(MARGIN_X, FOOTER_RULE_Y, PAGE_WIDTH - MARGIN_X, FOOTER_RULE_Y)
  doc.setFont('helvetica', 'normal')
  doc.setFontSize(7.5)
  setMutedText(doc)
  const pageText = frame.labels.page(page, pages)
  const verifyWidth = CONTENT_WIDTH - doc.getTextWidth(pageText) - 8
  const verify = doc.splitTextToSize(`${frame.labels.verify}: ${toWinAnsi(frame.verificationUrl)}`, verifyWidth) as string[]
  doc.text(verify.slice(0, 2), MARGIN_X, FOOTER_RULE_Y + 4.5)
  doc.text(pageText, PAGE_WIDTH - MARGIN_X, FOOTER_RULE_Y + 4.5, { align: 'right' })
}

const WATERMARK_ANGLE_DEG = 45
const WATERMARK_SIZE_PT = 90

function drawWatermark(doc: jsPDF, word: string): void {
  doc.saveGraphicsState()
  doc.setGState(new GState({ opacity: 0.1 }))
  doc.setFont('helvetica', 'bold')
  doc.setFontSize(WATERMARK_SIZE_PT)
  doc.setTextColor(200, 35, 51)
  // jsPDF aligns rotated text on the unrotated axis, so centre it by hand along the diagonal.
  const half = doc.getTextWidth(word) / 2
  const capHalf = (WATERMARK_SIZE_PT * 0.35 * 25.4) / 72
  const angle = (WATERMARK_ANGLE_DEG * Math.PI) / 180
  const x = PAGE_WIDTH / 2 - half * Math.cos(angle) + capHalf * Math.sin(angle)
  const y = PAGE_HEIGHT / 2 + half * Math.sin(angle) + capHalf * Math.cos(angle)
  doc.text(word, x, y, { angle: WATERMARK_ANGLE_DEG })
  doc.restoreGraphicsState()
}

/**
 * Draws letterhead, QR, footer and page numbers on every page. Call once, after the body is
 * complete: only then is the page count known for "Página n de N".
 */
export function decoratePages(doc: jsPDF, frame: PageFrame): void {
  const qr = createQr(frame.verificationUrl, { errorCorrectionLevel: 'M' }).modules
  const logo = frame.letterhead.logoPngDataUrl ? placeLogo(doc, frame.letterhead.logoPngDataUrl) : null
  const pages = doc.getNumberOfPages()
  for (let page = 1; page <= pages; page++) {
    doc.setPage(page)
    if (frame.watermark) drawWatermark(doc, frame.watermark)
    drawLetterhead(doc, frame, logo, qr)
    drawFooter(doc, frame, page, pages)
  }
  setInkText(doc)
}
