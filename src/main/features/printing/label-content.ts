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
 * Same content, language and layout => same hash => the stored bytes are reused and a reprint is
 * byte-identical. Anything that changes what comes out of the printer changes the hash.
 */
export function labelContentHash(content: LabelContent, printer: Pick<PrinterConfig, 'language' | 'label'>): string {
  const canonical = JSON.stringify([content.type, content.number, content.animalName, content.species, content.publicUrl, printer.language, printer.label])
  return createHash('sha256').update(canonical).digest('hex')
}
