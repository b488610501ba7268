import { describe, expect, it } from 'vitest'
import { renderReportPdf } from '../../../src/workers/renderers/report-pdf'
import type { ReportRenderStep } from '../../../src/workers/renderers/report-pdf'
import { sampleReport } from '../../../bench/workloads/documents'
import { countPixelsNear, decodeQr, flatText, inkRatio, pdfInfo, pdfPageCount, pdfPagePng, pdfPageTexts, pdfText } from '../../support/pdf-tools'

const TABLE_HEAD = /Casete\s+Tejido\s+Piezas\s+Microscopía/

/** The fixture signature's ink, and the watermark's red at 10 % over white paper. */
const SIGNATURE_BLUE = [20, 40, 120] as const
const WATERMARK_TINT = [250, 233, 235] as const

describe('report PDF, ten pages with eight cassettes', () => {
  const report = sampleReport({ pages: 10, cassettes: 8 })
  const steps: Array<[number, ReportRenderStep]> = []
  const bytes = renderReportPdf(report, (percent, step) => steps.push([percent, step]))

  it('lays out on at least the ten pages its content needs, numbered "Página n de N"', async () => {
    const count = await pdfPageCount(bytes)
    expect(count).toBeGreaterThanOrEqual(10)
    const pages = await pdfPageTexts(bytes)
    expect(pages).toHaveLength(count)
    pages.forEach((page, i) => expect(flatText(page)).toContain(`Página ${i + 1} de ${count}`))
  })

  it('repeats letterhead and protocol number on every page', async () => {
    const pages = await pdfPageTexts(bytes)
    for (const page of pages) {
      const text = flatText(page)
      expect(text).toContain(report.letterhead.name)
      expect(text).toContain('INFORME HISTOPATOLÓGICO')
      expect(text).toContain(`Protocolo ${report.protocolNumber}`)
    }
  })

  it('repeats the cassettes table head on every page the table spans', async () => {
    const pages = await pdfPageTexts(bytes, { layout: true })
    const withHead = pages.flatMap((page, i) => (TABLE_HEAD.test(page) ? [i] : []))
    expect(withHead.length).toBeGreaterThanOrEqual(2)
    const first = withHead[0]!
    const last = withHead.at(-1)!
    // No page in the middle of the table lacks the head.
    expect(withHead).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k))
    const codes = report.cassettes.map((c) => c.code)
    const all = flatText(pages.join(' '))
    for (const code of codes) expect(all).toMatch(new RegExp(`\\b${code}\\b`))
  })

  it('prints every section, the patient block and the pathologist, with accents and ñ', async () => {
    const text = flatText(await pdfText(bytes))
    for (const expected of [
      'Descripción macroscópica',
      'Casetes y descripción microscópica',
      'Diagnóstico',
      'Comentarios',
      'Sarcoma de tejidos blandos de grado I',
      report.animal.name,
      report.animal.breed,
      report.animal.owner,
      'Hembra esterilizada',
      report.veterinarian.name,
      report.veterinarian.clinic,
      report.sample.sampleType,
      'Recibido',
      '12/01/2026',
      report.pathologist.name,
      `Nº colegiado ${report.pathologist.licence}`,
      '¿Hubo tratamiento previo con corticoides?',
      'mm²',
      'Junto a la uña del tercer dedo',
      ...report.cassettes.map((c) => c.tissue)
    ]) {
      expect(text).toContain(flatText(expected))
    }
    // "≈" is not in WinAnsi: it must come out as "~", never as a stray glyph.
    expect(text).toContain('(~15 % del volumen)')
  })

  it('draws a page one that is not blank and whose QR decodes to the verification URL', async () => {
    const ink = inkRatio(await pdfPagePng(bytes, 1, 100))
    expect(ink).toBeGreaterThan(0.02)
    expect(ink).toBeLessThan(0.5)
    expect(decodeQr(await pdfPagePng(bytes, 1, 200))).toBe(report.verificationUrl)
  })

  it('reports progress in order, ending at 100', () => {
    const percents = steps.map(([percent]) => percent)
    expect(percents).toEqual([...percents].sort((a, b) => a - b))
    expect(steps.map(([, step]) => step)).toEqual(['patient', 'macroscopy', 'cassettes', 'diagnosis', 'signature', 'pages', 'serialize', 'done'])
    expect(steps.at(-1)).toEqual([100, 'done'])
  })

  it('carries the finalization date, not the render time, as creation date', async () => {
    expect((await pdfInfo(bytes)).CreationDate).toBe(`${report.finalizedDate}T00:00:00Z`)
  })

  it('is byte-identical for identical input and differs when the input changes', () => {
    expect(Buffer.from(renderReportPdf(sampleReport({ pages: 10, cassettes: 8 }))).equals(Buffer.from(bytes))).toBe(true)
    const changed = renderReportPdf(sampleReport({ pages: 10, cassettes: 8 }, { diagnosis: `${report.diagnosis} Revisado.` }))
    expect(Buffer.from(changed).equals(Buffer.from(bytes))).toBe(false)
  })
})

describe('report PDF variants', () => {
  it('draws the signature image only when one is configured', async () => {
    const signed = renderReportPdf(sampleReport({ pages: 1, cassettes: 2 }))
    const unsigned = renderReportPdf(sampleReport({ pages: 1, cassettes: 2 }, { signaturePngDataUrl: undefined }))
    const lastPage = async (pdf: Uint8Array) => pdfPagePng(pdf, await pdfPageCount(pdf), 75)
    expect(countPixelsNear(await lastPage(signed), SIGNATURE_BLUE, 40)).toBeGreaterThan(50)
    expect(countPixelsNear(await lastPage(unsigned), SIGNATURE_BLUE, 40)).toBe(0)
  })

  it('marks an amendment and a draft preview', async () => {
    const amendment = sampleReport({ pages: 1, cassettes: 1 }, { version: 2, amends: 1, finalizedDate: null })
    const pdf = renderReportPdf(amendment)
    const text = flatText(await pdfText(pdf))
    expect(text).toContain('Versión 2: rectifica y sustituye a la versión 1 de este informe.')
    expect(text).toContain('Fecha: Borrador')
    expect(text).not.toContain('Finalizado: ')
    // The diagonal "BORRADOR" watermark (rotated glyphs do not extract as one word; look at the page).
    expect(countPixelsNear(await pdfPagePng(pdf, 1, 50), WATERMARK_TINT, 6)).toBeGreaterThan(500)
    const finalized = renderReportPdf(sampleReport({ pages: 1, cassettes: 1 }))
    expect(countPixelsNear(await pdfPagePng(finalized, 1, 50), WATERMARK_TINT, 6)).toBe(0)
  })

  it('prints a cytology report in English', async () => {
    const english = sampleReport({ pages: 1, cassettes: 1 }, { locale: 'en', protocolType: 'CT', protocolNumber: 'CT 26/0045' })
    const pdf = renderReportPdf(english)
    const text = flatText(await pdfText(pdf))
    expect(text).toContain('CYTOLOGY REPORT')
    expect(text).toContain('Protocol CT 26/0045')
    expect(text).toContain('Gross description')
    expect(text).toContain(`Page 1 of ${await pdfPageCount(pdf)}`)
    expect(text).toContain('Female spayed')
  })

  it('prints a report without cassettes', async () => {
    const text = flatText(await pdfText(renderReportPdf(sampleReport({ pages: 1, cassettes: 0 }))))
    expect(text).toContain('Sin casetes')
    expect(text).toContain('Diagnóstico')
  })
})
