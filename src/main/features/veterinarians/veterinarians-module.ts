/**
 * The veterinarians feature owns the senders of samples: the list, adding one from the receive
 * form and correcting one at the bench (audited with before and after, pushed like a new one).
 */
import { newId } from '../../../shared/ids'
import type { Veterinarian } from '../../../shared/domain'
import { HandledError } from '../../platform/dispatch'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import type { VeterinariansRepository } from './veterinarians-repository'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { DemoData } from '../demo/demo-data'

export interface VeterinariansDeps extends Pick<Platform, 'db' | 'clock' | 'audit' | 'outbox'> {
  veterinarians: VeterinariansRepository
  /** A renamed veterinarian's protocols are found by the new name. */
  protocols: Pick<ProtocolsRepository, 'reindex'>
  session: Pick<BenchSession, 'actor'>
  /** One added while the bench tries the app with demo data is demo too (removed with it). */
  demo: Pick<DemoData, 'active'>
}

const EDITABLE = ['name', 'clinic', 'email', 'phone', 'licence'] as const

export function createVeterinariansModule(deps: VeterinariansDeps): HostModule {
  const { db, clock, audit, outbox, veterinarians } = deps
  return {
    name: 'veterinarians',
    handlers: {
      'veterinarians.list': () => veterinarians.list(),
      'veterinarians.create': (input) => {
        const vet = { ...input, id: newId(), demo: deps.demo.active() }
        const at = clock().toISOString()
        db.transaction(() => {
          veterinarians.insert(vet, at)
          audit.append({ at, actor: deps.session.actor(), action: 'veterinarian.created', entity: 'veterinarian', entityId: vet.id, after: vet })
          outbox.append({ entity: 'veterinarian', entityId: vet.id, op: 'upsert', payload: vet, at })
        })()
        return vet
      },
      'veterinarians.update': (input) => {
        const at = clock().toISOString()
        return db.transaction((): Veterinarian => {
          const before = veterinarians.getLive(input.id)
          if (!before) throw new HandledError('not_found', `veterinarian ${input.id} not found`)
          const after: Veterinarian = { ...input, demo: before.demo }
          // Saving the form unchanged is not a change: nothing to audit or push.
          if (EDITABLE.every((field) => before[field] === after[field])) return before
          veterinarians.update(input, at)
          audit.append({ at, actor: deps.session.actor(), action: 'veterinarian.updated', entity: 'veterinarian', entityId: after.id, before, after })
          // The whole row, as on create: the push sends only the fields that changed since the previous one.
          outbox.append({ entity: 'veterinarian', entityId: after.id, op: 'upsert', payload: after, at })
          if (before.name !== after.name) for (const id of veterinarians.protocolIdsOf(after.id)) deps.protocols.reindex(id)
          return after
        })()
      }
    }
  }
}
