import { createHash } from 'node:crypto'
import type { Protocol } from '../../../shared/domain'
import { publicProtocolUrl } from '../../../shared/bench-settings'
import type { PrinterConfig } from '../../../shared/printer-config'
import type { LabelContent } from '../../../shared/label-layout'

/** What a protocol's label shows; only received protocols (with a number) have one. */
export function labelContentOf(protocol: Protocol, publicBaseUrl: string): LabelContent {
  if (!protocol.number) throw new Error(`protocol ${protocol.id} has no number: no label without a number`)
  return {
    type: protocol.type,
    number: protocol.number,
    animalName: protocol.animal.name,
    species: protocol.animal.species,
    publicUrl: publicProtocolUrl(publicBaseUrl, protocol)
  }
}

/**
 * Which labels one print run makes: one for the protocol, one per container (`1/3`, `2/3`,
 * `3/3`), or the label of one container (a reprint). A protocol with a single container gets no
 * tag: `1/1` says nothing the clerk needs.
 */
export type LabelRun = { kind: 'protocol' } | { kind: 'per_container' } | { kind: 'container'; index: number }

export class ContainerOutOfRange extends Error {
  constructor(
    readonly index: number,
    readonly count: number
  ) {
    super(`container ${index} asked for, the protocol has ${count}`)
  }
}

export function labelContentsOf(protocol: Protocol, publicBaseUrl: string, run: LabelRun): LabelContent[] {
  const content = labelContentOf(protocol, publicBaseUrl)
  const count = protocol.sample.containers.length
  if (run.kind === 'container') {
    if (!Number.isInteger(run.index) || run.index < 1 || run.index > count) throw new ContainerOutOfRange(run.index, count)
    return [count > 1 ? { ...content, container: { index: run.index, count } } : content]
  }
  if (run.kind === 'protocol' || count === 1) return [content]
  return Array.from({ length: count }, (_, i) => ({ ...content, container: { index: i + 1, count } }))
}

/**
 * Same content, language and layout => same hash => the stored bytes are reused and a reprint is
 * byte-identical. Anything that changes what comes out of the printer changes the hash.
 */
export function labelContentHash(contents: LabelContent | readonly LabelContent[], printer: Pick<PrinterConfig, 'language' | 'label'>): string {
  const labels = Array.isArray(contents) ? contents : [contents as LabelContent]
  const canonical = JSON.stringify([
    ...labels.map((content) => [content.type, content.number, content.animalName, content.species, content.publicUrl, content.container ?? null]),
    printer.language,
    printer.label
  ])
  return createHash('sha256').update(canonical).digest('hex')
}
