/**
 * Label figures, measured in-process: the time to build one label, over many different
 * protocols (numbers, names, URLs all vary, as in a bulk run).
 *
 * label_zpl_mean_ms: ZPL bytes from protocol content (layout included).
 * label_pdf_mean_ms: the label PDF with its vector QR (the worker runs this same function; the
 * round trip through a worker process is label_pdf_worker_mean_ms in the reception area).
 */
import { DEFAULT_LABEL_SETTINGS } from '../../src/shared/label-settings'
import { buildZpl } from '../../src/main/features/printing/languages/zpl'
import { renderLabelPdf } from '../../src/workers/renderers/label-pdf'
import type { LabelContent } from '../../src/shared/label-layout'
import { formatProtocolNumber } from '../../src/shared/domain'
import { measure } from '../measure'

const NAMES = ['Luna', 'Toby', 'Ñandú Peña', 'Maximiliano Wenceslao de la Trinidad', 'Kira', 'Güera', 'Simón', 'Rocío del Mar']
const SPECIES = ['Canino', 'Felino común', 'Equino', 'Conejo', 'Hurón', 'Canino mestizo de pastor alemán']

/** `count` different labels: a third cytologies, long and accented names, a distinct public URL each. */
function sampleLabels(count: number): LabelContent[] {
  return Array.from({ length: count }, (_, i) => {
    const type = i % 3 === 0 ? 'CT' : 'HP'
    return {
      type,
      number: formatProtocolNumber(type, 2026, 1 + i),
      animalName: NAMES[i % NAMES.length]!,
      species: SPECIES[i % SPECIES.length]!,
      publicUrl: `https://lab.example.org/p/${(0x10000000 + i * 7919).toString(16)}-4b2d-4e8f-9a01-${String(i).padStart(12, '0')}`
    }
  })
}

/** Builds every label once; the byte count is checked so no build can be optimised away or come back empty. */
function buildAll(labels: readonly LabelContent[], build: (label: LabelContent) => Uint8Array): void {
  for (const label of labels) {
    if (build(label).length === 0) throw new Error(`label ${label.number} built no bytes`)
  }
}

export async function run(): Promise<Record<string, number>> {
  const labels = sampleLabels(1000)
  const zpl = await measure({ warmUp: 1, iterations: 20, operationsPerRun: labels.length }, () =>
    buildAll(labels, (label) => buildZpl(label, DEFAULT_LABEL_SETTINGS))
  )
  const pdfLabels = labels.slice(0, 300)
  const pdf = await measure({ warmUp: 1, iterations: 2, operationsPerRun: pdfLabels.length }, () =>
    buildAll(pdfLabels, (label) => renderLabelPdf(label, DEFAULT_LABEL_SETTINGS))
  )
  return { label_zpl_mean_ms: zpl.mean, label_pdf_mean_ms: pdf.mean }
}
