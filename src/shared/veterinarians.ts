/** The veterinarians who send samples: the list, and adding one from the receive form. */
import { z } from 'zod'
import { Veterinarian } from './domain'
import { NoInput, type RequestDef } from './request-def'

export const veterinarianRequests = {
  'veterinarians.list': { input: NoInput, output: z.array(Veterinarian) },
  'veterinarians.create': { input: Veterinarian.omit({ id: true, demo: true }).strict(), output: Veterinarian }
} as const satisfies Record<string, RequestDef>
