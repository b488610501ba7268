/**
 * Work-order PDF: veterinarian details, one table row per billed service, and the totals block
 * computed by the shared totals module (the same figures the editing screen shows). Pure:
 * the input object in, PDF bytes out.
 */
import { autoTable } from 'jspdf-autotable'
import type { jsPDF } from 'jspdf'
import type { RowInput } from 'jspdf-autotable'
import type { WorkOrderDocument } from '../../shared/documents'
import { computeTotals, formatMoney, formatPercent } from '../../shared/totals'
import type { Totals } from '../../shared/totals'
import {
  CONTENT_TOP,
  MARGIN_X,
  PAGE_WIDTH,
  TABLE_STYLE,
  createDocumentPdf,
  decoratePages,
  lineHeight,
  pdfBytes,
  setInkText,
  setMutedText,
  tableFinalY
} from './pdf-letterhead'
import { deepToWinAnsi, formatDocumentDate, pdfLabels } from './pdf-text'
import type { PdfLabels } from './pdf-text'

const TOTALS_WIDTH = 88

function drawVeterinarian(doc: jsPDF, order: WorkOrderDocument, labels: PdfLabels['workOrder']): number {
  const vet = order.veterinarian
  let y = CONTENT_TOP
  doc.setFont('helvetica', 'bold')
  doc.setFontSize(8)
  setMutedText(doc)
  doc.text(labels.veterinarian.toUpperCase(), MARGIN_X, y)
  y += lineHeight(doc, 8) + 0.5
  setInkText(doc)
  doc.setFontSize(10.5)
  doc.text(vet.name, MARGIN_X, y)
  y += lineHeight(doc, 10.5)
  doc.setFont('helvetica', 'normal')
  doc.setFontSize(9)
  const details: string[] = []
  if (vet.clinic) details.push(`${labels.clinic}: ${vet.clinic}`)
  if (vet.licence) details.push(`${labels.licence}: ${vet.licence}`)
  const contact = [vet.email && `${labels.email}: ${vet.email}`, vet.phone && `${labels.phone}: ${vet.phone}`].filter(Boolean)
  if (contact.length > 0) details.push(contact.join('   '))
  if (details.length > 0) doc.text(details, MARGIN_X, y)
  return y + details.length * lineHeight(doc, 9) + 3
}

function lineRows(order: WorkOrderDocument, totals: Totals, labels: PdfLabels['workOrder']): RowInput[] {
  if (order.lines.length === 0) {
    return [[{ content: labels.noLines, colSpan: 8, styles: { halign: 'center', textColor: [108, 117, 125] } }]]
  }
  return order.lines.map((line, index) => [
    line.protocolNumber,
    line.serviceCode,
    line.description,
    formatMoney(line.unitPriceCents, order.locale, order.currency),
    String(line.quantity),
    line.discountPercent > 0 ? formatPercent(line.discountPercent, order.locale) : '',
    formatPercent(line.taxRatePercent, order.locale),
    formatMoney(totals.lines[index]?.lineTotalCents ?? 0, order.locale, order.currency)
  ])
}

function totalsRows(order: WorkOrderDocument, totals: Totals, labels: PdfLabels['workOrder']): RowInput[] {
  const money = (cents: number) => formatMoney(cents, order.locale, order.currency)
  const rows: RowInput[] = [[labels.subtotal, money(totals.subtotalCents)]]
  if (order.orderDiscountPercent > 0) {
    rows.push([labels.orderDiscount(formatPercent(order.orderDiscountPercent, order.locale)), money(-totals.discountCents)])
  }
  for (const tax of totals.taxes) {
    const rate = formatPercent(tax.ratePercent, order.locale)
    rows.push([labels.taxBase(rate), money(tax.baseCents)], [labels.tax(rate), money(tax.taxCents)])
  }
  rows.push([
    { content: labels.total, styles: { fontStyle: 'bold', fontSize: 11, lineWidth: { top: 0.4 } } },
    { content: money(totals.totalCents), styles: { fontStyle: 'bold', fontSize: 11, lineWidth: { top: 0.4 } } }
  ])
  return rows
}

/** Renders a work order as an A4 PDF. Same input, same bytes. */
export function renderWorkOrderPdf(input: WorkOrderDocument): Uint8Array {
  const order = deepToWinAnsi(input)
  const labels = pdfLabels(order.locale)
  const wo = labels.workOrder
  const totals = computeTotals(order)
  const doc = createDocumentPdf({
    title: `${wo.title} ${order.number}`,
    subject: order.veterinarian.name,
    author: order.letterhead.name,
    date: order.date,
    identity: JSON.stringify(input)
  })

  const startY = drawVeterinarian(doc, order, wo)
  const c = wo.columns
  autoTable(doc, {
    ...TABLE_STYLE,
    startY,
    head: [[c.protocol, c.code, c.description, c.unitPrice, c.quantity, c.discount, c.tax, c.amount]],
    body: lineRows(order, totals, wo),
    columnStyles: {
      0: { cellWidth: 22 },
      1: { cellWidth: 17 },
      3: { halign: 'right', cellWidth: 22 },
      4: { halign: 'right', cellWidth: 12 },
      5: { halign: 'right', cellWidth: 13 },
      6: { halign: 'right', cellWidth: 13 },
      7: { halign: 'right', cellWidth: 24 }
    }
  })

  autoTable(doc, {
    ...TABLE_STYLE,
    theme: 'plain',
    startY: tableFinalY(doc) + 4,
    pageBreak: 'avoid',
    rowPageBreak: 'avoid',
    tableWidth: TOTALS_WIDTH,
    margin: { ...TABLE_STYLE.margin, left: PAGE_WIDTH - MARGIN_X - TOTALS_WIDTH },
    styles: { ...TABLE_STYLE.styles, fontSize: 9.5, lineWidth: 0 },
    body: totalsRows(order, totals, wo),
    columnStyles: { 1: { halign: 'right', cellWidth: 34 } }
  })

  const version = `${labels.version} ${order.version}`
  decoratePages(doc, {
    letterhead: order.letterhead,
    labels,
    title: wo.title,
    reference: `${wo.number} ${order.number}`,
    details: [`${labels.date}: ${formatDocumentDate(order.date, order.locale)}   ${version}`, wo.status[order.status]],
    verificationUrl: input.verificationUrl,
    ...(order.status === 'issued' ? {} : { watermark: wo.status[order.status] })
  })
  return pdfBytes(doc)
}
