/**
 * Weekly statistics PDF: the week's key figures, a bar chart and table per day, then the
 * breakdowns (type, species, veterinarian, clerk), the rejections by reason and the turnaround.
 * The page frame is the one the work orders and reports share. Pure: the input object in, PDF bytes out.
 */
import { autoTable } from 'jspdf-autotable'
import type { jsPDF } from 'jspdf'
import type { RowInput } from 'jspdf-autotable'
import type { DocumentLocale } from '../../shared/documents'
import { formatHours, type StatisticsBreakdownRow, type StatisticsSeriesPoint, type TurnaroundFigures, type WeeklyStatisticsDocument } from '../../shared/statistics'
import {
  CONTENT_TOP,
  CONTENT_WIDTH,
  MARGIN_X,
  TABLE_STYLE,
  createDocumentPdf,
  decoratePages,
  ensureSpace,
  lineHeight,
  pdfBytes,
  setInkText,
  setMutedText,
  tableFinalY
} from './pdf-letterhead'
import { deepToWinAnsi, formatDocumentDate, pdfLabels } from './pdf-text'

interface StatisticsPdfLabels {
  title: string
  week: (label: string) => string
  provisional: string
  generated: string
  totals: string
  received: string
  rejected: string
  reported: string
  total: string
  meanHours: string
  medianHours: string
  p90Hours: string
  maxHours: string
  byDay: string
  day: string
  weekdays: readonly string[]
  byType: string
  type: string
  bySpecies: string
  species: string
  byVeterinarian: string
  veterinarian: string
  byClerk: string
  clerk: string
  rejections: string
  reason: string
  count: string
  turnaround: string
  turnaroundNote: string
  none: string
  unknown: string
}

const LABELS: Record<DocumentLocale, StatisticsPdfLabels> = {
  es: {
    title: 'ESTADÍSTICAS SEMANALES',
    week: (label) => `Semana ${label}`,
    provisional: 'PROVISIONAL: semana en curso',
    generated: 'Emitido',
    totals: 'Resumen de la semana',
    received: 'Recibidos',
    rejected: 'Rechazados',
    reported: 'Informados',
    total: 'Total',
    meanHours: 'Media (h)',
    medianHours: 'Mediana (h)',
    p90Hours: 'P90 (h)',
    maxHours: 'Máximo (h)',
    byDay: 'Por día',
    day: 'Día',
    weekdays: ['Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado', 'Domingo'],
    byType: 'Por tipo de estudio',
    type: 'Tipo',
    bySpecies: 'Por especie',
    species: 'Especie',
    byVeterinarian: 'Por veterinario remitente',
    veterinarian: 'Veterinario',
    byClerk: 'Por administrativo',
    clerk: 'Administrativo',
    rejections: 'Rechazos por motivo',
    reason: 'Motivo',
    count: 'Rechazos',
    turnaround: 'Tiempo de respuesta (recepción → informe)',
    turnaroundNote: 'Protocolos informados por primera vez esta semana.',
    none: 'Sin datos en esta semana',
    unknown: '(sin dato)'
  },
  en: {
    title: 'WEEKLY STATISTICS',
    week: (label) => `Week ${label}`,
    provisional: 'PROVISIONAL: week in progress',
    generated: 'Issued',
    totals: 'The week at a glance',
    received: 'Received',
    rejected: 'Rejected',
    reported: 'Reported',
    total: 'Total',
    meanHours: 'Mean (h)',
    medianHours: 'Median (h)',
    p90Hours: 'P90 (h)',
    maxHours: 'Maximum (h)',
    byDay: 'By day',
    day: 'Day',
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    byType: 'By type of study',
    type: 'Type',
    bySpecies: 'By species',
    species: 'Species',
    byVeterinarian: 'By referring veterinarian',
    veterinarian: 'Veterinarian',
    byClerk: 'By clerk',
    clerk: 'Clerk',
    rejections: 'Rejections by reason',
    reason: 'Reason',
    count: 'Rejections',
    turnaround: 'Turnaround (reception → report)',
    turnaroundNote: 'Protocols first reported this week.',
    none: 'No data this week',
    unknown: '(not recorded)'
  }
}

