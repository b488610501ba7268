/**
 * Label figures for `npm run bench`, measured in-process with performance.now(): the mean time
 * to build one label, over many different protocols (numbers, names, URLs all vary, as in a bulk
 * run), after a warm-up so the JIT and jsPDF's font tables are hot as in a long-lived worker.
 *
 * label_zpl_ms: ZPL bytes from protocol content (layout included). Budget < 0.1 ms.
 * label_pdf_ms: the label PDF with its vector QR. Budget < 3 ms (the lead also measures it in a
 * worker process).
 */
import type { LabelContent } from '../src/shared/label-layout'
import { DEFAULT_LABEL_SETTINGS } from '../src/shared/label-settings'
import { buildZpl } from '../src/main/features/printing/languages/zpl'
import { renderLabelPdf } from '../src/workers/renderers/label-pdf'
import { formatProtocolNumber } from '../src/shared/domain'

const NAMES = ['Luna', 'Toby', 'Ñandú Peña', 'Maximiliano Wenceslao de la Trinidad', 'Kira', 'Güera', 'Simón', 'Rocío del Mar']
const SPECIES = ['Canino', 'Felino común', 'Equino', 'Conejo', 'Hurón', 'Canino mestizo de pastor alemán']

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

/** Mean ms per label over `rounds` passes through `labels`, after one untimed pass. */
function perLabelMs(labels: readonly LabelContent[], rounds: number, build: (label: LabelContent) => Uint8Array): number {
  let sink = 0
  for (const label of labels) sink += build(label).length
  const started = performance.now()
  for (let round = 0; round < rounds; round++) for (const label of labels) sink += build(label).length
  const elapsed = performance.now() - started
  // Using the bytes keeps the builds from being optimised away.
  if (sink === 0) throw new Error('labels built no bytes')
  return elapsed / (rounds * labels.length)
}

const round = (ms: number) => Math.round(ms * 10_000) / 10_000

export async function run(): Promise<Record<string, number>> {
  const labels = sampleLabels(1000)
  return {
    label_zpl_ms: round(perLabelMs(labels, 20, (label) => buildZpl(label, DEFAULT_LABEL_SETTINGS))),
    label_pdf_ms: round(perLabelMs(labels.slice(0, 300), 2, (label) => renderLabelPdf(label, DEFAULT_LABEL_SETTINGS)))
  }
}
