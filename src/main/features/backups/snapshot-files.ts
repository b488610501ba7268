/**
 * The pure rules of the snapshot folder: how a snapshot is named and which ones retention lets
 * go. No file system here, so the rules are tested on plain values.
 */
import { SNAPSHOT_NAME, type Snapshot } from '../../../shared/backups'

const DAY_MS = 24 * 60 * 60 * 1000
const pad = (value: number, width = 2) => String(value).padStart(width, '0')

/** Named by the bench's local time, so a clerk reading the folder sees the day they know. */
export function snapshotName(at: Date): string {
  const date = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`
  const time = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`
  return `reception-bench-${date}-${time}.sqlite`
}

/** The local time a snapshot's name says it was taken; null for a name that is not a snapshot's. */
export function timeOfSnapshotName(name: string): Date | null {
  if (!SNAPSHOT_NAME.test(name)) return null
  const match = /(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name)
  if (!match) return null
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [number, number, number, number, number, number]
  const at = new Date(year, month - 1, day, hours, minutes, seconds)
  return Number.isNaN(at.getTime()) ? null : at
}

/** Newest first. */
export function newestFirst(snapshots: readonly Snapshot[]): Snapshot[] {
  return [...snapshots].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name))
}

/**
 * The snapshots older than `keepDays` days at `now`. The newest verified snapshot is never among
 * them, however old: a bench off for a month must not wake up with no good backup at all.
 */
export function expiredSnapshots(snapshots: readonly Snapshot[], now: Date, keepDays: number): Snapshot[] {
  const cutoff = now.getTime() - keepDays * DAY_MS
  const newestGood = newestFirst(snapshots).find((snapshot) => snapshot.verified)
  return snapshots.filter((snapshot) => snapshot !== newestGood && new Date(snapshot.createdAt).getTime() < cutoff)
}
