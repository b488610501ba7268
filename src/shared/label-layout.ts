/**
 * Where everything goes on the protocol label, in printer dots. Pure: the ZPL and TSPL builders
 * and the PDF renderer all draw this one layout, so a preview shows what the thermal printer
 * prints.
 *
 * Every position and size is converted from millimetres at the printer's own resolution
 * (`round(mm * dpi / 25.4)`), never rescaled from the other dpi: rescaling 203 dpi dots to 300
 * would carry the 203 rounding error into the 300 dpi label.
 *
 *   +--------+----------------------+
 *   |  QR    | HP 26/0123           |   number, large (shrinks to fit, never cut)
 *   | (URL)  | Animal name...       |   cut with "..." to the column; what the printer
 *   |        | Species...           |   font cannot draw is transliterated (ñ, accents kept)
 *   |        | [HP]                 |   type badge, white on black
 *   +--------+----------------------+
 */
import type { ProtocolType } from './domain'
import type { LabelSettings } from './label-settings'


export interface LabelContent {
  type: ProtocolType
  /** As printed: `HP 26/0123`. */
  number: string
  animalName: string
  species: string
  /** What the QR code encodes. */
  publicUrl: string
  /** Which of the protocol's containers this label goes on (printed `2/3`); absent for one label per protocol. */
  container?: ContainerTag | undefined
}

export interface ContainerTag {
  /** 1-based. */
  index: number
  count: number
}

/** How a container tag reads on the label: `2/3`. */
export function containerTagText(tag: ContainerTag): string {
  return `${tag.index}/${tag.count}`
}

/** A single line of text: top-left corner, font height (em) and the width it may not exceed. */
export interface TextBox {
  x: number
  y: number
  height: number
  maxWidth: number
  text: string
}

export interface QrBox {
  x: number
  y: number
  /** Dots per module, the explicit magnification the printer is told. */
  magnification: number
  /** Modules per side the layout reserved room for. */
  modules: number
  size: number
  data: string
}

export interface LabelLayout {
  dpi: number
  dotsPerMm: number
  width: number
  height: number
  /** Label home (origin) in dots; never negative, printers reject that. */
  home: { x: number; y: number }
  qr: QrBox
  number: TextBox
  /** The name's first line; full height when the name fits on it, smaller when it wraps. */
  animalName: TextBox
  /** The rest of a name too long for one line (cut with "..." if even that does not fit); null when it fits. */
  animalNameSecondLine: TextBox | null
  species: TextBox
  /** A filled box with the protocol type printed white inside it. */
  badge: { x: number; y: number; width: number; height: number; text: TextBox }
  /** `2/3` beside the badge, black on white; null on a label for the whole protocol. */
  container: TextBox | null
}

/**
 * Error correction for every QR the labels carry. Q (25 %) survives the smudges and scratches a
 * thermal label collects on a formalin jar; the URLs are short enough that the symbol stays small.
 */
export const QR_ERROR_CORRECTION = 'Q' as const

/** The design, in millimetres, for a label 20 mm tall; vertical sizes scale with the height. */
export const LABEL_DESIGN_MM = {
  designHeightMm: 20,
  marginMm: 1,
  gapMm: 1.2,
  qrModuleMm: 0.4,
  qrMaxWidthShare: 0.5,
  numberTopMm: 1.2,
  numberHeightMm: 4.4,
  numberMinHeightMm: 1.5,
  nameTopMm: 6.6,
  nameHeightMm: 3,
  speciesTopMm: 10.4,
  speciesHeightMm: 2.6,
  /** A name that wraps takes two lines of this height, and the species moves down under them. */
  nameWrappedHeightMm: 2.6,
  nameWrappedLeadMm: 2.8,
  badgeHeightMm: 4,
  badgeTextHeightMm: 3,
  badgePadMm: 0.8
} as const

export const ELLIPSIS = '...'

export function dotsPerMm(dpi: number): number {
  return dpi / 25.4
}

export function mmToDots(mm: number, dpi: number): number {
  return Math.round((mm * dpi) / 25.4)
}

/**
 * Helvetica-Bold advance widths (1/1000 em) for U+0020..U+007E, from the standard AFM. It is the
 * widest face any of the three outputs uses (Zebra font 0 and TSC font "0" are condensed), so a
 * line measured with it fits on every printer.
 */
