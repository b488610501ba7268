/**
 * The protocol label in TSPL2 (TSC and the many compatible printers), drawn from the same layout
 * as the ZPL and the PDF.
 *
 * UTF-8 text, what the research found:
 * - The TSPL/TSPL2 manual's TEXT font table: font "0" is "Monotype CG Triumvirate Bold
 *   Condensed (stretchable, TSPL2 only)"; for it "x-multiplication ... specifies width in
 *   points" and "y-multiplication ... for True Type fonts, specifies height in points". Fonts
 *   "1".."8" are fixed-pitch bitmap fonts (8 x 12 ... 32 x 48 dots, OCR-A/B) built for the 8-bit
 *   code pages (437, 850, 1252...) only.
 * - CODEPAGE: the older manual lists 7-bit, DOS and Windows code pages; UTF-8 came later, "plus
 *   per-model UTF-8 / CJK additions in the model-specific appendix" (rfid.me TSPL reference),
 *   and TSC's own TSCLIB samples send `CODEPAGE UTF-8` before printing Unicode text.
 * So every line is printed with the scalable font "0" after `CODEPAGE UTF-8`: it is the resident
 * font that maps Unicode, whereas a bitmap font would print "Ã±" for "ñ".
 *
 * Strings are double-quoted; a `"` inside one is written `\["]` as the manual asks. Every command
 * line ends with CR LF.
 */
import type { LabelContent, TextBox } from '../../../../shared/label-layout'
import type { LabelSettings } from '../../../../shared/label-settings'
import { QR_ERROR_CORRECTION, layoutLabel } from '../../../../shared/label-layout'

const encoder = new TextEncoder()

function quoted(text: string): string {
  return `"${text.includes('"') ? text.split('"').join('\\["]') : text}"`
}

function millimetres(value: number): string {
  return String(Math.round(value * 100) / 100)
}

/** Font "0" takes its size in points; the layout works in dots. */
function points(dots: number, dpi: number): number {
  return Math.max(1, Math.round((dots * 72) / dpi))
}

function text(box: TextBox, dpi: number): string {
  const size = points(box.height, dpi)
  return `TEXT ${box.x},${box.y},"0",0,${size},${size},${quoted(box.text)}\r\n`
}

/** TSPL DENSITY is 0..15; the settings keep Zebra's 0..30. */
function density(darkness: number): number {
  return Math.max(0, Math.min(15, Math.round(darkness / 2)))
}

export function tsplText(content: LabelContent, settings: LabelSettings): string {
  const layout = layoutLabel(content, settings)
  const { qr, badge, dpi } = layout
  return (
    `SIZE ${millimetres(settings.widthMm)} mm,${millimetres(settings.heightMm)} mm\r\n` +
    `GAP ${millimetres(settings.gapMm)} mm,0 mm\r\n` +
    'DIRECTION 1,0\r\n' +
    `REFERENCE ${layout.home.x},${layout.home.y}\r\n` +
    `DENSITY ${density(settings.darkness)}\r\n` +
    'CODEPAGE UTF-8\r\n' +
    'CLS\r\n' +
    `QRCODE ${qr.x},${qr.y},${QR_ERROR_CORRECTION},${qr.magnification},A,0,M2,S7,${quoted(qr.data)}\r\n` +
    text(layout.number, dpi) +
    text(layout.animalName, dpi) +
    (layout.animalNameSecondLine ? text(layout.animalNameSecondLine, dpi) : '') +
    text(layout.species, dpi) +
    // Black text, then the badge's area inverted: white letters on a black box.
    text(badge.text, dpi) +
    `REVERSE ${badge.x},${badge.y},${badge.width},${badge.height}\r\n` +
    (layout.container ? text(layout.container, dpi) : '') +
    `PRINT 1,${settings.copies}\r\n`
  )
}

export function buildTspl(content: LabelContent, settings: LabelSettings): Uint8Array {
  return encoder.encode(tsplText(content, settings))
}

/** Several labels (one per container) as one stream: each clears the buffer and ends with its PRINT. */
export function buildTsplLabels(contents: readonly LabelContent[], settings: LabelSettings): Uint8Array {
  return encoder.encode(contents.map((content) => tsplText(content, settings)).join(''))
}
