import { describe, expect, it } from 'vitest'
import { settingsAuditChanges } from '../../../src/main/features/settings/settings-audit'
import { BenchSettings } from '../../../src/shared/bench-settings'

const base = BenchSettings.parse({})

describe('what a settings change writes in the audit log', () => {
  it('nothing for settings saved unchanged', () => {
    expect(settingsAuditChanges(base, BenchSettings.parse({}))).toEqual([])
  })

  it('one entry for the other settings, with only the keys that changed', () => {
    const after = { ...base, benchName: 'Recepción 2', syncIntervalSeconds: 120 }
    expect(settingsAuditChanges(base, after)).toEqual([
      { action: 'settings.changed', entity: 'settings', entityId: 'bench', before: { benchName: 'Recepción 1', syncIntervalSeconds: 60 }, after: { benchName: 'Recepción 2', syncIntervalSeconds: 120 } }
    ])
  })

  it('a clerk renamed is one removed and one added; a PIN hash never appears', () => {
    const before = { ...base, clerks: [{ name: 'Ana', pinHash: 'scrypt:aa:bb' }] }
    const after = { ...base, clerks: [{ name: 'Ana María', pinHash: 'scrypt:aa:bb' }] }
    const changes = settingsAuditChanges(before, after)
    expect(changes.map((change) => [change.action, change.entityId])).toEqual([
      ['clerk.added', 'Ana María'],
      ['clerk.removed', 'Ana']
    ])
    expect(JSON.stringify(changes)).not.toContain('scrypt')
  })

  it('the admin PIN only as set or not', () => {
    const changes = settingsAuditChanges(base, { ...base, adminPinHash: 'scrypt:cc:dd' })
    expect(changes).toEqual([{ action: 'admin_pin.changed', entity: 'admin_pin', entityId: 'admin_pin', before: { set: false }, after: { set: true } }])
  })
})
