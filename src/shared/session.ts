/** Who works at the bench: the clerk on duty and the clerk list (PINs never leave main). */
import { z } from 'zod'
import { PinInput, PublicClerk } from './bench-settings'
import { NoInput, type RequestDef } from './request-def'

export const Session = z.object({ clerk: z.string().nullable(), clerks: z.array(PublicClerk) })
export type Session = z.infer<typeof Session>

const ClerkName = z.string().trim().min(1).max(80)

export const sessionRequests = {
  'clerks.save': { input: z.object({ name: ClerkName, pin: PinInput.optional() }).strict(), output: Session },
  'clerks.remove': { input: z.object({ name: ClerkName }).strict(), output: Session },
  'session.get': { input: NoInput, output: Session },
  'session.setClerk': { input: z.object({ name: ClerkName, pin: z.string().max(8).optional() }).strict(), output: Session }
} as const satisfies Record<string, RequestDef>

export const sessionEvents = {
  'session.changed': Session
} as const
