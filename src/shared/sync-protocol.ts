/**
 * Sync protocol v1 between a bench and the central lab server (docs/sync-api.md is the prose).
 * Every request and response body has a schema here so the reference server, the bench client
 * and any lab-written server agree byte for byte. Pure: no Node, no DOM.
 */
import { z } from 'zod'
import { Protocol, Service, Uuid, Veterinarian } from './domain'
import { NumberRange, NumberSeries, SeqNumber } from './numbering'

export const SYNC_PROTOCOL_VERSION = 1
export const SYNC_API_PREFIX = '/v1'

/** Header names of a signed request (lower case: Node normalises incoming headers). */
export const SYNC_HEADERS = {
  device: 'x-rb-device',
  timestamp: 'x-rb-timestamp',
  nonce: 'x-rb-nonce',
  signature: 'x-rb-signature',
  /** On every response: the server clock in epoch ms, so a bench can correct its own offset. */
  serverTime: 'x-rb-server-time'
} as const

/** A signed request is accepted when its timestamp is within this distance of the server clock. */
export const CLOCK_SKEW_MS = 5 * 60_000
export const MAX_PUSH_OPS = 1000
export const MAX_PAGE_LIMIT = 1000
export const DEFAULT_PAGE_LIMIT = 500

export const SyncEntity = z.enum(['protocol', 'veterinarian', 'service', 'work_order', 'report', 'notification'])
export type SyncEntity = z.infer<typeof SyncEntity>

/** bench: a reception PC. lab: a lab workstation or the lab's own system writing lab fields. */
export const DeviceRole = z.enum(['bench', 'lab'])
export type DeviceRole = z.infer<typeof DeviceRole>

/** Who wrote a field last; `server` only for fields the server itself maintains (mail delivery). */
export type Writer = DeviceRole | 'server'

const nonNegativeInt = z.number().int().nonnegative()
const epochMs = nonNegativeInt

// ---------------------------------------------------------------------------------------------
// Health and pairing

export const HealthResponse = z.object({
  ok: z.literal(true),
  protocolVersion: z.number().int(),
  serverTime: epochMs
})
export type HealthResponse = z.infer<typeof HealthResponse>

export const NumberBlock = z.object({
  id: z.string().min(1).max(64),
  /** A protocol type (HP, CT) or the work-order series (OT, 1.3). */
  type: NumberSeries,
  year: z.number().int().min(2000).max(2999),
  /** First and last sequence number of the block, both inclusive. */
  start: SeqNumber,
  end: SeqNumber
})
export type NumberBlock = z.infer<typeof NumberBlock>

export const PairRequest = z.object({
  code: z.string().trim().min(4).max(32),
  benchName: z.string().trim().min(1).max(80)
})
export type PairRequest = z.infer<typeof PairRequest>

export const PairResponse = z.object({
  deviceId: Uuid,
  /** HMAC key for every later request. Shown once; keep it out of the renderer. */
  secret: z.string().min(32).max(128),
  role: DeviceRole,
  benchName: z.string(),
  protocolVersion: z.number().int(),
  serverTime: epochMs,
  /** Blocks leased at pairing for the current year (and the next in December), both protocol types. */
  blocks: z.array(NumberBlock),
  /**
   * 1.3: the work-order (OT) blocks leased at pairing, apart from `blocks` so a 1.2 bench, which
   * reads only protocol types there, still pairs. Absent from older servers.
   */
  workOrderBlocks: z.array(NumberBlock).default([])
})
export type PairResponse = z.infer<typeof PairResponse>

/**
 * POST /v1/devices/secret (signed, body {}): a new secret for the calling device. The one that
 * signed the request stays valid until `previousValidUntil`, so requests already on their way pass.
 */
export const RotateSecretResponse = z.object({
  secret: z.string().min(32).max(128),
  previousValidUntil: epochMs
})
export type RotateSecretResponse = z.infer<typeof RotateSecretResponse>

// ---------------------------------------------------------------------------------------------
// Number blocks

