/**
 * The reception feature owns the clerk's main job: find the submission (scan or type), decide,
 * give it a number from the bench's blocks and get its label queued, all in one transaction;
 * corrections of a decided protocol; today's count and the numbers left.
 */
import type { HostModule } from '../../platform/module'
import { createReceptionService, type ReceptionDeps, type ReceptionService } from './reception-service'

export function createReceptionModule(deps: ReceptionDeps): HostModule & { readonly service: ReceptionService } {
  const reception = createReceptionService(deps)
  return {
    name: 'reception',
    service: reception,
    handlers: {
      'reception.lookup': ({ text }) => reception.lookup(text),
      'reception.receive': (input) => reception.receive(input),
      'reception.edit': (input) => reception.edit(input),
      'reception.today': () => reception.today(),
      'reception.duplicates': (input) => reception.possibleDuplicates(input),
      'numbers.status': () => reception.numberStatus(),
      'protocols.renumber': ({ id }) => reception.renumber(id),
      'numbers.addLocalRange': (range) => {
        reception.addLocalRange(range)
        return reception.numberStatus()
      }
    }
  }
}
