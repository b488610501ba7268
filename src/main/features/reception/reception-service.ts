import type { BenchSession, Platform } from '../../platform/module'
import type { LabelQueue } from '../printing/printing-module'
import type { ProtocolStatus } from '../../../shared/domain'
import { formatProtocolNumber } from '../../../shared/domain'
import { newId } from '../../../shared/ids'
import { parseScan } from '../../../shared/scan'
import type { LookupResult, NumberStatus, ReceiveResult, TodaySummary } from '../../../shared/reception'
import type { z } from 'zod'
import type { EditReceptionInput, EditReceptionResult, ReceiveInput } from '../../../shared/reception'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import { checkTypedRange, numberBeforeRenumber, numberStatus, takeNumber, takeRenumber } from '../numbering/numbering-rules'
import type { SettingsService } from '../settings/settings-service'
import { HandledError } from '../../platform/dispatch'
import type { NotificationsService } from '../notifications/notifications-service'
import type { DemoData } from '../demo/demo-data'
import type { NumberSeries } from '../../../shared/numbering'

type ParsedReceive = z.output<typeof ReceiveInput>
type ParsedEdit = z.output<typeof EditReceptionInput>

/** A decided protocol's reception data may be corrected until the lab has reported on it. */
const EDITABLE: readonly ProtocolStatus[] = ['received', 'rejected', 'processing']

export interface ReceptionDeps extends Pick<Platform, 'db' | 'clock' | 'audit' | 'outbox' | 'emit'> {
  protocols: ProtocolsRepository
  veterinarians: VeterinariansRepository
  numbers: NumberBlocksRepository
  settings: SettingsService
  /** The clerk on duty signs what the Reception page does; receiving without one is refused. */
  session: Pick<BenchSession, 'clerk'>
  /** The veterinarian hears of the decision; the message is written in the same transaction. */
  notifications: Pick<NotificationsService, 'queue'>
  /** Labels are queued inside the receive (or correction) transaction: "received" and "label queued" commit together. */
  labels: Pick<LabelQueue, 'forReceived' | 'forCorrection'>
  /** A bench trying the app numbers demo receptions from its demo blocks, and keeps them demo. */
  demo: Pick<DemoData, 'active'>
  /** The admin PIN's gate (settings): a typed range needs it; throws when the PIN is wrong. */
  checkAdminPin: (pin: string) => 'verified' | 'first'
  setAdminPin: (pin: string) => void
}

/** Who a receive is done for: the clerk on duty by default; a bulk batch names whoever started it. */
export interface ReceiveAs {
  actor: string
  /** The caller tells the renderer about changed protocols itself (a batch coalesces them). */
  quiet?: boolean
}

const DUPLICATE_WINDOW_DAYS = 5

const startOfLocalDay = (now: Date): string => new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString()

