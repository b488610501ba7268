/** The veterinarians feature owns the senders of samples: the list and adding one from the receive form. */
import { newId } from '../../../shared/ids'
import type { BenchSession, HostModule, Platform } from '../../platform/module'
import type { VeterinariansRepository } from './veterinarians-repository'
import type { DemoData } from '../demo/demo-data'

export interface VeterinariansDeps extends Pick<Platform, 'db' | 'clock' | 'audit' | 'outbox'> {
  veterinarians: VeterinariansRepository
  session: Pick<BenchSession, 'actor'>
  /** One added while the bench tries the app with demo data is demo too (removed with it). */
  demo: Pick<DemoData, 'active'>
}

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
      }
    }
  }
}
