/**
 * Push: applies a batch of one device's outbox operations in ONE transaction, each operation
 * once (the device's last consumed opSeq is stored in the same transaction), field by field
 * under the conflict rules. Per-operation refusals are results, not errors.
 */
import { formatProtocolNumber, type ProtocolType } from '../../src/shared/domain'
import { formatWorkOrderNumber } from '../../src/shared/work-orders'
import {
  checkEntityFields,
  type Fields,
  type OpRejectionCode,
  type OpResult,
  type PushOp,
  type PushRequest,
  type PushResponse
} from '../../src/shared/sync-protocol'
import type { Device } from './auth'
import { claimNumber, workOrderNumberAccepted } from './blocks'
import { ChangeSet, type StoredRecord } from './change-set'
import { deleteBlockedBy, mergeFields, type FieldMeta } from './conflict-rules'
import { ApiError } from './http'
import { checkBase, checkDelete, checkUpsert, filterFields, ownerAfterCreate } from './ownership'
import { cancelMail, detachAttachments, enqueueMail, mailMessage, missingForMail, QUEUED_DELIVERY } from './notifications'
import type { Sql, Storage } from './storage/types'

export interface PushHooks {
  /** Test-only fault injection: awaited halfway through a batch, inside its transaction. */
  midBatch?: () => Promise<void>
  /** Test-only: awaited after the batch committed, before the answer is sent (a bench may die meanwhile). */
  afterCommit?: (response: PushResponse) => Promise<void>
}

type Rejection = { code: OpRejectionCode; message: string }

const rejected = (opSeq: number, rejection: Rejection): OpResult => ({ opSeq, status: 'rejected', ...rejection })

/** Field checks happen before the transaction: one bad operation refuses the whole batch. */
export function checkPushOps(device: Device, req: PushRequest): Map<number, Fields> {
  const checked = new Map<number, Fields>()
  req.ops.forEach((op, index) => {
    if (op.deviceId !== device.id) {
      throw new ApiError(403, 'device_mismatch', `op ${op.opSeq} belongs to device ${op.deviceId}, not to the signer`)
    }
    if (op.op !== 'upsert') return
    const check = checkEntityFields(op.entity, op.fields)
    if (!check.ok) {
      throw new ApiError(400, 'invalid_payload', `op ${op.opSeq}: ${op.entity}.${check.field}: ${check.message}`, {
        opSeq: op.opSeq,
        issues: [{ path: `ops.${index}.fields.${check.field}`, message: check.message }]
      })
    }
    checked.set(op.opSeq, check.fields)
  })
  return checked
}

const NUMBER_KEYS = ['type', 'year', 'seq'] as const

type NumberCheck = Rejection | 'numbered' | null

/**
 * Numbers come from the device's own blocks and never change once accepted. 'numbered': the
 * protocol got its number from this device in this operation (it now belongs to this device).
 */
async function checkProtocolNumber(
  sql: Sql,
  deviceId: string,
  protocolId: string,
  before: Fields | null,
  after: Fields
): Promise<NumberCheck> {
  const { type, year, seq, number } = after
  if (before && before.seq !== null && before.seq !== undefined) {
    if (NUMBER_KEYS.some((key) => before[key] !== after[key])) {
      return { code: 'number_immutable', message: 'a protocol keeps the number it was given' }
    }
  } else if (seq === null || seq === undefined) {
    return number === null || number === undefined ? null : { code: 'number_incomplete', message: 'number without seq' }
  }
  if (typeof type !== 'string' || typeof year !== 'number' || typeof seq !== 'number') {
    return { code: 'number_incomplete', message: 'type, year and seq are needed together' }
  }
  // Pushed fields are typed by the Protocol schema, so a type here is a protocol type.
  const protocolType = type as ProtocolType
  if (number !== null && number !== undefined && number !== formatProtocolNumber(protocolType, year, seq)) {
    return { code: 'number_mismatch', message: `number ${String(number)} does not match ${type} ${year} seq ${seq}` }
  }
  if (before && before.seq !== null && before.seq !== undefined) return null
  const claim = await claimNumber(sql, deviceId, protocolId, protocolType, year, seq)
  if (claim === 'number_outside_block') {
    return { code: claim, message: `${formatProtocolNumber(protocolType, year, seq)} is not in a block leased to this bench` }
  }
  if (claim === 'number_taken') return { code: claim, message: 'another protocol already has this number' }
  return 'numbered'
}

/**
 * Work-order numbers (OT, an invoice series) come from the device's own OT blocks or claims and
 * never change once accepted. A correction carries the number of the order it corrects and no
 * seq of its own: that number must be one the server accepted.
 */
