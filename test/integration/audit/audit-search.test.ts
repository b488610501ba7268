import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { parseCsv, waitForExport } from '../exports/export-fixture'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import { AUDIT_PAGE_SIZE } from '../../../src/shared/audit'

describe('the audit log as a whole: search, filters, pages, CSV (real host, real files)', () => {
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    bench = undefined
  })

  async function benchWithChanges(): Promise<TestHost> {
    const host = await startTestHost({ clerk: 'Marta', demoProtocols: 0 })
    await host.call('clerks.save', { name: 'Luis' })
    await host.call('settings.update', { printer: { id: 'zebra-1', name: 'Zebra 100%_recepción', driver: 'tcp9100', language: 'zpl', host: '10.0.0.20', port: 9100, label: DEFAULT_LABEL_SETTINGS } })
    await host.call('session.setClerk', { name: 'Luis' })
    await host.call('veterinarians.create', { name: 'Dra. Ruiz', clinic: 'Clínica Norte', email: 'ruiz@clinica.example', phone: '', licence: '' })
    await host.call('settings.update', { benchName: 'Recepción Norte' })
    return host
  }

  it('finds entries by words, by clerk and by entity, newest first, with the total and the filter choices', async () => {
    bench = await benchWithChanges()
    const all = await bench.call('audit.search', {})
    expect(all.total).toBe(all.rows.length)
    expect(all.rows.map((row) => row.action).slice(0, 3)).toEqual(['settings.changed', 'veterinarian.created', 'printer.changed'])

    const printer = await bench.call('audit.search', { text: 'zebra' })
    expect(printer.rows.map((row) => [row.action, row.actor])).toEqual([['printer.changed', 'Marta']])
    // LIKE's own characters typed by the clerk match themselves.
    expect((await bench.call('audit.search', { text: '100%_rec' })).total).toBe(1)
    expect((await bench.call('audit.search', { text: '100%%' })).total).toBe(0)

    const byLuis = await bench.call('audit.search', { actor: 'Luis' })
    expect(byLuis.rows.map((row) => row.action)).toEqual(['settings.changed', 'veterinarian.created'])
    const luisVets = await bench.call('audit.search', { actor: 'Luis', entity: 'veterinarian' })
    expect(luisVets.rows.map((row) => row.action)).toEqual(['veterinarian.created'])

    const facets = await bench.call('audit.facets', {})
    expect(facets.actors).toEqual(expect.arrayContaining(['Luis', 'Marta']))
    expect(facets.entities).toEqual(expect.arrayContaining(['clerk', 'printer', 'settings', 'veterinarian']))
    await expect(bench.call('audit.search', { limit: AUDIT_PAGE_SIZE + 1 })).rejects.toMatchObject({ code: 'invalid_input' })
  })

  it('pages: every entry once across pages', async () => {
    bench = await startTestHost({ clerk: 'Marta', demoProtocols: 0 })
    for (let i = 0; i < 25; i += 1) await bench.call('settings.update', { lowWaterMark: 100 + i })
    const total = (await bench.call('audit.search', { entity: 'settings' })).total
    expect(total).toBe(25)
    const ids: string[] = []
    for (let offset = 0; offset < total; offset += 10) ids.push(...(await bench.call('audit.search', { entity: 'settings', offset, limit: 10 })).rows.map((row) => row.id))
    expect(new Set(ids).size).toBe(25)
    const first = (await bench.call('audit.search', { entity: 'settings', limit: 1 })).rows[0]!
    expect(first.after).toEqual({ lowWaterMark: 124 })
  })

  it('exports what the filter finds as CSV, before and after as JSON', async () => {
    bench = await benchWithChanges()
    const started = await bench.call('exports.start', { source: 'audit', format: 'csv', params: { entity: 'printer' }, language: 'es' })
    const done = await waitForExport(bench.host, started.id)
    expect(done.state).toBe('done')
    const [header, ...rows] = parseCsv(readFileSync(done.path, 'utf8').slice(1), ';')
    expect(header).toEqual(['Fecha', 'Quién', 'Acción', 'Entidad', 'Identificador', 'Antes', 'Después'])
    expect(rows).toHaveLength(1)
    expect(rows[0]!.slice(1, 6)).toEqual(['Marta', 'printer.changed', 'printer', 'zebra-1', ''])
    expect(JSON.parse(rows[0]![6]!)).toMatchObject({ host: '10.0.0.20', name: 'Zebra 100%_recepción' })
  })
})
