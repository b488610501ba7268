import { z } from 'zod'
import { Animal, Protocol, ProtocolSummary, ProtocolType, Sample, Uuid } from './domain'
import { NoInput, type RequestDef } from './request-def'

export const ReceiveInput = z
  .object({
    /** A pre-registered submission being received; absent for a walk-in. */
    id: Uuid.optional(),
    type: ProtocolType,
    veterinarianId: Uuid,
    animal: Animal,
    sample: Sample,
    decision: z.enum(['accept', 'reject']).default('accept'),
    rejectionReason: z.string().trim().max(300).default('')
  })
  .strict()
  .refine((input) => input.decision === 'accept' || input.rejectionReason.length > 0, {
    path: ['rejectionReason'],
    message: 'a rejection needs a reason'
  })
export type ReceiveInput = z.input<typeof ReceiveInput>

export const ReceiveResult = z.object({
  protocol: Protocol,
  /** The queued label job (null when rejected or auto-print is off). */
  labelJobId: z.number().int().nullable(),
  numbersLeft: z.number().int(),
  lowOnNumbers: z.boolean()
})
export type ReceiveResult = z.infer<typeof ReceiveResult>

/** A correction to a decided protocol's reception data. Its type and number never change. */
export const EditReceptionInput = z
  .object({
    id: Uuid,
    veterinarianId: Uuid,
    animal: Animal,
    sample: Sample
  })
  .strict()
export type EditReceptionInput = z.input<typeof EditReceptionInput>

export const EditReceptionResult = z.object({
  protocol: Protocol,
  /** A new label job when the printed content changed (and auto-print is on); null otherwise. */
  labelJobId: z.number().int().nullable()
})
export type EditReceptionResult = z.infer<typeof EditReceptionResult>

export const LookupResult = z.object({
  scan: z.enum(['number', 'id', 'external', 'text']),
  matches: z.array(ProtocolSummary)
})
export type LookupResult = z.infer<typeof LookupResult>

export const TodaySummary = z.object({
  received: z.number().int(),
  rejected: z.number().int(),
  recent: z.array(ProtocolSummary)
})
export type TodaySummary = z.infer<typeof TodaySummary>

export const NumberStatus = z.object({
  year: z.number().int(),
  types: z.array(z.object({ type: ProtocolType, remaining: z.number().int(), low: z.boolean() })),
  blocks: z.array(
    z.object({
      type: ProtocolType,
      year: z.number().int(),
      rangeStart: z.number().int(),
      rangeEnd: z.number().int(),
      nextSeq: z.number().int(),
      source: z.enum(['server', 'local'])
    })
  )
})
export type NumberStatus = z.infer<typeof NumberStatus>

export const LocalRangeInput = z
  .object({
    type: ProtocolType,
    year: z.number().int().min(2000).max(2099),
    start: z.number().int().min(1).max(999_999),
    end: z.number().int().min(1).max(999_999)
  })
  .strict()
  .refine((range) => range.start <= range.end, { path: ['end'], message: 'end before start' })

export const receptionRequests = {
  'reception.lookup': { input: z.object({ text: z.string().trim().min(1).max(500) }).strict(), output: LookupResult },
  'reception.receive': { input: ReceiveInput, output: ReceiveResult },
  'reception.edit': { input: EditReceptionInput, output: EditReceptionResult },
  'reception.today': { input: NoInput, output: TodaySummary },
  'reception.duplicates': {
    input: z.object({ veterinarianId: Uuid, animalName: z.string().max(120), owner: z.string().max(160), excludeId: Uuid.optional() }).strict(),
    output: z.array(ProtocolSummary)
  },
  'numbers.status': { input: NoInput, output: NumberStatus },
  'numbers.addLocalRange': { input: LocalRangeInput, output: NumberStatus }
} as const satisfies Record<string, RequestDef>