export const LeaseRequest = z.object({
  type: NumberSeries,
  year: z.number().int().min(2000).max(2999)
})
export type LeaseRequest = z.infer<typeof LeaseRequest>

export const LeaseResponse = z.object({
  /** Every block of this bench for (type, year) that still has numbers the server has not seen used. */
  blocks: z.array(NumberBlock)
})
export type LeaseResponse = z.infer<typeof LeaseResponse>

/**
 * A range the bench already numbers from without a server block (a range its administrator typed
 * while the server was out of reach), registered as this device's so the server accepts its
 * numbers (1.1). Bounded (1.3): `1 <= start <= end <= MAX_SEQ`, at most MAX_RANGE_NUMBERS numbers.
 */
export const ClaimRequest = NumberRange
export type ClaimRequest = z.infer<typeof ClaimRequest>

export const ClaimResponse = z.object({
  /** The claimed range, now a block of this device. */
  block: NumberBlock
})
export type ClaimResponse = z.infer<typeof ClaimResponse>

/** `details` of a `409 range_taken`: what of the range another device holds. */
export const RangeTakenDetails = z.object({
  overlaps: z.array(
    z.object({
      start: z.number().int(),
      end: z.number().int(),
      /** The name of the bench holding it. */
      benchName: z.string()
    })
  )
})
export type RangeTakenDetails = z.infer<typeof RangeTakenDetails>

// ---------------------------------------------------------------------------------------------
// Push

export const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'field names are letters, digits and _')

/**
 * Field values are any JSON. Bodies arrive through JSON.parse, so JSON-ness needs no recursive
 * check here; the per-entity schemas below type the fields the server must understand.
 */
export const Fields = z
  .record(FieldName, z.unknown())
  .refine((fields) => Object.keys(fields).length <= 200, 'at most 200 fields per operation')
export type Fields = Record<string, unknown>

const PushOpBase = z.object({
  deviceId: Uuid,
  /** Per-device operation number; only grows. Gaps are allowed. */
  opSeq: z.number().int().positive(),
  entity: SyncEntity,
  /** UUID made on the bench (v7); compared in lower case. */
  entityId: Uuid.transform((id) => id.toLowerCase()),
  /** The row version this change was made on (0 or absent: made on nothing the server sent). */
  baseVersion: nonNegativeInt.optional()
})

export const PushOp = z.discriminatedUnion('op', [
  PushOpBase.extend({ op: z.literal('upsert'), fields: Fields }),
  PushOpBase.extend({ op: z.literal('delete') })
])
export type PushOp = z.infer<typeof PushOp>
export type PushOpInput = z.input<typeof PushOp>

export const PushRequest = z
  .object({
    /** The batch holds every operation of the device after this opSeq, in order (up to the limit). */
    afterOpSeq: nonNegativeInt,
    ops: z.array(PushOp).min(1).max(MAX_PUSH_OPS)
  })
  .superRefine((req, ctx) => {
    let previous = req.afterOpSeq
    req.ops.forEach((op, index) => {
      if (op.opSeq <= previous) {
        ctx.addIssue({
          code: 'custom',
          path: ['ops', index, 'opSeq'],
          message: `opSeq must be greater than ${previous} (strictly increasing and after afterOpSeq)`
        })
      }
      previous = op.opSeq
    })
  })
export type PushRequest = z.infer<typeof PushRequest>

export const FieldConflictReason = z.enum(['lab_owned', 'bench_owned'])
export type FieldConflictReason = z.infer<typeof FieldConflictReason>

/** A pushed field value the server did not apply because the field's owner changed it first. */
export const FieldConflict = z.object({
  field: z.string(),
  reason: FieldConflictReason,
  /** The value kept on the server. */
  serverValue: z.unknown()
})
export type FieldConflict = z.infer<typeof FieldConflict>