const HEADING_PT = 10.5
const SECTION_GAP = 6
const CHART_HEIGHT = 32
const RECEIVED_FILL: [number, number, number] = [15, 118, 110]
const REJECTED_FILL: [number, number, number] = [180, 35, 24]
const HEADING_INK: [number, number, number] = [0, 96, 100]
const NUMBER_COLUMN = { halign: 'right' as const, cellWidth: 26 }

/** A section title kept on the same page as the first rows of what follows it. */
function heading(doc: jsPDF, text: string, y: number, keepWith: number): number {
  const top = ensureSpace(doc, y, lineHeight(doc, HEADING_PT) + keepWith)
  doc.setFont('helvetica', 'bold')
  doc.setFontSize(HEADING_PT)
  doc.setTextColor(...HEADING_INK)
  doc.text(text, MARGIN_X, top, { baseline: 'top' })
  setInkText(doc)
  return top + lineHeight(doc, HEADING_PT) + 1
}

/** A table whose columns from `firstNumber` on are figures: right-aligned, head included. */
function table(doc: jsPDF, startY: number, head: string[], body: RowInput[], emptyText: string, firstNumber = 1): number {
  autoTable(doc, {
    ...TABLE_STYLE,
    startY,
    head: [head],
    body: body.length > 0 ? body : [[{ content: emptyText, colSpan: head.length, styles: { halign: 'center', textColor: [108, 117, 125] } }]],
    // A table of figures only shares the width out; otherwise the label column takes what is left.
    columnStyles: Object.fromEntries(
      head.map((_, index) => [index, index < firstNumber ? {} : firstNumber === 0 ? { halign: 'right' as const } : NUMBER_COLUMN])
    ),
    didParseCell: (cell) => {
      if (cell.section === 'head' && cell.column.index >= firstNumber) cell.cell.styles.halign = 'right'
    }
  })
  return tableFinalY(doc) + SECTION_GAP
}

/** Colour keys right-aligned on the line of the chart's heading. */
function legend(doc: jsPDF, entries: Array<[[number, number, number], string]>, y: number): void {
  doc.setFont('helvetica', 'normal')
  doc.setFontSize(7.5)
  let x = MARGIN_X + CONTENT_WIDTH
  for (const [fill, text] of [...entries].reverse()) {
    x -= doc.getTextWidth(text)
    setMutedText(doc)
    doc.text(text, x, y + 2.6)
    x -= 4
    doc.setFillColor(...fill)
    doc.rect(x, y, 2.8, 2.8, 'F')
    x -= 5
  }
}

/** Received and rejected per day as side-by-side bars; the table under it carries the numbers. */
function dailyChart(doc: jsPDF, series: readonly StatisticsSeriesPoint[], labels: StatisticsPdfLabels, y: number): number {
  const max = Math.max(1, ...series.map((point) => Math.max(point.received, point.rejected)))
  const slot = CONTENT_WIDTH / series.length
  const bar = Math.min(9, slot / 3)
  const base = y + CHART_HEIGHT
  doc.setFontSize(7.5)
  series.forEach((point, index) => {
    const x = MARGIN_X + index * slot + slot / 2 - bar
    const received = (point.received / max) * (CHART_HEIGHT - 6)
    const rejected = (point.rejected / max) * (CHART_HEIGHT - 6)
    doc.setFillColor(...RECEIVED_FILL)
    if (received > 0) doc.rect(x, base - received, bar, received, 'F')
    doc.setFillColor(...REJECTED_FILL)
    if (rejected > 0) doc.rect(x + bar, base - rejected, bar, rejected, 'F')
    setMutedText(doc)
    doc.text((labels.weekdays[index] ?? point.key).slice(0, 3), x + bar, base + 3.5, { align: 'center' })
  })
  doc.setDrawColor(173, 181, 189)
  doc.setLineWidth(0.2)
  doc.line(MARGIN_X, base, MARGIN_X + CONTENT_WIDTH, base)
  legend(doc, [
    [RECEIVED_FILL, labels.received],
    [REJECTED_FILL, labels.rejected]
  ], y - 5)
  setInkText(doc)
  return base + 8
}

const breakdownRows = (rows: readonly StatisticsBreakdownRow[], unknown: string): RowInput[] =>
  rows.map((row) => [row.label || unknown, String(row.received), String(row.rejected), String(row.received + row.rejected)])

