import { describe, expect, it } from 'vitest'
import { computeTotals, formatMoney, formatPercent } from '../../../src/shared/totals'
import { renderWorkOrderPdf } from '../../../src/workers/renderers/workorder-pdf'
import { SAMPLE_WORK_ORDER_LINES, sampleWorkOrder } from '../../../bench/workloads/documents'
import { countPixelsNear, decodeQr, flatText, inkRatio, pdfInfo, pdfPageCount, pdfPagePng, pdfPageTexts, pdfText } from '../../support/pdf-tools'


describe('work-order PDF', () => {
  const order = sampleWorkOrder()
  const bytes = renderWorkOrderPdf(order)

  it('is a one-page PDF that poppler parses', async () => {
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(await pdfPageCount(bytes)).toBe(1)
  })

  it('prints letterhead, veterinarian and every line with accents and ñ intact', async () => {
    const text = flatText(await pdfText(bytes))
    for (const expected of [
      order.letterhead.name,
      'Calle de la Montaña 12',
      `NIF: ${order.letterhead.taxId}`,
      'ORDEN DE TRABAJO',
      order.number,
      'Fecha: 15/01/2026',
      'Versión 1',
      'EMITIDA',
      order.veterinarian.name,
      order.veterinarian.clinic,
      order.veterinarian.licence,
      order.veterinarian.email,
      'Página 1 de 1'
    ]) {
      expect(text).toContain(expected)
    }
    for (const line of order.lines) {
      expect(text).toContain(line.serviceCode)
      expect(text).toContain(line.protocolNumber)
      expect(text).toContain(flatText(line.description))
    }
    expect(text).toContain('señalización')
    expect(text).not.toContain('BORRADOR')
  })

  it('prints the totals the totals module computes, formatted for the locale', async () => {
    const text = flatText(await pdfText(bytes, { layout: true }))
    const totals = computeTotals(order)
    const money = (cents: number) => flatText(formatMoney(cents, 'es'))
    totals.lines.forEach((line) => expect(text).toContain(money(line.lineTotalCents)))
    expect(text).toContain(`Suma ${money(totals.subtotalCents)}`)
    expect(text).toContain(`Descuento ${flatText(formatPercent(order.orderDiscountPercent, 'es'))} ${money(-totals.discountCents)}`)
    for (const tax of totals.taxes) {
      const rate = flatText(formatPercent(tax.ratePercent, 'es'))
      expect(text).toContain(`Base imponible ${rate} ${money(tax.baseCents)}`)
      expect(text).toContain(`IVA ${rate} ${money(tax.taxCents)}`)
    }
    expect(text).toContain(`TOTAL ${money(totals.totalCents)}`)
  })

  it('draws a page one that is not blank and whose QR decodes to the verification URL', async () => {
    const page = await pdfPagePng(bytes, 1, 100)
    expect(page.width).toBeGreaterThan(800)
    const ink = inkRatio(page)
    expect(ink).toBeGreaterThan(0.01)
    expect(ink).toBeLessThan(0.5)
    expect(decodeQr(await pdfPagePng(bytes, 1, 200))).toBe(order.verificationUrl)
  })

  it('carries the order date, not the render time, and its title as metadata', async () => {
    const info = await pdfInfo(bytes)
    expect(info.CreationDate).toBe(`${order.date}T00:00:00Z`)
    expect(info.Title).toBe(`ORDEN DE TRABAJO ${order.number}`)
    expect(info['Page size']).toContain('A4')
  })

  it('is byte-identical for identical input and differs when the input changes', () => {
    expect(Buffer.from(renderWorkOrderPdf(sampleWorkOrder())).equals(Buffer.from(bytes))).toBe(true)
    const lines = SAMPLE_WORK_ORDER_LINES.map((line, i) => (i === 1 ? { ...line, quantity: line.quantity + 1 } : line))
    const changed = renderWorkOrderPdf(sampleWorkOrder({ lines }))
    expect(Buffer.from(changed).equals(Buffer.from(bytes))).toBe(false)
  })

  it('marks drafts and cancelled orders in the header and with a watermark', async () => {
    // The watermark's red at 10 % over white paper; rotated glyphs do not extract as one word.
    const tint = [250, 233, 235] as const
    expect(countPixelsNear(await pdfPagePng(bytes, 1, 50), tint, 6)).toBe(0)
    for (const [status, word] of [['draft', 'BORRADOR'], ['cancelled', 'ANULADA']] as const) {
      const pdf = renderWorkOrderPdf(sampleWorkOrder({ status }))
      expect(flatText(await pdfText(pdf))).toContain(`Versión 1 ${word}`)
      expect(countPixelsNear(await pdfPagePng(pdf, 1, 50), tint, 6)).toBeGreaterThan(500)
    }
  })

  it('prints in English with English money format', async () => {
    const english = sampleWorkOrder({ locale: 'en' })
    const text = flatText(await pdfText(renderWorkOrderPdf(english), { layout: true }))
    expect(text).toContain('WORK ORDER')
    expect(text).toContain('Page 1 of 1')
    expect(text).toContain('15 Jan 2026')
    expect(text).toContain(`TOTAL ${formatMoney(computeTotals(english).totalCents, 'en')}`)
  })

  it('prints an order without lines with zero totals', async () => {
    const text = flatText(await pdfText(renderWorkOrderPdf(sampleWorkOrder({ lines: [] })), { layout: true }))
    expect(text).toContain('Sin servicios')
    expect(text).toContain(`TOTAL ${flatText(formatMoney(0, 'es'))}`)
  })

  it('continues long orders on further pages with the table head and order number on each', async () => {
    const lines = Array.from({ length: 90 }, (_, i) => ({ ...SAMPLE_WORK_ORDER_LINES[i % SAMPLE_WORK_ORDER_LINES.length]!, serviceCode: `S-${i + 1}` }))
    const long = sampleWorkOrder({ lines })
    const longBytes = renderWorkOrderPdf(long)
    const pages = await pdfPageTexts(longBytes, { layout: true })
    expect(pages.length).toBe(await pdfPageCount(longBytes))
    expect(pages.length).toBeGreaterThanOrEqual(2)
    const withLines = pages.filter((page) => /\bS-\d+ /.test(flatText(page)))
    expect(withLines.length).toBeGreaterThanOrEqual(2)
    // The lines table head is repeated on every page the table reaches.
    for (const page of withLines) expect(flatText(page)).toMatch(/Protocolo Código Descripción Precio Cant\. Dto\. IVA Importe/)
    pages.forEach((page, i) => {
      const text = flatText(page)
      expect(text).toContain(long.number)
      expect(text).toContain(`Página ${i + 1} de ${pages.length}`)
    })
    const all = flatText(pages.join(' '))
    for (let i = 1; i <= lines.length; i++) expect(all).toContain(`S-${i} `)
    expect(flatText(pages.at(-1)!)).toContain(`TOTAL ${flatText(formatMoney(computeTotals(long).totalCents, 'es'))}`)
  })

  it('transliterates characters the standard font cannot print instead of printing garbage', async () => {
    const lines = [{ ...SAMPLE_WORK_ORDER_LINES[0]!, description: 'Márgenes ≥ 2 mm — análisis Łódź' }]
    const text = flatText(await pdfText(renderWorkOrderPdf(sampleWorkOrder({ lines }))))
    expect(text).toContain('Márgenes >= 2 mm — análisis Lódz')
  })
})
