import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, TEST_ADMIN_PIN, type TestHost } from '../../support/bench-host'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'

interface AuditRow {
  actor: string
  action: string
  entity: string
  entity_id: string
  before_json: string | null
  after_json: string | null
}

const auditRows = (bench: TestHost, entity: string) =>
  bench.host.db.prepare(`SELECT actor, action, entity, entity_id, before_json, after_json FROM audit_log WHERE entity = ? ORDER BY rowid`).all(entity) as AuditRow[]
const parsed = (json: string | null) => (json === null ? null : (JSON.parse(json) as unknown))

// A 1x1 PNG: the letterhead logo and the signature are images the audit log must not copy.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

describe('the audit log records every settings change', () => {
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    bench = undefined
  })

  it('a printer change, with the printer before and after, signed by the clerk on duty', async () => {
    bench = await startTestHost({ clerk: 'Marta' })
    const printer = { id: 'zebra-1', name: 'Zebra recepción', driver: 'tcp9100' as const, language: 'zpl' as const, host: '10.0.0.20', port: 9100, label: DEFAULT_LABEL_SETTINGS }
    await bench.call('settings.update', { printer })
    await bench.call('settings.update', { printer: { ...printer, host: '10.0.0.21' } })
    const rows = auditRows(bench, 'printer')
    expect(rows.map((row) => [row.actor, row.action, row.entity_id])).toEqual([
      ['Marta', 'printer.changed', 'zebra-1'],
      ['Marta', 'printer.changed', 'zebra-1']
    ])
    expect(parsed(rows[0]!.before_json)).toBeNull()
    expect(parsed(rows[1]!.before_json)).toMatchObject({ host: '10.0.0.20' })
    expect(parsed(rows[1]!.after_json)).toMatchObject({ host: '10.0.0.21' })
    // Saving the same settings again is not a change.
    await bench.call('settings.update', { printer: { ...printer, host: '10.0.0.21' } })
    expect(auditRows(bench, 'printer')).toHaveLength(2)
  })

  it('clerks and PINs: added, PIN set and removed, clerk removed, admin PIN; never a PIN or its hash in the log', async () => {
    bench = await startTestHost({ clerk: null, demoProtocols: 0 })
    await bench.call('clerks.save', { name: 'Luis', pin: '4321' })
    await bench.call('clerks.save', { name: 'Luis', pin: '8765' })
    await bench.call('clerks.save', { name: 'Luis' })
    await bench.call('clerks.remove', { name: 'Luis' })
    await bench.call('settings.setAdminPin', { pin: TEST_ADMIN_PIN })
    await bench.call('settings.setAdminPin', { pin: '97531', currentPin: TEST_ADMIN_PIN })
    const clerks = auditRows(bench, 'clerk')
    // No clerk on duty: the bench signs.
    expect(clerks.map((row) => [row.actor, row.action, row.entity_id, parsed(row.before_json), parsed(row.after_json)])).toEqual([
      ['bench', 'clerk.added', 'Luis', null, { name: 'Luis', hasPin: true }],
      ['bench', 'clerk.pin_changed', 'Luis', { hasPin: true }, { hasPin: true }],
      ['bench', 'clerk.pin_changed', 'Luis', { hasPin: true }, { hasPin: false }],
      ['bench', 'clerk.removed', 'Luis', { name: 'Luis', hasPin: false }, null]
    ])
    expect(auditRows(bench, 'admin_pin').map((row) => [row.action, parsed(row.before_json), parsed(row.after_json)])).toEqual([
      ['admin_pin.changed', { set: false }, { set: true }],
      ['admin_pin.changed', { set: true }, { set: true }]
    ])
    const everything = JSON.stringify(bench.host.db.prepare(`SELECT before_json, after_json FROM audit_log`).all())
    for (const secret of ['4321', '8765', TEST_ADMIN_PIN, '97531', 'scrypt']) expect(everything).not.toContain(secret)
  })

  it('the letterhead and signature by a digest, other settings together with only what changed', async () => {
    bench = await startTestHost({ clerk: 'Marta' })
    const letterhead = { name: 'Laboratorio Norte', address: 'Calle Mayor 1', taxId: 'B12345678' }
    await bench.call('settings.update', { letterhead: { ...letterhead, logoPngDataUrl: PNG }, reportSignaturePng: PNG })
    await bench.call('settings.update', { benchName: 'Recepción 2', lowWaterMark: 40 })
    const [letterheadRow, ...more] = auditRows(bench, 'letterhead')
    expect(more).toEqual([])
    expect(letterheadRow!.action).toBe('letterhead.changed')
    expect(parsed(letterheadRow!.after_json)).toEqual({ ...letterhead, logo: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), signature: expect.stringMatching(/^sha256:/) })
    expect(parsed(letterheadRow!.before_json)).toMatchObject({ logo: null, signature: null })
    expect(letterheadRow!.after_json).not.toContain('base64')
    const [settingsRow] = auditRows(bench, 'settings')
    expect(parsed(settingsRow!.before_json)).toEqual({ benchName: 'Recepción 1', lowWaterMark: 25 })
    expect(parsed(settingsRow!.after_json)).toEqual({ benchName: 'Recepción 2', lowWaterMark: 40 })
  })
})
