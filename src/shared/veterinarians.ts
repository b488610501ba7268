/** The veterinarians who send samples: the list, adding one from the receive form, correcting one at the bench. */
import { z } from 'zod'
import { Veterinarian } from './domain'
import { NoInput, type RequestDef } from './request-def'

export const veterinarianRequests = {
  'veterinarians.list': { input: NoInput, output: z.array(Veterinarian) },
  'veterinarians.create': { input: Veterinarian.omit({ id: true, demo: true }).strict(), output: Veterinarian },
  /**
   * Corrects a veterinarian (e-mail, phone, name…): every field is sent, with the same rules as
   * when it was added; audited with before and after, and pushed to the server like a new one.
   */
  'veterinarians.update': { input: Veterinarian.omit({ demo: true }).strict(), output: Veterinarian }
} as const satisfies Record<string, RequestDef>