async function checkWorkOrderNumber(
  sql: Sql,
  deviceId: string,
  workOrderId: string,
  before: Fields | null,
  after: Fields
): Promise<Rejection | null> {
  const { year, seq, number } = after
  const accepted = before && before.seq !== null && before.seq !== undefined
  if (accepted) {
    if (NUMBER_KEYS.some((key) => key !== 'type' && before[key] !== after[key]) || before.number !== number) {
      return { code: 'number_immutable', message: 'a work order keeps the number it was issued with' }
    }
    return null
  }
  if (seq === null || seq === undefined) {
    if (number === null || number === undefined) return null
    const parsed = typeof number === 'string' ? /^OT (\d{2})\/(\d{4,5})$/.exec(number) : null
    const correcting = parsed && typeof year !== 'number' ? await correctedNumberAccepted(sql, Number(parsed[1]), Number(parsed[2])) : false
    return correcting ? null : { code: 'number_outside_block', message: `${String(number)} is not a work-order number the server accepted` }
  }
  if (typeof year !== 'number' || typeof seq !== 'number') return { code: 'number_incomplete', message: 'year and seq are needed together' }
  if (number !== formatWorkOrderNumber(year, seq)) {
    return { code: 'number_mismatch', message: `number ${String(number)} does not match OT ${year} seq ${seq}` }
  }
  const claim = await claimNumber(sql, deviceId, workOrderId, 'OT', year, seq)
  if (claim === 'number_outside_block') return { code: claim, message: `${formatWorkOrderNumber(year, seq)} is not in a block leased to this bench` }
  if (claim === 'number_taken') return { code: claim, message: `another work order already has ${formatWorkOrderNumber(year, seq)}` }
  return null
}

/** `OT 26/0007` names its year by two digits: the accepted number of this century with that sequence. */
async function correctedNumberAccepted(sql: Sql, yy: number, seq: number): Promise<boolean> {
  return workOrderNumberAccepted(sql, 2000 + yy, seq)
}

interface ApplyContext {
  sql: Sql
  changes: ChangeSet
  device: Device
  now: number
  mailQueued: boolean
}

async function applyUpsert(ctx: ApplyContext, op: PushOp, fields: Fields): Promise<OpResult> {
  const current = await ctx.changes.read(op.entity, op.entityId)
  if (current?.deletedAt) return rejected(op.opSeq, { code: 'entity_deleted', message: 'the row was deleted on the server' })
  const baseVersion = op.baseVersion ?? 0
  const refusal = checkBase(current, baseVersion) ?? checkUpsert(op.entity, current, fields, ctx.device)
  if (refusal) return rejected(op.opSeq, refusal)
  const isNotification = op.entity === 'notification'
  const { fields: incoming, attachments } = isNotification ? detachAttachments(fields) : { fields, attachments: undefined }
  const access = filterFields(op.entity, current, incoming, ctx.device)
  const merged = mergeFields({
    entity: op.entity,
    current: current?.fields ?? {},
    meta: current?.meta ?? {},
    incoming: access.permitted,
    writer: ctx.device.role,
    baseVersion,
    version: ctx.changes.peekVersion()
  })
  const conflicts = [...access.conflicts, ...merged.conflicts]
  const creatingMail = isNotification && !current
  if (creatingMail) {
    const missing = missingForMail(merged.fields)
    if (missing.length > 0) {
      return rejected(op.opSeq, { code: 'notification_incomplete', message: `a new notification needs ${missing.join(', ')}` })
    }
  }
  let owner = current ? current.owner : ownerAfterCreate(op.entity, ctx.device)
  if (op.entity === 'protocol') {
    const number = await checkProtocolNumber(ctx.sql, ctx.device.id, op.entityId, current?.fields ?? null, merged.fields)
    if (number === 'numbered') owner = ctx.device.id
    else if (number) return rejected(op.opSeq, number)
  }
  if (op.entity === 'work_order') {
    const rejection = await checkWorkOrderNumber(ctx.sql, ctx.device.id, op.entityId, current?.fields ?? null, merged.fields)
    if (rejection) return rejected(op.opSeq, rejection)
  }
  const reportVersion = op.entity === 'report' ? reportVersionOf(merged.fields) : null
  if (reportVersion && !current) {
    const taken = await reportVersionTaken(ctx.sql, op.entityId, reportVersion)
    if (taken) return rejected(op.opSeq, taken)
  }
  if (current && !merged.changed && owner === current.owner) return { opSeq: op.opSeq, status: 'applied', version: current.version, conflicts }

  let next: Omit<StoredRecord, 'version'> = { fields: merged.fields, meta: merged.meta, deletedAt: null, owner }
  if (creatingMail) {
    const meta: FieldMeta = { ...merged.meta }
    for (const field of Object.keys(QUEUED_DELIVERY)) meta[field] = { v: ctx.changes.peekVersion(), by: 'server' }
    next = { fields: { ...merged.fields, ...QUEUED_DELIVERY }, meta, deletedAt: null, owner }
    await enqueueMail(ctx.sql, op.entityId, mailMessage(merged.fields, attachments ?? []), ctx.now)
    ctx.mailQueued = true
  }
  const version = await ctx.changes.save(op.entity, op.entityId, current, next)
  if (reportVersion) {
    await ctx.sql.run('INSERT INTO report_versions (protocol_id, version, report_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
      reportVersion.protocolId,
      reportVersion.version,
      op.entityId
    ])
  }
  return { opSeq: op.opSeq, status: 'applied', version, conflicts }
}