export const OpRejectionCode = z.enum([
  'number_outside_block',
  'number_taken',
  'number_immutable',
  'number_incomplete',
  'number_mismatch',
  'entity_deleted',
  'owner_changed',
  'notification_incomplete',
  /** 1.2: the op's baseVersion is above the row's version on the server. */
  'base_version_ahead',
  /** 1.2: the row belongs to another bench (only it or the lab may do this). */
  'not_owner',
  /** 1.2: only the lab may do this (the price list, a finalized report). */
  'lab_only',
  /**
   * 1.4: the protocol already has a report of this version made elsewhere (a second v1, or a fork
   * of an amendment): a protocol reported anywhere takes amendments only.
   */
  'report_version_taken'
])
export type OpRejectionCode = z.infer<typeof OpRejectionCode>

export const OpResult = z.discriminatedUnion('status', [
  z.object({
    opSeq: z.number().int(),
    status: z.literal('applied'),
    /** Row version after the op; null when the op changed nothing that exists (delete of missing). */
    version: nonNegativeInt.nullable(),
    conflicts: z.array(FieldConflict)
  }),
  /** Already applied by an earlier delivery of the same operation. */
  z.object({ opSeq: z.number().int(), status: z.literal('duplicate') }),
  /**
   * Consumed but not applied; nothing of it changed on the server. `code` is one of
   * OpRejectionCode; read as any string so a bench keeps syncing when a later minor version adds one.
   */
  z.object({ opSeq: z.number().int(), status: z.literal('rejected'), code: z.string().min(1).max(64), message: z.string() })
])
export type OpResult = z.infer<typeof OpResult>

export const PushResponse = z.object({
  /** Highest opSeq of this device the server has consumed; outbox rows up to it can be dropped. */
  lastOpSeq: nonNegativeInt,
  results: z.array(OpResult)
})
export type PushResponse = z.infer<typeof PushResponse>

// ---------------------------------------------------------------------------------------------
// Pull, snapshot, digests

export const SyncRow = z.object({
  id: z.string(),
  entity: SyncEntity,
  /** The server sequence number of the row's latest change; send it back as baseVersion. */
  version: z.number().int().positive(),
  deletedAt: z.string().nullable(),
  /** Work orders and reports: the name of the bench that made the document (absent from older servers). */
  ownerBench: z.string().optional(),
  fields: z.record(z.string(), z.unknown())
})
export type SyncRow = z.infer<typeof SyncRow>

const pageLimit = z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT)

export const PullQuery = z.object({
  since: z.coerce.number().int().nonnegative().default(0),
  limit: pageLimit
})
export type PullQuery = z.infer<typeof PullQuery>

export const PullResponse = z.object({
  rows: z.array(SyncRow),
  /** Store with the applied page; pass as `since` next time. */
  cursor: nonNegativeInt,
  hasMore: z.boolean()
})
export type PullResponse = z.infer<typeof PullResponse>

export const SnapshotQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  /** snapshotSeq of the first page; absent on the first request. */
  until: z.coerce.number().int().nonnegative().optional(),
  limit: pageLimit
})
export type SnapshotQuery = z.infer<typeof SnapshotQuery>

export const SnapshotResponse = z.object({
  /** Live rows with after < version <= snapshotSeq, by version. */
  rows: z.array(SyncRow),
  snapshotSeq: nonNegativeInt,
  /** `after` for the next page, or null when the snapshot is complete (then pull since snapshotSeq). */
  next: nonNegativeInt.nullable()
})
export type SnapshotResponse = z.infer<typeof SnapshotResponse>

export const TableDigest = z.object({
  entity: SyncEntity,
  /** Live (not deleted) rows. */
  count: nonNegativeInt,
  /** XOR of SHA-256(`${id}\n${version}`) over live rows, hex; 64 zeros for an empty table. */
  hash: z.string().regex(/^[0-9a-f]{64}$/)
})
export type TableDigest = z.infer<typeof TableDigest>

export const DigestsResponse = z.object({
  /** The digests describe the server state at this sequence; compare only with a bench at this cursor. */
  serverSeq: nonNegativeInt,
  tables: z.array(TableDigest)
})
export type DigestsResponse = z.infer<typeof DigestsResponse>

// ---------------------------------------------------------------------------------------------
// Document blobs (1.4): the PDF bytes of issued work orders and finalized reports

/** A blob is named by the lower-case hex SHA-256 of its bytes. */
export const BlobSha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256')