// prettier-ignore
const HELVETICA_BOLD_WIDTHS = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584
]
/** Anything unknown is measured as a full em so it can only err on the short side. */
const UNKNOWN_WIDTH = 1000
const accentedWidths = new Map<number, number>()

function charWidth(code: number): number {
  if (code >= 0x20 && code <= 0x7e) return HELVETICA_BOLD_WIDTHS[code - 0x20] ?? UNKNOWN_WIDTH
  const known = accentedWidths.get(code)
  if (known !== undefined) return known
  // An accented letter is as wide as its base letter (á = a, Ñ = N).
  const base = String.fromCodePoint(code).normalize('NFD').charCodeAt(0)
  const width = base >= 0x20 && base <= 0x7e ? (HELVETICA_BOLD_WIDTHS[base - 0x20] ?? UNKNOWN_WIDTH) : UNKNOWN_WIDTH
  if (accentedWidths.size < 1024) accentedWidths.set(code, width)
  return width
}

/** Width of `text` in em (font height = 1). */
export function textWidthEm(text: string): number {
  let total = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0
    if (code > 0xffff) i++
    total += charWidth(code)
  }
  return total / 1000
}

/**
 * One line of printable text: control characters (a pasted newline would end a ZPL field or a
 * TSPL command early) become spaces, runs of spaces collapse, and decomposed accents are composed
 * so `n` + combining tilde prints as one `ñ`.
 */
export function sanitizeLabelText(text: string): string {
  let out = ''
  let pendingSpace = false
  let ascii = true
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f)) {
      pendingSpace = out.length > 0
      continue
    }
    if (pendingSpace) {
      out += ' '
      pendingSpace = false
    }
    if (code > 0x7e) ascii = false
    out += text[i]
  }
  return ascii ? out : out.normalize('NFC')
}

/** Common characters outside Latin-1 said in letters the label fonts have. */
// prettier-ignore
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2033': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u2026': '...', '\u2022': '-', '\u20ac': 'EUR', '\u2122': 'TM',
  '\u0152': 'OE', '\u0153': 'oe', '\u0141': 'L', '\u0142': 'l', '\u0110': 'D', '\u0111': 'd', '\u0131': 'i'
}

/** What the resident printer fonts draw (Zebra font 0 under ^CI28, TSC font "0"): ASCII and Latin-1. */
const onLabelFont = (code: number) => (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)

/**
 * Text a label font can draw: ñ, accents and the rest of Latin-1 as they are; other accented
 * letters without their accent (ő -> o, č -> c); quotes, dashes and a few signs in plain letters;
 * what has no such spelling (emoji, other scripts) left out rather than printed as boxes. A text
 * left with nothing printable becomes "?", so the line still shows something was there.
 */
export function transliterateForLabel(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (onLabelFont(code)) {
      out += char
      continue
    }
    const spelled = TRANSLITERATIONS[char]
    if (spelled !== undefined) {
      out += spelled
      continue
    }
    const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    if (base.length > 0 && [...base].every((part) => onLabelFont(part.codePointAt(0) ?? 0))) out += base
  }
  const tidy = out.replace(/ {2,}/g, ' ').trim()
  return tidy.length === 0 && text.trim().length > 0 ? '?' : tidy
}

/** Cuts `text` so it fits `maxWidth` dots at `height` dots, ending it with "..." when cut. */
export function fitText(text: string, maxWidth: number, height: number): string {
  if (height <= 0 || maxWidth <= 0) return ''
  const budgetEm = maxWidth / height
  if (textWidthEm(text) <= budgetEm) return text
  const room = budgetEm - textWidthEm(ELLIPSIS)
  let used = 0
  let end = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0
    const step = code > 0xffff ? 2 : 1
    const width = charWidth(code) / 1000
    if (used + width > room) break
    used += width
    i += step - 1
    end = i + 1
  }
  if (end === 0) return room >= 0 ? ELLIPSIS : ''
  return text.slice(0, end).trimEnd() + ELLIPSIS
}

/**
 * Breaks `text` into at most `maxLines` lines of `maxWidth` dots at `height` dots, at spaces where
 * it can (a word wider than a whole line is broken inside it). What does not fit on the last line
 * is cut there with "...". Text that fits on one line comes back as that one line.
 */
