import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { loggableSql } from '../../../src/main/platform/logging/slow-operations'
import { startTestHost, type TestHost } from '../../support/bench-host'

const PATIENT = 'Toñito Zarzamora'
const OWNER = 'Peña Quintanilla'

/**
 * Makes the real receive slow without touching its code: a SQL function that holds the thread
 * for `ms` and a temporary trigger on the protocols table that calls it, so the INSERT the
 * receive runs (with the patient's data as its parameters) and the request around it both take
 * at least that long, on any machine.
 */
function slowDownInserts(bench: TestHost, ms: number): void {
  bench.host.db.function('test_hold', (wait: number) => {
    const until = performance.now() + wait
    while (performance.now() < until) {
      // holding the thread on purpose
    }
    return wait
  })
  bench.host.db.exec(`CREATE TEMP TRIGGER hold_protocol_insert AFTER INSERT ON main.protocols BEGIN SELECT test_hold(${ms}); END`)
}

describe('slow requests and SQL statements', () => {
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    bench = undefined
  })

  const receive = async (host: TestHost) => {
    const vet = await host.call('veterinarians.create', { name: 'Dra. Lenta', clinic: '', email: '', phone: '', licence: '' })
    return host.call('reception.receive', {
      type: 'HP',
      veterinarianId: vet.id,
      animal: { name: PATIENT, species: 'Perro', owner: OWNER },
      sample: { sampleType: 'Biopsia', containers: [{}] }
    })
  }

  it('a slow request and a slow statement are logged with their durations, listed in Diagnostics and zipped, without patient data', async () => {
    const lines: string[] = []
    bench = await startTestHost({ log: (level, message, detail) => lines.push(`${level} ${message} ${detail === undefined ? '' : JSON.stringify(detail)}`) })
    slowDownInserts(bench, 80)
    await receive(bench)

    const { limits, operations } = await bench.call('diagnostics.slowOperations', {})
    expect(limits).toEqual({ requestMs: 50, queryMs: 20 })
    const request = operations.find((op) => op.kind === 'request' && op.name === 'reception.receive')
    const insert = operations.find((op) => op.kind === 'query' && op.name.startsWith('INSERT INTO protocols'))
    expect(request, JSON.stringify(operations)).toBeDefined()
    expect(insert, JSON.stringify(operations)).toBeDefined()
    expect(request!.ms).toBeGreaterThanOrEqual(80)
    expect(insert!.ms).toBeGreaterThanOrEqual(80)
    expect(operations.indexOf(request!)).toBeLessThan(operations.indexOf(insert!))

    const logged = lines.filter((line) => line.includes('slow '))
    expect(logged.some((line) => /slow request \d+(\.\d)? ms: reception\.receive/.test(line))).toBe(true)
    expect(logged.some((line) => /slow query \d+(\.\d)? ms: INSERT INTO protocols/.test(line))).toBe(true)

    const exported = await bench.call('diagnostics.export', {})
    const files = unzipSync(new Uint8Array(readFileSync(exported.path)))
    const zipped = JSON.parse(strFromU8(files['slow-operations.json']!)) as { operations: { name: string; ms: number }[] }
    expect(zipped.operations.map((op) => op.name)).toEqual(expect.arrayContaining(['reception.receive', insert!.name]))

    for (const text of [...logged, JSON.stringify(operations), strFromU8(files['slow-operations.json']!)]) {
      expect(text).not.toContain('Toñito')
      expect(text).not.toContain('Zarzamora')
      expect(text).not.toContain('Peña')
    }
  })

  it('the limits come from settings: raised, the same slow receive is not noted', async () => {
    bench = await startTestHost({ log: () => undefined })
    await bench.call('settings.update', { slowRequestMs: 5000, slowQueryMs: 5000 })
    slowDownInserts(bench, 60)
    await receive(bench)
    const { limits, operations } = await bench.call('diagnostics.slowOperations', {})
    expect(limits).toEqual({ requestMs: 5000, queryMs: 5000 })
    expect(operations.filter((op) => op.name === 'reception.receive' || op.name.startsWith('INSERT INTO protocols'))).toEqual([])
    await expect(bench.call('settings.update', { slowQueryMs: 0 })).rejects.toMatchObject({ code: 'invalid_input' })
  })

  it('statements written with a literal in them are noted with it masked', () => {
    expect(loggableSql(`SELECT * FROM protocols\n  WHERE owner = 'Peña ''la'' Núñez' AND id = ?`)).toBe(`SELECT * FROM protocols WHERE owner = '?' AND id = ?`)
    expect(loggableSql(`SELECT x'00ff', 'a'`)).toBe(`SELECT x'?', '?'`)
    expect(loggableSql(`SELECT ${'1, '.repeat(300)}1`).length).toBeLessThanOrEqual(401)
  })
})