/** Renders a weekly summary as an A4 PDF. Same input, same bytes. */
export function renderStatisticsPdf(input: WeeklyStatisticsDocument): Uint8Array {
  const data = deepToWinAnsi(input)
  const { summary, locale } = data
  // The labels too: "→" is outside what the standard fonts can print.
  const labels = deepToWinAnsi(LABELS[locale])
  const hours = (value: number | null) => formatHours(value, locale)
  const doc = createDocumentPdf({
    title: `${labels.title} ${summary.label}`,
    subject: labels.week(summary.label),
    author: data.letterhead.name,
    date: data.date,
    identity: JSON.stringify(input)
  })

  let y = heading(doc, labels.totals, CONTENT_TOP, 12)
  const turnaround = summary.turnaround
  y = table(
    doc,
    y,
    [labels.received, labels.rejected, labels.reported, labels.meanHours, labels.medianHours, labels.p90Hours],
    [[String(summary.totals.received), String(summary.totals.rejected), String(summary.totals.reported), hours(turnaround.meanHours), hours(turnaround.medianHours), hours(turnaround.p90Hours)]],
    labels.none,
    0
  )

  y = heading(doc, labels.byDay, y, CHART_HEIGHT + 8)
  y = dailyChart(doc, summary.series, labels, y)
  y = table(
    doc,
    y,
    [labels.day, labels.received, labels.rejected, labels.reported],
    summary.series.map((point, index) => [
      `${labels.weekdays[index] ?? ''} ${formatDocumentDate(point.key, locale)}`,
      String(point.received),
      String(point.rejected),
      String(point.reported)
    ]),
    labels.none
  )

  y = heading(doc, labels.byType, y, 18)
  y = table(
    doc,
    y,
    [labels.type, labels.received, labels.rejected, labels.reported, labels.meanHours, labels.medianHours],
    summary.byType.map((row) => {
      const figures = turnaround.byType.find((entry) => entry.key === row.key)
      return [row.key, String(row.received), String(row.rejected), String(row.reported), hours(figures?.meanHours ?? null), hours(figures?.medianHours ?? null)]
    }),
    labels.none
  )

  const breakdowns: Array<[string, string, readonly StatisticsBreakdownRow[]]> = [
    [labels.bySpecies, labels.species, summary.bySpecies],
    [labels.byVeterinarian, labels.veterinarian, summary.byVeterinarian],
    [labels.byClerk, labels.clerk, summary.byClerk]
  ]
  for (const [title, column, rows] of breakdowns) {
    y = heading(doc, title, y, 18)
    y = table(doc, y, [column, labels.received, labels.rejected, labels.total], breakdownRows(rows, labels.unknown), labels.none)
  }

  y = heading(doc, labels.rejections, y, 18)
  y = table(doc, y, [labels.reason, labels.count], summary.rejections.map((row) => [row.reason || labels.unknown, String(row.count)]), labels.none)

  y = heading(doc, labels.turnaround, y, 24)
  doc.setFont('helvetica', 'normal')
  doc.setFontSize(8)
  setMutedText(doc)
  doc.text(labels.turnaroundNote, MARGIN_X, y, { baseline: 'top' })
  setInkText(doc)
  table(
    doc,
    y + lineHeight(doc, 8) + 1,
    [labels.type, labels.reported, labels.meanHours, labels.medianHours, labels.p90Hours, labels.maxHours],
    [...turnaround.byType.map((row): [string, TurnaroundFigures] => [row.key, row]), [labels.total, turnaround] as [string, TurnaroundFigures]].map(
      ([name, row]) => [name, String(row.count), hours(row.meanHours), hours(row.medianHours), hours(row.p90Hours), hours(row.maxHours)]
    ),
    labels.none
  )

  const details = [`${labels.generated}: ${formatDocumentDate(data.date, locale)}`, `${formatDocumentDate(summary.start, locale)} – ${formatDocumentDate(summary.end, locale)}`]
  if (!summary.complete) details.push(labels.provisional)
  decoratePages(doc, {
    letterhead: data.letterhead,
    labels: pdfLabels(locale),
    title: labels.title,
    reference: labels.week(summary.label),
    details,
    verificationUrl: input.verificationUrl
  })
  return pdfBytes(doc)
}