interface ReportVersion {
  protocolId: string
  version: number
}

function reportVersionOf(fields: Fields): ReportVersion | null {
  const { protocolId, version } = fields
  return typeof protocolId === 'string' && typeof version === 'number' && Number.isInteger(version) && version > 0 ? { protocolId, version } : null
}

/**
 * One chain of report versions per protocol, lab-wide: a version another report already holds
 * is refused, so a protocol reported (or being reported) at one bench gets no second v1 at
 * another, and an amendment is not forked. Amendments with the next free version pass.
 */
async function reportVersionTaken(sql: Sql, reportId: string, report: ReportVersion): Promise<Rejection | null> {
  const holder = await sql.get<{ report_id: string }>('SELECT report_id FROM report_versions WHERE protocol_id = ? AND version = ?', [
    report.protocolId,
    report.version
  ])
  if (!holder || holder.report_id === reportId) return null
  return {
    code: 'report_version_taken',
    message: `protocol ${report.protocolId} already has a report version ${report.version} (${holder.report_id}); amend the newest version instead`
  }
}

async function applyDelete(ctx: ApplyContext, op: PushOp): Promise<OpResult> {
  const current = await ctx.changes.read(op.entity, op.entityId)
  if (!current || current.deletedAt) return { opSeq: op.opSeq, status: 'applied', version: current?.version ?? null, conflicts: [] }
  const refusal = checkBase(current, op.baseVersion ?? 0) ?? checkDelete(op.entity, current, ctx.device)
  if (refusal) return rejected(op.opSeq, refusal)
  const blocker = deleteBlockedBy(op.entity, current.meta, ctx.device.role, op.baseVersion ?? 0)
  if (blocker) {
    return rejected(op.opSeq, { code: 'owner_changed', message: `${blocker} was changed by its owner after version ${op.baseVersion ?? 0}` })
  }
  const version = await ctx.changes.save(op.entity, op.entityId, current, {
    fields: current.fields,
    meta: current.meta,
    deletedAt: new Date(ctx.now).toISOString(),
    owner: current.owner
  })
  if (op.entity === 'notification') await cancelMail(ctx.sql, op.entityId)
  return { opSeq: op.opSeq, status: 'applied', version, conflicts: [] }
}

export interface PushOutcome {
  response: PushResponse
  /** A notification was queued: wake the mailer. */
  mailQueued: boolean
}

export async function applyPush(
  storage: Storage,
  device: Device,
  req: PushRequest,
  now: number,
  hooks: PushHooks = {}
): Promise<PushOutcome> {
  const checked = checkPushOps(device, req)
  return storage.write(async (sql) => {
    // Lock order everywhere: the device row, then number rows, then the sequence counter (taken
    // last, by changes.finish, so pushes of different benches wait for each other only there).
    const row = await sql.get<{ last_op_seq: number }>('UPDATE devices SET last_seen_at = ? WHERE id = ? RETURNING last_op_seq', [
      now,
      device.id
    ])
    const changes = await ChangeSet.begin(sql)
    let lastOpSeq = row!.last_op_seq
    if (req.afterOpSeq > lastOpSeq) {
      throw new ApiError(409, 'op_gap', `operations after ${lastOpSeq} are missing; resend from there`, { lastOpSeq })
    }
    await changes.readAhead(req.ops.filter((op) => op.opSeq > lastOpSeq).map((op) => ({ entity: op.entity, id: op.entityId })))
    const ctx: ApplyContext = { sql, changes, device, now, mailQueued: false }
    const results: OpResult[] = []
    const pauseAfter = Math.max(0, Math.floor(req.ops.length / 2) - 1)
    for (const [index, op] of req.ops.entries()) {
      if (op.opSeq <= lastOpSeq) {
        results.push({ opSeq: op.opSeq, status: 'duplicate' })
      } else {
        results.push(op.op === 'upsert' ? await applyUpsert(ctx, op, checked.get(op.opSeq)!) : await applyDelete(ctx, op))
        lastOpSeq = op.opSeq
      }
      if (index === pauseAfter && hooks.midBatch) await hooks.midBatch()
    }
    await sql.run('UPDATE devices SET last_op_seq = ? WHERE id = ?', [lastOpSeq, device.id])
    const real = await changes.finish()
    const answered = results.map((result) => (result.status === 'applied' && result.version !== null ? { ...result, version: real(result.version) } : result))
    return { response: { lastOpSeq, results: answered }, mailQueued: ctx.mailQueued }
  })
}
