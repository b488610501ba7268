import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { LABEL_DESIGN_MM } from '../../../src/shared/label-layout'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { LabelSettings } from '../../../src/shared/label-settings'
import { renderLabelPdf, renderLabelsPdf } from '../../../src/workers/renderers/label-pdf'
import { decodeQr, pdfPageCount, pdfPagePng, pdfPageTexts, pdfText } from '../../support/pdf-tools'
import { ACCENTED_LABEL, LONG_LABEL } from '../../unit/printing/label-fixtures'
import { inkBounds } from '../../unit/printing/raster'

const run = promisify(execFile)
const at = (dpi: 203 | 300): LabelSettings => ({ ...DEFAULT_LABEL_SETTINGS, dpi })
const RASTER_DPI = 600

/** Page size in points as pdfinfo reads it. */
async function pageSizePt(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'label-pdf-'))
  try {
    const path = join(dir, 'label.pdf')
    await writeFile(path, bytes)
    const { stdout } = await run('pdfinfo', [path])
    const match = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(stdout)
    if (!match) throw new Error(`pdfinfo printed no page size:\n${stdout}`)
    return { width: Number(match[1]), height: Number(match[2]) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe('renderLabelPdf', () => {
  it('is one page of exactly 39 x 20 mm', async () => {
    const pdf = renderLabelPdf(ACCENTED_LABEL, at(203))
    expect(await pdfPageCount(pdf)).toBe(1)
    const size = await pageSizePt(pdf)
    expect(size.width).toBeCloseTo((39 * 72) / 25.4, 2)
    expect(size.height).toBeCloseTo((20 * 72) / 25.4, 2)
  })

  it('makes one label-sized page per container, each with its tag and the wrapped name', async () => {
    const contents = [1, 2, 3].map((index) => ({ ...LONG_LABEL, container: { index, count: 3 } }))
    const pdf = renderLabelsPdf(contents, at(203))
    expect(await pdfPageCount(pdf)).toBe(3)
    const pages = await pdfPageTexts(pdf)
    pages.forEach((text, i) => {
      expect(text).toContain(`${i + 1}/3`)
      expect(text).toContain(LONG_LABEL.number)
      // The name's second line is on the page as well as its first.
      expect(text).toMatch(/Maximiliano[\s\S]*Wenceslao/)
    })
    const size = await pageSizePt(pdf)
    expect(size.height).toBeCloseTo((20 * 72) / 25.4, 2)
  })

  it('follows the label size in the settings', async () => {
    const size = await pageSizePt(renderLabelPdf(ACCENTED_LABEL, { ...at(300), widthMm: 50, heightMm: 25 }))
    expect(size.width).toBeCloseTo((50 * 72) / 25.4, 2)
    expect(size.height).toBeCloseTo((25 * 72) / 25.4, 2)
  })

  it.each([203, 300] as const)('carries a vector QR that reads back the public URL (%i dpi layout)', async (dpi) => {
    for (const content of [ACCENTED_LABEL, LONG_LABEL]) {
      const image = await pdfPagePng(renderLabelPdf(content, at(dpi)), 1, RASTER_DPI)
      expect(decodeQr(image)).toBe(content.publicUrl)
    }
  })

  it('prints the number, the accented name and species as text', async () => {
    const text = await pdfText(renderLabelPdf(ACCENTED_LABEL, at(203)))
    expect(text).toContain('HP 26/0123')
    expect(text).toContain('Ñandú Peña')
    expect(text).toContain('Felino común')
  })

  it('keeps a long name inside the right margin', async () => {
    const image = await pdfPagePng(renderLabelPdf(LONG_LABEL, at(203)), 1, RASTER_DPI)
    const ink = inkBounds(image)
    const limit = ((39 - LABEL_DESIGN_MM.marginMm) * RASTER_DPI) / 25.4
    expect(ink?.right).toBeGreaterThan(limit / 2)
    expect(ink?.right).toBeLessThan(limit + 1)
    expect(await pdfText(renderLabelPdf(LONG_LABEL, at(203)))).toContain('...')
  })

  it('gives byte-identical bytes for the same input, and different bytes for a changed protocol', () => {
    const first = renderLabelPdf(ACCENTED_LABEL, at(203))
    // Another day on the clock: a date taken from it would change the bytes.
    vi.useFakeTimers({ toFake: ['Date'] })
    let second: Uint8Array
    try {
      vi.setSystemTime(new Date('2031-07-04T12:34:56Z'))
      second = renderLabelPdf(ACCENTED_LABEL, at(203))
    } finally {
      vi.useRealTimers()
    }
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0)
    const changed = renderLabelPdf({ ...ACCENTED_LABEL, animalName: 'Ñandú Peñas' }, at(203))
    expect(Buffer.compare(Buffer.from(first), Buffer.from(changed))).not.toBe(0)
  })
})
