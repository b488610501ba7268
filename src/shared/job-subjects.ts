/**
 * What a queued job is about, read back from its unique key: the one place the keys of the jobs a
 * clerk waits on are written (by the features that queue them) and read (by the renderer's
 * notices, to link a finished job to its result). Plain strings only: the first screen loads this
 * without zod.
 */

export type JobSubject =
  | { kind: 'bulk'; batchId: string }
  | { kind: 'export'; exportId: string }
  | { kind: 'report'; reportId: string }
  | { kind: 'label'; protocolId: string }

export const jobKeys = {
  bulkRun: (batchId: string) => `bulk:${batchId}`,
  exportWrite: (exportId: string) => `export:${exportId}`,
  reportFinalize: (reportId: string) => `report-finalize:${reportId}`,
  /** The label a receive queues: one per protocol while it waits. */
  labelReceived: (protocolId: string) => `label:${protocolId}`,
  /** A corrected protocol's label, keyed by its new content so the same correction prints once. */
  labelCorrected: (protocolId: string, contentHash: string) => `label-edit:${protocolId}:${contentHash}`,
  labelReprint: (protocolId: string, container?: number) =>
    container === undefined ? `label-reprint:${protocolId}` : `label-reprint:${protocolId}:container:${container}`
} as const

const ID = '([0-9a-fA-F-]{36})'
const SUBJECT_PATTERNS: readonly [RegExp, (id: string) => JobSubject][] = [
  [new RegExp(`^bulk:${ID}$`), (batchId) => ({ kind: 'bulk', batchId })],
  [new RegExp(`^export:${ID}$`), (exportId) => ({ kind: 'export', exportId })],
  [new RegExp(`^report-finalize:${ID}$`), (reportId) => ({ kind: 'report', reportId })],
  [new RegExp(`^label(?:-edit|-reprint)?:${ID}(?::.*)?$`), (protocolId) => ({ kind: 'label', protocolId })]
]

/** The subject of a job from its key; null for a job without one (maintenance, sync rounds). */
export function jobSubjectOf(uniqueKey: string | null): JobSubject | null {
  if (uniqueKey === null) return null
  for (const [pattern, subject] of SUBJECT_PATTERNS) {
    const id = pattern.exec(uniqueKey)?.[1]
    if (id) return subject(id)
  }
  return null
}
