import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrinterError } from '../../../src/main/features/printing/printer-driver'
import { createCupsRawDriver, discoverCupsQueues } from '../../../src/main/features/printing/drivers/cups-raw'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import { buildTspl } from '../../../src/main/features/printing/languages/tspl'
import { buildZpl } from '../../../src/main/features/printing/languages/zpl'
import { startCups } from '../../support/cups'
import type { CupsServer } from '../../support/cups'
import { startPrinterSink } from '../../../bench/workloads/printer-sink'
import type { PrinterSink } from '../../../bench/workloads/printer-sink'
import { ACCENTED_LABEL } from '../../unit/printing/label-fixtures'

const run = promisify(execFile)
const started = await startCups()
if (!started.available) {
  if (process.env.CI) throw new Error(`CUPS must be available in CI: ${started.reason}`)
  console.log(`skipped: CUPS raw queue tests: ${started.reason}`)
}

describe.skipIf(!started.available)('CUPS raw queue whose device is the printer sink', () => {
  const queue = `bench_test_${process.pid}`
  let cups: CupsServer
  let sink: PrinterSink

  beforeAll(async () => {
    if (!started.available) return
    cups = started.cups
    sink = await startPrinterSink()
    await cups.addRawQueue(queue, `socket://127.0.0.1:${sink.port}`)
  })

  afterAll(async () => {
    await cups?.stop()
    await sink?.close()
  })

  const driver = () => createCupsRawDriver({ id: 'cups-bench', queue, server: cups.server })

  it('passes `lp -o raw` jobs to the printer byte for byte', async () => {
    const zpl = buildZpl(ACCENTED_LABEL, DEFAULT_LABEL_SETTINGS)
    const tspl = buildTspl(ACCENTED_LABEL, DEFAULT_LABEL_SETTINGS)
    // Every byte value, so no filter, charset or line-ending conversion can hide.
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i)
    await driver().send(zpl)
    await driver().send(tspl)
    await driver().send(everyByte)
    const jobs = await sink.waitForJobs(3, 20_000)
    const sorted = [...jobs].sort((a, b) => a.length - b.length)
    const expected = [zpl, tspl, everyByte].map((bytes) => Buffer.from(bytes)).sort((a, b) => a.length - b.length)
    expect(sorted.map((job, i) => Buffer.compare(job, expected[i]!))).toEqual([0, 0, 0])
  })

  it('reads the queue as ready, and as paused with the reason once stopped', async () => {
    expect(await driver().status()).toMatchObject({ ready: true, reason: 'ok' })
    const host = cups.server ? ['-h', cups.server] : []
    await run('cupsdisable', [...host, '-r', 'labels jammed', queue])
    try {
      const status = await driver().status()
      expect(status).toMatchObject({ ready: false, reason: 'paused' })
      expect(status.detail).toContain('labels jammed')
    } finally {
      await run('cupsenable', [...host, queue])
    }
  })

  it("follows a label through its CUPS job: held while the queue is stopped, out once CUPS delivered it", async () => {
    const host = cups.server ? ['-h', cups.server] : []
    await run('cupsdisable', [...host, '-r', 'out of labels', queue])
    let receipt
    try {
      receipt = await driver().send(buildZpl(ACCENTED_LABEL, DEFAULT_LABEL_SETTINGS))
      expect(receipt.spoolJobId).toMatch(new RegExp(`^${queue}-\\d+$`))
      expect(await driver().fate(receipt)).toMatchObject({ state: 'held', reason: 'paused' })
    } finally {
      await run('cupsenable', [...host, queue])
    }
    let fate = await driver().fate(receipt)
    for (let i = 0; i < 100 && fate.state !== 'printed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      fate = await driver().fate(receipt)
    }
    expect(fate).toEqual({ state: 'printed', confirmed: true })
  })

  it('discovers the queue with its device URI', async () => {
    const queues = await discoverCupsQueues({ server: cups.server })
    expect(queues).toContainEqual({ queue, deviceUri: `socket://127.0.0.1:${sink.port}` })
  })

  it('rejects a job for a queue that does not exist, and does not ask for a retry', async () => {
    const error = await createCupsRawDriver({ id: 'x', queue: `${queue}_missing`, server: cups.server })
      .send(new Uint8Array([0x41]))
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PrinterError)
    expect(error).toMatchObject({ code: 'rejected', retryable: false })
    expect(await createCupsRawDriver({ id: 'x', queue: `${queue}_missing`, server: cups.server }).status()).toMatchObject({
      ready: false
    })
  })
})
