import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createDriver } from '../../../src/main/features/printing/driver'
import { PrinterError } from '../../../src/main/features/printing/printer-driver'
import { createTcp9100Driver } from '../../../src/main/features/printing/drivers/tcp9100'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import { buildZpl } from '../../../src/main/features/printing/languages/zpl'
import { closedPort, startPrinterSink } from '../../../bench/workloads/printer-sink'
import type { PrinterSink } from '../../../bench/workloads/printer-sink'
import { ACCENTED_LABEL } from '../../unit/printing/label-fixtures'

const sinks: PrinterSink[] = []
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((sink) => sink.close()))
})

async function sink(options?: Parameters<typeof startPrinterSink>[0]) {
  const started = await startPrinterSink(options)
  sinks.push(started)
  return started
}

const driverFor = (target: PrinterSink | number, language: 'zpl' | 'tspl' = 'zpl', statusMs = 1000) =>
  createTcp9100Driver(
    { id: 'bench-printer', host: '127.0.0.1', port: typeof target === 'number' ? target : target.port, language },
    { connectMs: 1000, statusMs }
  )

describe('tcp9100 driver against a printer sink', () => {
  it('delivers the label byte for byte, accents and all', async () => {
    const printer = await sink()
    const label = buildZpl(ACCENTED_LABEL, DEFAULT_LABEL_SETTINGS)
    await driverFor(printer).send(label)
    const [job] = await printer.waitForJobs(1)
    expect(printer.jobs()).toHaveLength(1)
    expect(Buffer.compare(job!, Buffer.from(label))).toBe(0)
  })

  it('delivers a large binary payload intact across many TCP segments', async () => {
    const printer = await sink()
    // Random bytes except the two that open a status query (~ and ESC): about one run in sixteen,
    // 512 KiB of random bytes hold a ~HS or ESC!? somewhere, which the sink answers as a question
    // instead of printing it, and the job no longer matched.
    const payload = Buffer.from(randomBytes(512 * 1024).map((byte) => (byte === 0x7e || byte === 0x1b ? 0x20 : byte)))
    const driver = driverFor(printer)
    await driver.send(payload)
    await driver.send(Buffer.from('second job'))
    const jobs = await printer.waitForJobs(2)
    expect(Buffer.compare(jobs[0]!, payload)).toBe(0)
    expect(jobs[1]!.toString()).toBe('second job')
  })

  it('is built by createDriver from a saved printer configuration', async () => {
    const printer = await sink({ state: 'head_open' })
    const driver = createDriver({
      id: 'p1',
      name: 'Bench Zebra',
      driver: 'tcp9100',
      language: 'zpl',
      host: printer.host,
      port: printer.port,
      label: DEFAULT_LABEL_SETTINGS
    })
    expect(driver.id).toBe('p1')
    expect(await driver.status()).toMatchObject({ ready: false, reason: 'head_open' })
  })

  it.each(['zpl', 'tspl'] as const)('reads ready, paper out and head open over %s', async (language) => {
    const printer = await sink()
    const driver = driverFor(printer, language)
    expect(await driver.status()).toMatchObject({ ready: true, reason: 'ok' })
    printer.setState('paper_out')
    expect(await driver.status()).toMatchObject({ ready: false, reason: 'paper_out' })
    printer.setState('head_open')
    expect(await driver.status()).toMatchObject({ ready: false, reason: 'head_open' })
    // Status queries are answered, never mistaken for label bytes.
    expect(printer.jobs()).toHaveLength(0)
    expect(printer.raw().length).toBe(3)
  })

  it('calls a printer that accepts but never answers unreachable once the timeout passes', async () => {
    const printer = await sink({ state: 'silent' })
    const status = await driverFor(printer, 'zpl', 300).status()
    expect(status).toMatchObject({ ready: false, reason: 'unreachable' })
    expect(status.detail).toContain('300 ms')
    expect(printer.connections()).toBe(1)
  })

  it('reports a refused connection as unreachable and retryable', async () => {
    const driver = driverFor(await closedPort())
    expect(await driver.status()).toMatchObject({ ready: false, reason: 'unreachable' })
    const error = await driver.send(new Uint8Array([1, 2, 3])).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PrinterError)
    expect(error).toMatchObject({ code: 'unreachable', retryable: true })
    expect((error as PrinterError).message).toContain('ECONNREFUSED')
  })

  it('gives up on a cancelled send without writing anything', async () => {
    const printer = await sink()
    const controller = new AbortController()
    controller.abort()
    const error = await driverFor(printer).send(new Uint8Array([1]), { signal: controller.signal }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'aborted', retryable: false })
    expect(printer.connections()).toBe(0)
  })
})