export function wrapText(text: string, maxWidth: number, height: number, maxLines: number): string[] {
  if (height <= 0 || maxWidth <= 0 || maxLines < 1) return ['']
  const budgetEm = maxWidth / height
  const lines: string[] = []
  let rest = text.trim()
  while (lines.length < maxLines - 1 && rest.length > 0 && textWidthEm(rest) > budgetEm) {
    const words = rest.split(' ')
    let line = words[0] ?? ''
    let taken = 1
    while (taken < words.length && textWidthEm(`${line} ${words[taken]}`) <= budgetEm) line += ` ${words[taken++]}`
    if (textWidthEm(line) > budgetEm) {
      // One word wider than the line: break it at the last character that fits.
      line = prefixWithin(line, budgetEm)
      if (line.length === 0) break
      rest = rest.slice(line.length).trimStart()
    } else {
      rest = words.slice(taken).join(' ')
    }
    lines.push(line)
  }
  lines.push(fitText(rest, maxWidth, height))
  return lines
}

/** The longest start of `text` (whole code points) no wider than `budgetEm`. */
function prefixWithin(text: string, budgetEm: number): string {
  let used = 0
  let end = 0
  for (const char of text) {
    used += charWidth(char.codePointAt(0) ?? 0) / 1000
    if (used > budgetEm) break
    end += char.length
  }
  return text.slice(0, end)
}

/**
 * Byte-mode capacity of QR versions 1..20 at error correction Q (ISO/IEC 18004 table 7). The
 * printer picks the version itself; reserving room for byte mode is an upper bound, since any
 * mode it may choose instead (alphanumeric, numeric) is denser.
 */
const QR_BYTE_CAPACITY_Q = [11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482]
const QR_LARGEST_MODULES = 177

export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/** Modules per side of the largest QR symbol (ECC Q) that `byteLength` bytes may need. */
export function qrModulesForBytes(byteLength: number): number {
  for (let v = 0; v < QR_BYTE_CAPACITY_Q.length; v++) {
    if (byteLength <= (QR_BYTE_CAPACITY_Q[v] ?? 0)) return 17 + 4 * (v + 1)
  }
  return QR_LARGEST_MODULES
}

export interface LayoutOptions {
  /** The QR's real module count when the caller encodes it itself (the PDF does). */
  qrModules?: number
}