/** Largest blob the server takes (a report PDF with photographs stays well below it). */
export const MAX_BLOB_BYTES = 32 * 1024 * 1024

/** Content type of a blob body, up and down: raw bytes, never JSON. */
export const BLOB_CONTENT_TYPE = 'application/octet-stream'

export const blobPath = (sha256: string) => `${SYNC_API_PREFIX}/blobs/${sha256}`

/**
 * POST /v1/blobs/fetch: several blobs in one signed request (a restore brings hundreds). The
 * answer is their bytes one after the other, in the order asked; `x-rb-blob-sizes` gives each
 * one's length, -1 for a blob the server does not have, -2 for one left for a later request
 * (the answer stays under MAX_BLOB_BYTES unless a single blob is larger).
 */
export const BlobFetchRequest = z.object({ sha256: z.array(BlobSha256).min(1).max(50) })
export type BlobFetchRequest = z.infer<typeof BlobFetchRequest>
/**
 * POST /v1/blobs/missing: which of these blobs the server does not hold. A bench asks it of the
 * PDFs it believes it uploaded (a server restored from a backup, or PDFs made before the server
 * kept blobs) and uploads the missing ones again.
 */
export const BlobMissingRequest = z.object({ sha256: z.array(BlobSha256).min(1).max(500) })
export type BlobMissingRequest = z.infer<typeof BlobMissingRequest>
export const BlobMissingResponse = z.object({ missing: z.array(BlobSha256) })
export type BlobMissingResponse = z.infer<typeof BlobMissingResponse>
export const BLOB_SIZES_HEADER = 'x-rb-blob-sizes'
export const BLOB_MISSING = -1
export const BLOB_LATER = -2

/** PUT /v1/blobs/{sha256}: the server checked the bytes against the name and holds them. */
export const BlobPutResponse = z.object({
  sha256: BlobSha256,
  size: nonNegativeInt,
  /** False: the server already held these bytes (a repeated upload changes nothing). */
  stored: z.boolean()
})
export type BlobPutResponse = z.infer<typeof BlobPutResponse>

// ---------------------------------------------------------------------------------------------
// Admin (ADMIN_TOKEN bearer)

export const PairingCodeRequest = z.object({
  role: DeviceRole.default('bench'),
  ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(24 * 60)
})
export type PairingCodeRequest = z.infer<typeof PairingCodeRequest>

export const PairingCodeResponse = z.object({
  code: z.string(),
  role: DeviceRole,
  expiresAt: epochMs
})
export type PairingCodeResponse = z.infer<typeof PairingCodeResponse>

export const DeviceSummary = z.object({
  id: Uuid,
  name: z.string(),
  role: DeviceRole,
  lastOpSeq: nonNegativeInt,
  pairedAt: z.string(),
  revokedAt: z.string().nullable()
})
export type DeviceSummary = z.infer<typeof DeviceSummary>

export const DevicesResponse = z.object({ devices: z.array(DeviceSummary) })
export type DevicesResponse = z.infer<typeof DevicesResponse>

// ---------------------------------------------------------------------------------------------
// Errors (every non-2xx response of /v1)

export const SyncErrorCode = z.enum([
  'bad_json',
  'invalid_payload',
  'payload_too_large',
  /** 1.2: a body that is not `content-type: application/json`. */
  'unsupported_media_type',
  'unsigned',
  'bad_signature',
  'clock_skew',
  'replayed',
  'unknown_device',
  'device_revoked',
  'device_mismatch',
  'pairing_code_invalid',
  'rate_limited',
  'admin_only',
  'year_out_of_range',
  'op_gap',
  'range_taken',
  /** 1.3: every number of the series and year up to MAX_SEQ is leased or claimed. */
  'numbers_exhausted',
  /** 1.4: an uploaded document blob whose bytes do not hash to the SHA-256 it was sent under. */
  'blob_hash_mismatch',
  'not_found',
  'method_not_allowed',
  'internal'
])
export type SyncErrorCode = z.infer<typeof SyncErrorCode>

