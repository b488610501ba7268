import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, typeRanges, type TestHost } from '../../support/bench-host'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import type { PrinterConfig } from '../../../src/shared/printer-config'
import type { ReceiveInput } from '../../../src/shared/reception'
import { testClock } from '../../support/test-clock'

describe('correcting a received protocol, and the test print', () => {
  let bench: TestHost
  let sink: PrinterSink
  beforeEach(async () => {
    sink = await startPrinterSink()
    // A live bench (demo rows never reach the outbox) numbering from typed ranges.
    bench = await startTestHost({ demoProtocols: 0, clock: testClock })
    await typeRanges(bench.call, testClock().getFullYear())
    await bench.call('veterinarians.create', { name: 'Dra. Ruiz', clinic: '', email: '', phone: '', licence: '' })
  })
  afterEach(async () => {
    await bench.close()
    await sink.close()
  })

  const zebra = (port: number): PrinterConfig => ({ id: 'zebra', name: 'Zebra', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port, label: DEFAULT_LABEL_SETTINGS })
  const vetId = () => bench.host.db.prepare(`SELECT id FROM veterinarians ORDER BY name LIMIT 1`).pluck().get() as string
  const walkIn = (): ReceiveInput => ({
    type: 'HP',
    veterinarianId: vetId(),
    animal: { name: 'Tobi', species: 'Perro', owner: 'Ruiz' },
    sample: { sampleType: 'Biopsia', containers: [{}] }
  })
  const waitForJob = async (id: number, state: string) => {
    for (let i = 0; i < 200; i++) {
      const job = await bench.call('jobs.get', { id })
      if (job.state === state) return job
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`job ${id} never reached ${state}`)
  }

  it('corrects the animal, audits before and after, and prints a new label because its content changed', async () => {
    await bench.call('settings.update', { printer: zebra(sink.port) })
    const received = await bench.call('reception.receive', walkIn())
    await waitForJob(received.labelJobId!, 'succeeded')
    const first = (await sink.waitForJobs(1))[0]!.toString('utf8')
    expect(first).toContain('Tobi')

    const edited = await bench.call('reception.edit', { id: received.protocol.id, veterinarianId: vetId(), animal: { name: 'Toby', species: 'Perro', owner: 'Ruiz' }, sample: received.protocol.sample })
    expect(edited.protocol).toMatchObject({ number: received.protocol.number, type: 'HP', animal: { name: 'Toby' } })
    expect(edited.labelJobId).not.toBeNull()
    await waitForJob(edited.labelJobId!, 'succeeded')
    const second = (await sink.waitForJobs(2))[1]!.toString('utf8')
    expect(second).toContain('Toby')
    expect(second).toContain(received.protocol.number!)

    const audit = bench.host.db.prepare(`SELECT actor, before_json, after_json FROM audit_log WHERE entity_id = ? AND action = 'protocol.edited'`).all(received.protocol.id) as Array<{ actor: string; before_json: string; after_json: string }>
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor).toBe('Ana (demo)')
    expect(JSON.parse(audit[0]!.before_json).animal.name).toBe('Tobi')
    expect(JSON.parse(audit[0]!.after_json).animal.name).toBe('Toby')
    // The corrected protocol travels to the server like any change.
    const outbox = bench.host.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'protocol' AND entity_id = ?`).pluck().get(received.protocol.id)
    expect(outbox).toBe(2)
  })

  it('queues no label when the correction does not change what is printed (owner, sample)', async () => {
    await bench.call('settings.update', { printer: zebra(sink.port) })
    const received = await bench.call('reception.receive', walkIn())
    const edited = await bench.call('reception.edit', {
      id: received.protocol.id,
      veterinarianId: vetId(),
      animal: { ...received.protocol.animal, owner: 'Ruiz Ñúñez' },
      sample: { ...received.protocol.sample, containers: [{ condition: 'leaking', note: 'tapa rota' }] }
    })
    expect(edited.labelJobId).toBeNull()
    expect(edited.protocol.sample.containers[0]!.condition).toBe('leaking')
  })

  it('refuses to correct a reported protocol and changes nothing', async () => {
    const received = await bench.call('reception.receive', walkIn())
    bench.host.db.prepare(`UPDATE protocols SET status = 'reported' WHERE id = ?`).run(received.protocol.id)
    const before = bench.host.db.prepare(`SELECT count(*) FROM audit_log`).pluck().get()
    await expect(
      bench.call('reception.edit', { id: received.protocol.id, veterinarianId: vetId(), animal: { name: 'X', species: 'Y' }, sample: received.protocol.sample })
    ).rejects.toMatchObject({ code: 'immutable' })
    expect(bench.host.db.prepare(`SELECT count(*) FROM audit_log`).pluck().get()).toBe(before)
    expect((await bench.call('protocols.get', { id: received.protocol.id })).protocol.animal.name).toBe('Tobi')
  })

  it('test-prints on an unsaved printer configuration and reports an unreachable one', async () => {
    const result = await bench.call('printers.testPrint', { printer: zebra(sink.port) })
    expect(result.language).toBe('zpl')
    const [label] = await sink.waitForJobs(1)
    expect(label!.length).toBe(result.bytes)
    expect(label!.toString('utf8')).toContain('Prueba Ñandú')
    // Asked and sent on one connection, as a label job sends: the status query, then the label.
    expect(sink.connections()).toBe(1)
    expect(sink.raw()[0]!.toString('latin1').startsWith('~HS')).toBe(true)
    // Nothing was saved: the test print does not configure the bench.
    expect((await bench.call('settings.get', {})).printer).toBeNull()

    const closed = await startPrinterSink()
    const deadPort = closed.port
    await closed.close()
    await expect(bench.call('printers.testPrint', { printer: zebra(deadPort) })).rejects.toMatchObject({ code: 'printer_test_failed' })
  })

  it('sends no test label to a printer out of paper, and says why in its reason', async () => {
    sink.setState('paper_out')
    await expect(bench.call('printers.testPrint', { printer: zebra(sink.port) })).rejects.toMatchObject({
      code: 'printer_test_failed',
      params: { reason: 'printer_paper_out' }
    })
    expect(sink.jobs()).toEqual([])
  })
})
