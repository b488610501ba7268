/**
 * Reads PDF bytes back with poppler-utils (pdftotext, pdfinfo, pdftoppm), the way a person's
 * viewer would, so tests check what is really on the page rather than what jsPDF was told.
 * Every call works in its own temp dir and removes it.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

const run = promisify(execFile)

async function withPdfFile<T>(bytes: Uint8Array, use: (pdfPath: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-tools-'))
  try {
    const pdfPath = join(dir, 'doc.pdf')
    await writeFile(pdfPath, bytes)
    return await use(pdfPath, dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export interface PdfTextOptions {
  /** Keep the physical layout (table cells of a row on one line). */
  layout?: boolean
  /** Only this page (1-based). */
  page?: number
}

/** The document's text as UTF-8; pages are separated by form feeds ("\f"). */
export async function pdfText(bytes: Uint8Array, options: PdfTextOptions = {}): Promise<string> {
  return withPdfFile(bytes, async (pdfPath) => {
    const args = ['-enc', 'UTF-8']
    if (options.layout) args.push('-layout')
    if (options.page !== undefined) args.push('-f', String(options.page), '-l', String(options.page))
    const { stdout } = await run('pdftotext', [...args, pdfPath, '-'], { maxBuffer: 64 * 1024 * 1024 })
    return stdout
  })
}

/**
 * Collapses every run of whitespace, including the no-break spaces Intl puts in money, into
 * one plain space: pdftotext breaks lines where the layout did, which tests should not care about.
 */
export function flatText(text: string): string {
  return text.replace(/\s+/g, ' ')
}

/** The text of each page, in order. */
export async function pdfPageTexts(bytes: Uint8Array, options: Omit<PdfTextOptions, 'page'> = {}): Promise<string[]> {
  const text = await pdfText(bytes, options)
  const pages = text.split('\f')
  // pdftotext ends every page with a form feed, leaving one empty piece at the end.
  if (pages.length > 1 && pages[pages.length - 1] === '') pages.pop()
  return pages
}

/** pdfinfo's fields (Title, Author, CreationDate as ISO 8601, Pages, ...) by name. */
export async function pdfInfo(bytes: Uint8Array): Promise<Record<string, string>> {
  return withPdfFile(bytes, async (pdfPath) => {
    const { stdout } = await run('pdfinfo', ['-isodates', pdfPath])
    const fields: Record<string, string> = {}
    for (const line of stdout.split('\n')) {
      const match = /^([^:]+):\s*(.*)$/.exec(line)
      if (match) fields[match[1]!] = match[2]!.trim()
    }
    return fields
  })
}

/** Number of pages as pdfinfo reports it (fails if poppler cannot parse the file). */
export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
  const pages = (await pdfInfo(bytes)).Pages
  if (pages === undefined || !/^\d+$/.test(pages)) throw new Error(`pdfinfo printed no page count (${pages})`)
  return Number(pages)
}

export interface RgbaImage {
  width: number
  height: number
  /** RGBA, 4 bytes per pixel, row by row. */
  data: Uint8ClampedArray
}

/** Rasterizes one page (1-based) at `dpi` with pdftoppm and decodes it to RGBA. */
export async function pdfPagePng(bytes: Uint8Array, page: number, dpi: number): Promise<RgbaImage> {
  return withPdfFile(bytes, async (pdfPath, dir) => {
    const prefix = join(dir, 'page')
    await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdfPath, prefix])
    const png = PNG.sync.read(await readFile(`${prefix}.png`))
    return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) }
  })
}

/** How many pixels satisfy `test(r, g, b)`. */
export function countPixels(image: RgbaImage, test: (r: number, g: number, b: number) => boolean): number {
  let count = 0
  for (let i = 0; i < image.data.length; i += 4) {
    if (test(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!)) count++
  }
  return count
}

/** How many pixels are within `tolerance` (per channel) of `rgb`. */
export function countPixelsNear(image: RgbaImage, rgb: readonly [number, number, number], tolerance: number): number {
  const [r0, g0, b0] = rgb
  return countPixels(image, (r, g, b) => Math.abs(r - r0) <= tolerance && Math.abs(g - g0) <= tolerance && Math.abs(b - b0) <= tolerance)
}

/** Fraction of pixels that are not (near) white: 0 for a blank page. */
export function inkRatio(image: RgbaImage): number {
  const pixels = image.width * image.height
  return pixels === 0 ? 0 : countPixels(image, (r, g, b) => r < 230 || g < 230 || b < 230) / pixels
}

// jsqr ships a webpack UMD bundle whose CommonJS export is `{ default: jsQR }`; depending on the
// loader's interop the default import is the function or that wrapper.
const decodeQrImage: typeof jsQR =
  typeof jsQR === 'function' ? jsQR : (jsQR as unknown as { default: typeof jsQR }).default

/** The text of the QR code found in the image, or null when none decodes. */
export function decodeQr(image: RgbaImage): string | null {
  return decodeQrImage(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null
}
