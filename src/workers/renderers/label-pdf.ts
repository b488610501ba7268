/**
 * The protocol label as a PDF page of exactly the label's size, for driver printing (Electron's
 * silent print) and for the preview. It draws the same layout the thermal printers get, at the
 * printer's dpi, so the preview shows where every dot will land.
 *
 * - The QR is vector: one filled rectangle per horizontal run of dark modules, so it stays sharp
 *   at any zoom and a 41-module symbol costs a few hundred path operations, not 1,681.
 * - Text is the standard Helvetica (WinAnsi covers á é í ó ú ñ ü) with nothing embedded.
 * - Output is deterministic: a fixed creation date and file id, so the same protocol always
 *   gives the same bytes and a reprint is byte-identical.
 */
import { jsPDF } from 'jspdf'
import QRCode from 'qrcode'
import type { BitMatrix } from 'qrcode'
import { QR_ERROR_CORRECTION, layoutLabel, sanitizeLabelText } from '../../shared/label-layout'
import type { LabelContent, TextBox } from '../../shared/label-layout'
import type { LabelSettings } from '../../shared/label-settings'
import { toWinAnsi } from './pdf-text'

/** PDF date format with an explicit UTC offset: a Date would be written in the local zone. */
const FIXED_CREATION_DATE = "D:20000101000000+00'00'"
const FIXED_FILE_ID = '00000000000000000000000000000000'
const PT_PER_MM = 72 / 25.4
const utf8 = new TextEncoder()

interface RawContent {
  write(...operators: string[]): void
}

/**
 * Writes the QR straight into the page's content stream, in module units: a `cm` matrix scales
 * one unit to one module and flips y, so each run is a short `col row len 1 re`, and one `f` fills
 * them all. jsPDF's rect() would round four coordinates per run and emit a fill per rectangle.
 */
function drawQr(doc: jsPDF, modules: BitMatrix, xMm: number, yMm: number, moduleMm: number, pageHeightMm: number): void {
  const k = PT_PER_MM
  const size = modules.size
  const data = modules.data
  let path = `q 0 g ${moduleMm * k} 0 0 ${-moduleMm * k} ${xMm * k} ${(pageHeightMm - yMm) * k} cm\n`
  for (let row = 0; row < size; row++) {
    let run = -1
    for (let col = 0; col <= size; col++) {
      const dark = col < size && data[row * size + col] !== 0
      if (dark && run < 0) run = col
      else if (!dark && run >= 0) {
        path += `${run} ${row} ${col - run} 1 re\n`
        run = -1
      }
    }
  }
  ;(doc.internal as unknown as RawContent).write(`${path}f Q`)
}

export function renderLabelPdf(content: LabelContent, settings: LabelSettings): Uint8Array {
  return renderLabelsPdf([content], settings)
}

/** One page per label (one per container in a per-container run), each exactly the label's size. */
export function renderLabelsPdf(contents: readonly LabelContent[], settings: LabelSettings): Uint8Array {
  const first = contents[0]
  if (!first) throw new Error('no label to render')
  const orientation = settings.widthMm > settings.heightMm ? 'landscape' : 'portrait'
  const doc = new jsPDF({
    unit: 'mm',
    format: [settings.widthMm, settings.heightMm],
    orientation,
    // Left uncompressed: deflating the few kilobytes costs more time than the bytes are worth.
    compress: false,
    putOnlyUsedFonts: true
  })
  doc.setCreationDate(FIXED_CREATION_DATE)
  doc.setFileId(FIXED_FILE_ID)
  doc.setDocumentProperties({ title: first.number, creator: 'Reception Bench' })
  contents.forEach((content, page) => {
    if (page > 0) doc.addPage([settings.widthMm, settings.heightMm], orientation)
    drawLabel(doc, content, settings)
  })
  return new Uint8Array(doc.output('arraybuffer'))
}

function drawLabel(doc: jsPDF, content: LabelContent, settings: LabelSettings): void {
  // One byte-mode segment: the mode the layout reserves room for, and no search for a mix.
  const symbol = QRCode.create([{ data: utf8.encode(sanitizeLabelText(content.publicUrl)), mode: 'byte' }], { errorCorrectionLevel: QR_ERROR_CORRECTION })
  // Transliterated before the layout measures and cuts, so "α" -> "alfa" cannot run over.
  const printable: LabelContent = {
    ...content,
    number: toWinAnsi(content.number),
    animalName: toWinAnsi(content.animalName),
    species: toWinAnsi(content.species)
  }
  const layout = layoutLabel(printable, settings, { qrModules: symbol.modules.size })
  const toMm = (dots: number) => dots / layout.dotsPerMm
  const originX = toMm(layout.home.x)
  const originY = toMm(layout.home.y)

  drawQr(doc, symbol.modules, originX + toMm(layout.qr.x), originY + toMm(layout.qr.y), toMm(layout.qr.magnification), settings.heightMm)

  const text = (box: TextBox) => {
    doc.setFontSize(toMm(box.height) * PT_PER_MM)
    doc.text(box.text, originX + toMm(box.x), originY + toMm(box.y), { baseline: 'top' })
  }
  doc.setFont('helvetica', 'bold')
  doc.setTextColor(0, 0, 0)
  text(layout.number)
  text(layout.animalName)
  if (layout.animalNameSecondLine) text(layout.animalNameSecondLine)
  if (layout.container) text(layout.container)
  doc.setFont('helvetica', 'normal')
  text(layout.species)

  const { badge } = layout
  doc.rect(originX + toMm(badge.x), originY + toMm(badge.y), toMm(badge.width), toMm(badge.height), 'F')
  doc.setFont('helvetica', 'bold')
  doc.setTextColor(255, 255, 255)
  text(badge.text)
}