/** The clerk's main job: find the submission, decide, number it and get its label queued. */
export function createReceptionService(deps: ReceptionDeps) {
  const { db, protocols, audit, outbox, numbers, settings, clock } = deps

  const changed = (ids: string[]) => deps.emit('protocols.changed', { ids })
  const requireClerk = (): string => {
    const clerk = deps.session.clerk()
    if (!clerk) throw new HandledError('no_clerk', 'choose the clerk on duty first')
    return clerk
  }

  const receiveTransaction = db.transaction((input: ParsedReceive, clerk: string): ReceiveResult => {
    const now = clock()
    const at = now.toISOString()
    const existing = input.id ? protocols.get(input.id) : null
    if (input.id && !existing) throw new HandledError('not_found', `protocol ${input.id} not found`)
    if (existing && existing.status !== 'registered') {
      throw new HandledError('already_decided', `protocol ${existing.number ?? existing.id} was already ${existing.status}`, {
        status: existing.status,
        number: existing.number ?? existing.externalId ?? existing.animal.name
      })
    }
    if (!deps.veterinarians.get(input.veterinarianId)) throw new HandledError('not_found', 'veterinarian not found')

    const accepted = input.decision === 'accept'
    const year = now.getFullYear()
    // A demo row stays demo (and takes a demo number) whatever mode the bench is in now.
    const demo = existing ? existing.demo : deps.demo.active()
    const seq = accepted ? takeNumber(numbers, input.type, year, demo ? 'demo' : 'live', at) : null
    const status: ProtocolStatus = accepted ? 'received' : 'rejected'
    const id = existing?.id ?? newId()
    const fields = {
      id,
      type: input.type,
      year: seq === null ? null : year,
      seq,
      number: seq === null ? null : formatProtocolNumber(input.type, year, seq),
      status,
      veterinarianId: input.veterinarianId,
      animal: input.animal,
      sample: input.sample,
      rejectionReason: accepted ? null : input.rejectionReason,
      receivedAt: at,
      receivedBy: clerk,
      updatedAt: at
    }
    // A new row is indexed as it is inserted; a submission's row changed fields the index holds.
    if (existing) {
      protocols.updateReception(fields)
      protocols.reindex(id)
    } else protocols.insert({ ...fields, externalId: null, createdAt: at, demo })
    protocols.recordStatus(id, { at, actor: clerk, from: existing?.status ?? null, to: status, note: accepted ? '' : input.rejectionReason })
    const protocol = protocols.get(id)!
    audit.append({ at, actor: clerk, action: accepted ? 'protocol.received' : 'protocol.rejected', entity: 'protocol', entityId: id, before: existing, after: protocol })
    outbox.append({ entity: 'protocol', entityId: id, op: 'upsert', payload: protocol, at })
    deps.notifications.queue({ kind: accepted ? 'sample_received' : 'sample_rejected', protocol, at })
    const { autoPrintOnReceive, lowWaterMark } = settings.get()
    const labelJobId = accepted && autoPrintOnReceive ? deps.labels.forReceived(protocol) : null
    const numbersLeft = numbers.remaining(input.type, year, demo ? 'demo' : 'live')
    return { protocol, labelJobId, numbersLeft, lowOnNumbers: numbersLeft < lowWaterMark }
  })

  const editTransaction = db.transaction((input: ParsedEdit, clerk: string): EditReceptionResult => {
    const before = protocols.get(input.id)
    if (!before) throw new HandledError('not_found', `protocol ${input.id} not found`)
    if (!EDITABLE.includes(before.status)) throw new HandledError('immutable', `protocol ${before.number ?? before.id} is ${before.status}`)
    if (!deps.veterinarians.get(input.veterinarianId)) throw new HandledError('not_found', 'veterinarian not found')
    const at = clock().toISOString()
    protocols.updateReception({ ...before, veterinarianId: input.veterinarianId, animal: input.animal, sample: input.sample, updatedAt: at })
    protocols.reindex(before.id)
    const after = protocols.get(before.id)!
    audit.append({ at, actor: clerk, action: 'protocol.edited', entity: 'protocol', entityId: before.id, before, after })
    outbox.append({ entity: 'protocol', entityId: before.id, op: 'upsert', payload: after, at })
    const labelJobId = after.number && settings.get().autoPrintOnReceive ? deps.labels.forCorrection(before, after) : null
    return { protocol: after, labelJobId }
  })

  const renumberTransaction = db.transaction((id: string, clerk: string) => {
    const before = protocols.get(id)
    if (!before) throw new HandledError('not_found', `protocol ${id} not found`)
    const refused = db.prepare(`SELECT number_refused FROM protocols WHERE id = ?`).pluck().get(id) as string | null
    // A protocol that gave its number up to a server row (number_taken) carries none: its old number is already an alias.
    const previousNumber = numberBeforeRenumber(numbers, 'protocol', id, before.number)
    if (refused === null || previousNumber === null || before.year === null) {
      throw new HandledError('conflict', `the server did not refuse the number of protocol ${before.number ?? id}`)
    }
    const at = clock().toISOString()
    const seq = takeRenumber(numbers, before.type, before.year)
    const number = formatProtocolNumber(before.type, before.year, seq)
    if (before.number !== null && before.seq !== null) numbers.addAlias({ entity: 'protocol', entityId: id, series: before.type, year: before.year, seq: before.seq, number: before.number, at })
    protocols.updateReception({ ...before, seq, number, updatedAt: at })
    db.prepare(`UPDATE protocols SET number_refused = NULL WHERE id = ?`).run(id)
    protocols.reindex(id)
    const after = protocols.get(id)!
    audit.append({ at, actor: clerk, action: 'protocol.renumbered', entity: 'protocol', entityId: id, before, after })
    outbox.append({ entity: 'protocol', entityId: id, op: 'upsert', payload: after, at })
    // The veterinarian is told the number the lab will use; the tube gets a label with it at once.
    deps.notifications.queue({ kind: 'sample_received', protocol: after, at })
    // Compared with the label the tube carries, which shows the previous number even when the row gave it up.
    const labelJobId = deps.labels.forCorrection({ ...before, number: previousNumber }, after)
    return { protocol: after, previousNumber, labelJobId }
  })

  return {
    /** "Renumerar" a protocol whose number the server refused (see renumberTransaction). */
    renumber(id: string) {
      const result = renumberTransaction.immediate(id, requireClerk())
      changed([id])
      return result
    },

    edit(input: ParsedEdit): EditReceptionResult {
      const result = editTransaction.immediate(input, requireClerk())
      changed([result.protocol.id])
      return result
    },

    /** Nests as a savepoint when called inside a transaction (a bulk batch's chunk). */
    receive(input: ParsedReceive, as?: ReceiveAs): ReceiveResult {
      const clerk = as?.actor ?? requireClerk()
      const result = receiveTransaction.immediate(input, clerk)
      if (!as?.quiet) changed([result.protocol.id])
      return result
    },

    lookup(text: string): LookupResult {
      const scan = parseScan(text)
      if (scan.kind === 'number') return { scan: 'number', matches: protocols.findByNumber(scan.type, 2000 + scan.yy, scan.seq) }
      if (scan.kind === 'id') {
        const matches = protocols.findById(scan.id)
        if (matches.length > 0) return { scan: 'id', matches }
      }
      if (scan.kind === 'external') {
        const matches = protocols.findByExternalId(scan.externalId)
        if (matches.length > 0) return { scan: 'external', matches }
      }
      const words = scan.kind === 'text' ? scan.text : scan.kind === 'id' ? scan.id : scan.externalId
      return { scan: 'text', matches: protocols.search({ text: words, offset: 0, limit: 10 }).rows }
    },

    possibleDuplicates(input: { veterinarianId: string; animalName: string; owner: string; excludeId?: string | undefined }) {
      const since = new Date(clock().getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000).toISOString()
      return protocols.possibleDuplicates(input.veterinarianId, input.animalName, input.owner, since, input.excludeId ?? '')
    },

    today(): TodaySummary {
      return { ...protocols.decidedSince(startOfLocalDay(clock())), recent: protocols.recentDecided(8) }
    },

    numberStatus(): NumberStatus {
      return numberStatus(numbers, clock().getFullYear(), settings.get().lowWaterMark, deps.demo.active())
    },

    /**
     * A range an administrator typed for a bench that cannot reach the lab server: admin PIN,
     * acknowledged warning, the bounds the server will check at first contact. Refused while the
     * bench tries the app with demo data (its numbers would be real ones).
     */
    addLocalRange(range: { type: NumberSeries; year: number; start: number; end: number; adminPin: string }) {
      if (deps.demo.active()) throw new HandledError('demo_mode', 'remove the demo data before typing a numbering range')
      const admin = deps.checkAdminPin(range.adminPin)
      const now = clock()
      checkTypedRange(range, now)
      const at = now.toISOString()
      db.transaction(() => {
        try {
          numbers.add({ type: range.type, year: range.year, rangeStart: range.start, rangeEnd: range.end, source: 'local' }, at)
        } catch (error) {
          if (error instanceof RangeError) throw new HandledError('range_overlaps', error.message, { type: range.type, year: range.year })
          throw error
        }
        const typed = { type: range.type, year: range.year, start: range.start, end: range.end }
        audit.append({ at, actor: deps.session.clerk() ?? 'administrator', action: 'numbers.local_range_added', entity: 'number_block', entityId: `${range.type}-${range.year}`, after: typed })
      })()
      // The bench's first admin PIN is the one typed for its first admin action.
      if (admin === 'first') deps.setAdminPin(range.adminPin)
    }
  }
}
export type ReceptionService = ReturnType<typeof createReceptionService>
