/**
 * Local ranges: a bench that numbered from its own fallback range (never online, or a range a
 * clerk added) registers each such range with the server before it pushes, so the server
 * accepts those numbers and never leases them to another bench. A range another bench already
 * holds is closed and reported to the clerk; reception then numbers from server blocks.
 */
import { formatProtocolNumber } from '../../../shared/domain'
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

const claimOf = (range: UnclaimedRange, end = range.rangeEnd): ClaimRequest => ({ type: range.type, year: range.year, start: range.rangeStart, end })

const rangeText = (claim: ClaimRequest): string => `${formatProtocolNumber(claim.type, claim.year, claim.start)}-${String(claim.end).padStart(4, '0')}`

/** The claim's answer, or the server's explanation when another device holds part of the range. */
async function tryClaim(client: SyncClient, claim: ClaimRequest): Promise<{ ok: true } | { ok: false; message: string; details: unknown }> {
  try {
    await client.claimRange(claim)
    return { ok: true }
  } catch (error) {
    if (isSyncError(error) && error.code === RANGE_TAKEN) return { ok: false, message: error.message, details: error.details }
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
    const usedPart = given > range.rangeStart ? claimOf(range, given - 1) : null
    const kept = usedPart ? (await tryClaim(client, usedPart)).ok : false
    const at = deps.at()
    deps.db.transaction(() => {
      deps.numbers.closeRefused(range.id, deviceId)
      deps.conflicts.add({
        entity: 'protocol',
        entityId: range.id,
        opSeq: null,
        kind: 'rejected',
        code: RANGE_TAKEN,
        localValue: claimOf(range),
        serverValue: whole.details,
        message: kept
          ? `${whole.message}. The local range ${rangeText(claimOf(range))} is closed; the numbers already given (${rangeText(usedPart!)}) stay valid.`
          : `${whole.message}. The local range ${rangeText(claimOf(range))} is closed; this bench numbers from server blocks.`,
        at
      })
    })()
  }
  return claimed
}
