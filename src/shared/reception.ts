import { z } from 'zod'
import { Animal, Protocol, ProtocolSummary, ProtocolType, Sample, Uuid } from './domain'
import { NumberSeries, SeqNumber } from './numbering'
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
  /** The bench tries the app with demo data: its numbers are demo numbers, for demo rows only. */
  demo: z.boolean(),
  /** Numbers left this year per series (HP, CT, OT), each counted once however the blocks overlap. */
  types: z.array(z.object({ type: NumberSeries, remaining: z.number().int(), low: z.boolean() })),
  blocks: z.array(
    z.object({
      type: NumberSeries,
      year: z.number().int(),
      rangeStart: z.number().int(),
      rangeEnd: z.number().int(),
      nextSeq: z.number().int(),
      source: z.enum(['server', 'local', 'demo']),
      /** A typed range: registered with the server for this bench, refused, or not yet sent (null). */
      claimStatus: z.enum(['claimed', 'refused']).nullable()
    })
  )
})
export type NumberStatus = z.infer<typeof NumberStatus>

/**
 * A range an administrator types for a bench that cannot reach the lab server yet. It needs the
 * admin PIN and the explicit acknowledgement of the warning the form shows (its numbers are only
 * safe once the server registers the range at first contact). The bounds the server will check
 * (this year or the next, 1..MAX_SEQ, at most MAX_RANGE_NUMBERS) are checked again by the bench,
 * which answers `range_out_of_bounds`.
 */
export const LocalRangeInput = z
  .object({
    type: NumberSeries,
    year: z.number().int().min(2000).max(2999),
    start: SeqNumber,
    end: SeqNumber,
    adminPin: z.string().min(1).max(8),
    acknowledged: z.literal(true)
  })
  .strict()
export type LocalRangeInput = z.input<typeof LocalRangeInput>

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
  /**
   * "Renumerar": a protocol whose number the server refused gets a number the server confirmed
   * (a leased block or a claimed range) and a new label; the old number stays its alias.
   */
  'protocols.renumber': { input: z.object({ id: Uuid }).strict(), output: z.object({ protocol: Protocol, previousNumber: z.string(), labelJobId: z.number().int().nullable() }) },
  'numbers.addLocalRange': { input: LocalRangeInput, output: NumberStatus }
} as const satisfies Record<string, RequestDef>
