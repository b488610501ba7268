import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBenchHost, type BenchHost } from '../../../src/main/host'
import { requests, type RequestName } from '../../../src/shared/contract'
import { makeTempDir } from '../../support/temp-dir'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import { testClock } from '../../support/test-clock'
import { typedRange } from '../../support/bench-host'

describe('the contract at the host boundary', () => {
  let dir: ReturnType<typeof makeTempDir>
  let host: BenchHost
  beforeEach(() => {
    dir = makeTempDir()
    host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0.0.0-test', demoProtocols: 50, clock: testClock, log: () => {} })
  })
  afterEach(async () => {
    await host.close()
    dir.cleanup()
  })

  const snapshot = () =>
    host.db
      .prepare(`SELECT (SELECT count(*) FROM protocols) || '/' || (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM meta) || '/' || (SELECT group_concat(value) FROM meta)`)
      .pluck()
      .get()

  it('has a handler for every request of the contract', () => {
    expect(host.unanswered).toEqual([])
  })

  it('answers every request with output that satisfies its schema', async () => {
    const first = await host.dispatch('protocols.search', { text: '' })
    expect(first.ok).toBe(true)
    const id = first.ok ? (first.value as { rows: Array<{ id: string }> }).rows[0]!.id : ''
    const vetId = host.db.prepare(`SELECT id FROM veterinarians LIMIT 1`).pluck().get() as string
    const jobId = host.db.transaction(() => host.queue.enqueue('noop', null).job.id)()
    await host.queue.drained()
    const received = host.db.prepare(`SELECT id FROM protocols WHERE number IS NOT NULL LIMIT 1`).pluck().get() as string
    const configured = await host.dispatch('settings.update', { printer: { id: 'p1', name: 'Zebra', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port: 9, label: DEFAULT_LABEL_SETTINGS } })
    expect(configured.ok).toBe(true)
    const animal = { name: 'Toby', species: 'Perro' }
    const sample = { sampleType: 'Biopsia', containers: [{}] }
    // The core's channels; each area's own tests cover the channels it adds.
    const inputs: Partial<{ [K in RequestName]: unknown }> = {
      'app.info': {},
      'app.protocolCount': {},
      'preferences.get': {},
      'preferences.update': { language: 'en' },
      'protocols.search': { text: 'luna', limit: 5 },
      'protocols.get': { id },
      'veterinarians.list': {},
      'veterinarians.create': { name: 'Dra. Nueva Peña', clinic: 'Clínica Ñandú', email: '', phone: '', licence: '' },
      'settings.get': {},
      'settings.update': { lowWaterMark: 10 },
      'clerks.save': { name: 'Marta', pin: '1234' },
      'clerks.remove': { name: 'Marta' },
      'session.get': {},
      'session.setClerk': { name: 'Ana (demo)' },
      'reception.lookup': { text: 'luna' },
      'reception.receive': { type: 'HP', veterinarianId: vetId, animal, sample },
      'reception.today': {},
      'reception.duplicates': { veterinarianId: vetId, animalName: 'Toby', owner: '' },
      'numbers.status': {},
      'labels.reprint': { protocolId: received },
      'labels.preview': { protocolId: received },
      'printers.status': {},
      'printers.discover': {},
      'jobs.stats': {},
      'jobs.get': { id: jobId },
      'jobs.retry': { id: jobId },
      'jobs.cancel': { id: jobId },
      'jobs.purgeFinished': {},
      'notifications.forProtocol': { protocolId: received },
      'firstRun.status': {},
      // Last: the bench leaves demo mode, sets itself up and types a range (refused in demo mode).
      'demo.remove': {},
      'firstRun.complete': { benchName: 'Recepción Norte' },
      'numbers.addLocalRange': typedRange({ type: 'CT', year: testClock().getFullYear(), start: 1, end: 10 })
    }
    for (const name of Object.keys(inputs) as RequestName[]) {
      const result = await host.dispatch(name, inputs[name])
      if (!result.ok) throw new Error(`${name} was refused: ${JSON.stringify(result.error)}`)
      expect(() => requests[name].output.parse(result.value), name).not.toThrow()
    }
  })

  it('refuses invalid input with field issues and writes nothing', async () => {
    const before = snapshot()
    const cases: Array<[string, unknown]> = [
      ['preferences.update', { language: 'fr' }],
      ['preferences.update', { language: 'es', admin: true }],
      ['protocols.search', { text: 'x'.repeat(500) }],
      ['protocols.search', { limit: 1_000_000 }],
      ['protocols.get', { id: "1' OR 1=1 --" }],
      ['protocols.get', 'not an object']
    ]
    for (const [name, input] of cases) {
      const result = await host.dispatch(name, input)
      if (result.ok) throw new Error(`${name} ${JSON.stringify(input)} was accepted`)
      expect(result.error.code).toBe('invalid_input')
      expect(result.error.issues?.length).toBeGreaterThan(0)
    }
    expect(snapshot()).toBe(before)
  })

  it('counts the protocols only when asked: app.info, which the first screen asks, leaves the count out', async () => {
    const info = await host.dispatch('app.info', {})
    expect(info.ok && info.value).not.toHaveProperty('protocolCount')
    expect(await host.dispatch('app.protocolCount', {})).toEqual({ ok: true, value: { count: 50 } })
  })

  it('names unknown channels and missing records with their own codes', async () => {
    const unknown = await host.dispatch('protocols.drop', {})
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    const missing = await host.dispatch('protocols.get', { id: '01900000-0000-7000-8000-000000000000' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('pushes a preferences event when the language changes and keeps it across restarts', async () => {
    const seen: unknown[] = []
    host.subscribe((event, payload) => seen.push([event, payload]))
    await host.dispatch('preferences.update', { language: 'en' })
    expect(seen).toEqual([['preferences.changed', { language: 'en' }]])
    await host.close()
    host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0', log: () => {} })
    expect(await host.dispatch('preferences.get', {})).toEqual({ ok: true, value: { language: 'en' } })
    // Demo data is seeded once, on the very first start only.
    expect(await host.dispatch('app.protocolCount', {})).toEqual({ ok: true, value: { count: 50 } })
  })
})
