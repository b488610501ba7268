/**
 * What a settings change writes in the audit log, worked out from the settings before and after
 * (pure). One entry per thing a clerk recognises: the printer, the letterhead (and the report
 * signature), each clerk added, removed or whose PIN changed, the admin PIN, and the other
 * settings together. Secrets never reach the log: a PIN is only "set" or "not set", and images are
 * named by a short digest so a change shows without copying the picture.
 */
import { createHash } from 'node:crypto'
import type { BenchSettings } from '../../../shared/bench-settings'

export interface SettingsAuditChange {
  action: string
  entity: 'printer' | 'letterhead' | 'clerk' | 'admin_pin' | 'settings'
  entityId: string
  before: unknown
  after: unknown
}

/** The keys with an entry of their own; every other key goes in the one `settings.changed` entry. */
const OWN_ENTRY = new Set<keyof BenchSettings>(['printer', 'letterhead', 'reportSignaturePng', 'clerks', 'adminPinHash'])

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** An image by a short digest of its bytes: enough to see it changed, nothing to copy. */
const imageDigest = (dataUrl: string | null | undefined): string | null =>
  dataUrl ? `sha256:${createHash('sha256').update(dataUrl).digest('hex').slice(0, 16)}` : null

const letterheadAsAudited = (letterhead: BenchSettings['letterhead'], signature: string | null) => ({
  name: letterhead.name,
  address: letterhead.address,
  taxId: letterhead.taxId,
  logo: imageDigest(letterhead.logoPngDataUrl),
  signature: imageDigest(signature)
})

function clerkChanges(before: BenchSettings['clerks'], after: BenchSettings['clerks']): SettingsAuditChange[] {
  const changes: SettingsAuditChange[] = []
  const old = new Map(before.map((clerk) => [clerk.name, clerk]))
  const now = new Map(after.map((clerk) => [clerk.name, clerk]))
  for (const [name, clerk] of now) {
    const was = old.get(name)
    const hasPin = clerk.pinHash !== undefined
    if (!was) changes.push({ action: 'clerk.added', entity: 'clerk', entityId: name, before: null, after: { name, hasPin } })
    else if (was.pinHash !== clerk.pinHash) {
      changes.push({ action: 'clerk.pin_changed', entity: 'clerk', entityId: name, before: { hasPin: was.pinHash !== undefined }, after: { hasPin } })
    }
  }
  for (const [name, was] of old) {
    if (!now.has(name)) changes.push({ action: 'clerk.removed', entity: 'clerk', entityId: name, before: { name, hasPin: was.pinHash !== undefined }, after: null })
  }
  return changes
}

export function settingsAuditChanges(before: BenchSettings, after: BenchSettings): SettingsAuditChange[] {
  const changes: SettingsAuditChange[] = []
  if (!same(before.printer, after.printer)) {
    changes.push({ action: 'printer.changed', entity: 'printer', entityId: after.printer?.id ?? before.printer?.id ?? 'printer', before: before.printer, after: after.printer })
  }
  const letterheadBefore = letterheadAsAudited(before.letterhead, before.reportSignaturePng)
  const letterheadAfter = letterheadAsAudited(after.letterhead, after.reportSignaturePng)
  if (!same(letterheadBefore, letterheadAfter)) {
    changes.push({ action: 'letterhead.changed', entity: 'letterhead', entityId: 'letterhead', before: letterheadBefore, after: letterheadAfter })
  }
  changes.push(...clerkChanges(before.clerks, after.clerks))
  if (before.adminPinHash !== after.adminPinHash) {
    changes.push({ action: 'admin_pin.changed', entity: 'admin_pin', entityId: 'admin_pin', before: { set: before.adminPinHash !== null }, after: { set: after.adminPinHash !== null } })
  }
  const changedKeys = (Object.keys(after) as (keyof BenchSettings)[]).filter((key) => !OWN_ENTRY.has(key) && !same(before[key], after[key]))
  if (changedKeys.length > 0) {
    changes.push({
      action: 'settings.changed',
      entity: 'settings',
      entityId: 'bench',
      before: Object.fromEntries(changedKeys.map((key) => [key, before[key]])),
      after: Object.fromEntries(changedKeys.map((key) => [key, after[key]]))
    })
  }
  return changes
}
