/**
 * Typed ranges: a bench that numbered from a range its administrator typed (protocols or work
 * orders, while the server was out of reach) registers each such range with the server before it
 * pushes, so the server accepts those numbers and never leases them to another bench. A range
 * another bench already holds, or one the server will not take (a year it does not allow), is
 * closed and reported to the clerk; the rows numbered from it come back refused, to renumber.
 */
import { formatRange } from '../../../shared/numbering'
import type { ClaimRequest } from '../../../shared/sync-protocol'
import type { Db } from '../../platform/db/database'
import type { ConflictsRepository } from './conflicts-repository'
import type { NumberBlocksRepository, UnclaimedRange } from '../numbering/number-blocks-repository'
import { isSyncError, type SyncClient } from './client'

export interface ClaimStepDeps {
  db: Db
  numbers: NumberBlocksRepository
  conflicts: ConflictsRepository
  at: () => string
}

export const RANGE_TAKEN = 'range_taken'
/** What the server answers for a range it will never take as it is: it is closed like a taken one. */
const REFUSALS = new Set([RANGE_TAKEN, 'year_out_of_range', 'invalid_payload'])

const claimOf = (range: UnclaimedRange, end = range.rangeEnd): ClaimRequest => ({ type: range.type, year: range.year, start: range.rangeStart, end })

const rangeText = (claim: ClaimRequest): string => formatRange(claim.type, claim.year, claim.start, claim.end)

/** The claim's answer, or the server's explanation when another device holds part of the range. */
async function tryClaim(client: SyncClient, claim: ClaimRequest): Promise<{ ok: true } | { ok: false; code: string; message: string; details: unknown }> {
  try {
    await client.claimRange(claim)
    return { ok: true }
  } catch (error) {
    if (isSyncError(error) && REFUSALS.has(error.code)) return { ok: false, code: error.code, message: error.message, details: error.details }
    throw error
  }
}

/** Returns how many local ranges the server registered in this round. */
export async function claimLocalRanges(client: SyncClient, deviceId: string, deps: ClaimStepDeps, signal?: AbortSignal): Promise<number> {
  let claimed = 0
  for (const range of deps.numbers.unclaimedLocal(deviceId)) {
    signal?.throwIfAborted()
    const whole = await tryClaim(client, claimOf(range))
    if (whole.ok) {
      deps.numbers.markClaimed(range.id, deviceId)
      claimed += 1
      continue
    }
    // Another bench was leased into the range after this one started numbering from it (both paired
    // at about the same time): the numbers already given may still be free, so keep those.
    const given = deps.numbers.unclaimedLocal(deviceId).find((candidate) => candidate.id === range.id)?.nextSeq ?? range.nextSeq
    const usedPart = whole.code === RANGE_TAKEN && given > range.rangeStart ? claimOf(range, given - 1) : null
    const kept = usedPart ? (await tryClaim(client, usedPart)).ok : false
    const at = deps.at()
    deps.db.transaction(() => {
      deps.numbers.closeRefused(range.id, deviceId)
      deps.conflicts.add({
        entity: range.type === 'OT' ? 'work_order' : 'protocol',
        entityId: range.id,
        opSeq: null,
        kind: 'rejected',
        code: whole.code === RANGE_TAKEN ? RANGE_TAKEN : 'range_refused',
        localValue: claimOf(range),
        serverValue: whole.details,
        message: kept
          ? `${whole.message}. The local range ${rangeText(claimOf(range))} is closed; the numbers already given (${rangeText(usedPart!)}) stay valid.`
          : `${whole.message}. The local range ${rangeText(claimOf(range))} is closed; this bench numbers from server blocks, and what it numbered from the range is to be renumbered.`,
        at
      })
    })()
  }
  return claimed
}