export const ErrorBody = z.object({
  error: z.object({
    code: SyncErrorCode,
    message: z.string(),
    details: z.unknown().optional()
  })
})
export type ErrorBody = z.infer<typeof ErrorBody>

// ---------------------------------------------------------------------------------------------
// Entity fields: types of the fields the server understands, and who owns each field

const MailAttachment = z.object({
  filename: z.string().trim().min(1).max(200),
  contentType: z.string().trim().min(1).max(120).default('application/octet-stream'),
  contentBase64: z.base64()
})

/** What the server needs to send a notification by SMTP. */
export const NotificationFields = z.object({
  to: z.array(z.email()).min(1).max(20),
  cc: z.array(z.email()).max(20),
  replyTo: z.email(),
  subject: z.string().trim().min(1).max(300),
  text: z.string().max(200_000),
  html: z.string().max(2_000_000),
  /** Content travels once, in the push that creates the notification; rows keep name, type and size. */
  attachments: z.array(MailAttachment).max(10),
  protocolId: Uuid.nullable(),
  reportId: Uuid.nullable()
})

export const NotificationDeliveryStatus = z.enum(['queued', 'retrying', 'sent', 'failed', 'cancelled'])
export type NotificationDeliveryStatus = z.infer<typeof NotificationDeliveryStatus>

/** Fields the server writes on a notification row; pushed values for them are ignored. */
export const NOTIFICATION_DELIVERY_FIELDS = ['deliveryStatus', 'attempts', 'lastError', 'sentAt', 'messageId'] as const

/** Typed fields per entity; fields not listed are stored as given (forward compatibility). */
const FIELD_TYPES: Record<SyncEntity, Record<string, z.ZodType>> = {
  protocol: Protocol.omit({ id: true }).shape,
  veterinarian: Veterinarian.omit({ id: true }).shape,
  service: Service.omit({ id: true }).shape,
  work_order: {},
  report: {},
  notification: NotificationFields.shape
}

export type FieldOwner = 'bench' | 'lab' | 'server' | 'shared'

interface Ownership {
  /** Owner of fields not listed. */
  rest: FieldOwner
  fields: Partial<Record<FieldOwner, readonly string[]>>
}

/**
 * Conflict rules, field by field. Reception fields are the bench's; report, work-order and pricing
 * fields are the lab's; `shared` fields go by the order the server received the writes.
 */
export const FIELD_OWNERSHIP: Record<SyncEntity, Ownership> = {
  protocol: {
    rest: 'bench',
    fields: { shared: ['status', 'updatedAt'] }
  },
  veterinarian: { rest: 'shared', fields: {} },
  service: { rest: 'shared', fields: { lab: ['unitPriceCents', 'taxRatePercent'] } },
  work_order: { rest: 'lab', fields: {} },
  report: { rest: 'lab', fields: {} },
  notification: { rest: 'shared', fields: { server: NOTIFICATION_DELIVERY_FIELDS } }
}

export function fieldOwner(entity: SyncEntity, field: string): FieldOwner {
  const ownership = FIELD_OWNERSHIP[entity]
  for (const owner of ['bench', 'lab', 'server', 'shared'] as const) {
    if (ownership.fields[owner]?.includes(field)) return owner
  }
  return ownership.rest
}

export type FieldsCheck =
  | { ok: true; fields: Fields }
  | { ok: false; field: string; message: string }

/**
 * Checks the typed fields of one upsert, field by field (a whole-object parse would fill
 * defaults into a partial change). Returns the parsed values, trimmed as the schemas say.
 */
export function checkEntityFields(entity: SyncEntity, fields: Fields): FieldsCheck {
  const types = FIELD_TYPES[entity]
  const out: Fields = {}
  for (const [field, value] of Object.entries(fields)) {
    const type = types[field]
    if (!type) {
      out[field] = value
      continue
    }
    const parsed = type.safeParse(value)
    if (!parsed.success) {
      return { ok: false, field, message: parsed.error.issues.map((issue) => issue.message).join('; ') }
    }
    out[field] = parsed.data
  }
  return { ok: true, fields: out }
}