export function layoutLabel(content: LabelContent, settings: LabelSettings, options: LayoutOptions = {}): LabelLayout {
  const dpi = settings.dpi
  const dots = (mm: number) => mmToDots(mm, dpi)
  const scale = settings.heightMm / LABEL_DESIGN_MM.designHeightMm
  const width = dots(settings.widthMm)
  const height = dots(settings.heightMm)
  const margin = dots(LABEL_DESIGN_MM.marginMm)

  // Printers take no negative home: a negative calibration moves the fields instead.
  const offsetX = dots(settings.offsetXmm)
  const offsetY = dots(settings.offsetYmm)
  const home = { x: Math.max(0, offsetX), y: Math.max(0, offsetY) }
  const shiftX = Math.min(0, offsetX)
  const shiftY = Math.min(0, offsetY)
  const at = (x: number, y: number) => ({ x: Math.max(0, x + shiftX), y: Math.max(0, y + shiftY) })

  // A URL holds no whitespace or control characters; a stray one would end a ZPL field or TSPL line.
  const qrData = sanitizeLabelText(content.publicUrl)
  const modules = options.qrModules ?? qrModulesForBytes(utf8Length(qrData))
  const qrRoom = Math.min(height - 2 * margin, Math.floor(width * LABEL_DESIGN_MM.qrMaxWidthShare))
  const magnification = Math.max(1, Math.min(Math.round(LABEL_DESIGN_MM.qrModuleMm * dotsPerMm(dpi)), Math.floor(qrRoom / modules)))
  const qrSize = modules * magnification
  const qr: QrBox = { ...at(margin, Math.round((height - qrSize) / 2)), magnification, modules, size: qrSize, data: qrData }

  const columnX = margin + qrSize + dots(LABEL_DESIGN_MM.gapMm)
  const columnWidth = Math.max(0, width - margin - columnX)
  const line = (top: number, lineHeight: number, text: string): TextBox => ({
    ...at(columnX, top),
    height: lineHeight,
    maxWidth: columnWidth,
    text: fitText(text, columnWidth, lineHeight)
  })

  // The number is the one thing the bench reads from across the room: shrink it, never cut it.
  const numberText = sanitizeLabelText(content.number)
  const numberEm = textWidthEm(numberText)
  const numberFit = numberEm > 0 ? Math.floor(columnWidth / numberEm) : Number.MAX_SAFE_INTEGER
  const numberHeight = Math.max(dots(LABEL_DESIGN_MM.numberMinHeightMm * scale), Math.min(dots(LABEL_DESIGN_MM.numberHeightMm * scale), numberFit))

  const badgeHeight = dots(LABEL_DESIGN_MM.badgeHeightMm * scale)
  const badgeTextHeight = dots(LABEL_DESIGN_MM.badgeTextHeightMm * scale)
  const badgePad = dots(LABEL_DESIGN_MM.badgePadMm)
  const badgeY = height - margin - badgeHeight
  const badgeText = content.type
  const badgeWidth = Math.min(columnWidth, Math.ceil(textWidthEm(badgeText) * badgeTextHeight) + 2 * badgePad)
  // The tag shrinks to its room rather than being cut: "1..." would not say which container.
  const containerX = columnX + badgeWidth + badgePad
  const containerRoom = Math.max(0, width - margin - containerX)
  const containerText = content.container ? containerTagText(content.container) : ''
  const containerHeight = Math.min(badgeTextHeight, Math.floor(containerRoom / Math.max(textWidthEm(containerText), 1e-6)))
  const container: TextBox | null = content.container
    ? {
        ...at(containerX, badgeY + Math.round((badgeHeight - containerHeight) / 2)),
        height: containerHeight,
        maxWidth: containerRoom,
        text: containerText
      }
    : null

  // A name that does not fit its line wraps onto a second, smaller one before anything is cut;
  // the species moves down under the two lines (still above the badge).
  const nameText = transliterateForLabel(sanitizeLabelText(content.animalName))
  const nameTop = dots(LABEL_DESIGN_MM.nameTopMm * scale)
  const nameHeight = dots(LABEL_DESIGN_MM.nameHeightMm * scale)
  const fitsOneLine = nameHeight > 0 && textWidthEm(nameText) * nameHeight <= columnWidth
  const wrappedHeight = dots(LABEL_DESIGN_MM.nameWrappedHeightMm * scale)
  const wrappedLead = dots(LABEL_DESIGN_MM.nameWrappedLeadMm * scale)
  const nameLines = fitsOneLine ? [nameText] : wrapText(nameText, columnWidth, wrappedHeight, 2)
  const lineBox = (top: number, lineHeight: number, text: string): TextBox => ({ ...at(columnX, top), height: lineHeight, maxWidth: columnWidth, text })
  const animalName = nameLines.length === 1 ? line(nameTop, fitsOneLine ? nameHeight : wrappedHeight, nameText) : lineBox(nameTop, wrappedHeight, nameLines[0] ?? '')
  const animalNameSecondLine = nameLines.length > 1 ? lineBox(nameTop + wrappedLead, wrappedHeight, nameLines[1] ?? '') : null
  const speciesTop = animalNameSecondLine ? nameTop + 2 * wrappedLead : dots(LABEL_DESIGN_MM.speciesTopMm * scale)

  return {
    dpi,
    dotsPerMm: dotsPerMm(dpi),
    width,
    height,
    home,
    qr,
    number: line(dots(LABEL_DESIGN_MM.numberTopMm * scale), numberHeight, numberText),
    animalName,
    animalNameSecondLine,
    species: line(speciesTop, dots(LABEL_DESIGN_MM.speciesHeightMm * scale), transliterateForLabel(sanitizeLabelText(content.species))),
    badge: {
      ...at(columnX, badgeY),
      width: badgeWidth,
      height: badgeHeight,
      text: {
        ...at(columnX + badgePad, badgeY + Math.round((badgeHeight - badgeTextHeight) / 2)),
        height: badgeTextHeight,
        maxWidth: badgeWidth - 2 * badgePad,
        text: badgeText
      }
    },
    container
  }
}
