/**
 * The protocol label in ZPL II (Zebra and the many printers that emulate it).
 *
 * - `^CI28`: field data is UTF-8, so accents and ñ go through as they are typed.
 * - `^BQN,2,<n>`: QR model 2 with the magnification the layout chose from millimetres; the
 *   printer's default (2 at 200 dpi, 3 at 300 dpi) would print a symbol too small to scan well.
 * - `~SD` sets darkness on the absolute 0..30 scale the settings use; `^MD` would add the value
 *   to whatever the printer was set to, so "15" would mean something different on every printer.
 * - Zebra firmware drops a `^BQ` symbol below its `^FO` by the current `^BY` bar height, a value
 *   that persists between labels on the printer (zebrash and Labelary reproduce this). `^BY` is
 *   pinned to its power-up height and the origin raised by it, so the QR lands where laid out.
 * - `^`, `~` (and `_` in the same field) are ZPL's own control characters: a field holding one is
 *   sent with `^FH` and hex escapes, any other field as it is.
 */
import type { LabelContent, TextBox } from '../../../../shared/label-layout'
import type { LabelSettings } from '../../../../shared/label-settings'
import { layoutLabel } from '../../../../shared/label-layout'

const encoder = new TextEncoder()
const QR_BAR_HEIGHT = 10

function needsHexEscape(text: string): boolean {
  return text.includes('^') || text.includes('~')
}

function hexEscaped(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '^') out += '_5E'
    else if (char === '~') out += '_7E'
    else if (char === '_') out += '_5F'
    else out += char
  }
  return out
}

/** `^FD<data>^FS`, hex-escaped under `^FH` when the data holds a control character. */
function field(data: string): string {
  return needsHexEscape(data) ? `^FH^FD${hexEscaped(data)}^FS` : `^FD${data}^FS`
}

function text(box: TextBox, reverse = false): string {
  return `^FO${box.x},${box.y}^A0N,${box.height},${box.height}${reverse ? '^FR' : ''}${field(box.text)}\n`
}

function darkness(value: number): string {
  return String(Math.max(0, Math.min(30, Math.round(value)))).padStart(2, '0')
}

/** The ZPL document as text (what `buildZpl` encodes); handy for reading in tests and logs. */
export function zplText(content: LabelContent, settings: LabelSettings): string {
  const layout = layoutLabel(content, settings)
  const { qr, badge } = layout
  return (
    `~SD${darkness(settings.darkness)}\n` +
    '^XA\n' +
    '^CI28\n' +
    `^PW${layout.width}\n` +
    `^LL${layout.height}\n` +
    `^LH${layout.home.x},${layout.home.y}\n` +
    `^BY2,3,${QR_BAR_HEIGHT}^FO${qr.x},${Math.max(0, qr.y - QR_BAR_HEIGHT)}^BQN,2,${qr.magnification}${field(`QA,${qr.data}`)}\n` +
    text(layout.number) +
    text(layout.animalName) +
    (layout.animalNameSecondLine ? text(layout.animalNameSecondLine) : '') +
    text(layout.species) +
    `^FO${badge.x},${badge.y}^GB${badge.width},${badge.height},${Math.min(badge.width, badge.height)}^FS\n` +
    text(badge.text, true) +
    (layout.container ? text(layout.container) : '') +
    `^PQ${settings.copies}\n` +
    '^XZ\n'
  )
}

export function buildZpl(content: LabelContent, settings: LabelSettings): Uint8Array {
  return encoder.encode(zplText(content, settings))
}

/** Several labels (one per container) as one stream: each is a whole `^XA`..`^XZ` format. */
export function buildZplLabels(contents: readonly LabelContent[], settings: LabelSettings): Uint8Array {
  return encoder.encode(contents.map((content) => zplText(content, settings)).join(''))
}
