import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startPrinterSink } from '../../../bench/workloads/printer-sink'
import type { PrinterSink } from '../../../bench/workloads/printer-sink'

let sink: PrinterSink | undefined
afterEach(async () => {
  await sink?.close()
  sink = undefined
})

/** Writes each piece separately (with a pause, so they arrive as separate segments), collects the answer. */
async function exchange(port: number, pieces: Buffer[], expectAnswerBytes: number): Promise<Buffer> {
  const socket = net.connect({ host: '127.0.0.1', port })
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  const answer: Buffer[] = []
  socket.on('data', (data: Buffer) => answer.push(data))
  for (const piece of pieces) {
    socket.write(piece)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const deadline = Date.now() + 2000
  while (Buffer.concat(answer).length < expectAnswerBytes && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
  socket.end()
  await new Promise((resolve) => socket.once('close', resolve))
  return Buffer.concat(answer)
}

describe('printer sink', () => {
  it('answers a ~HS split across segments and keeps other tilde commands as label bytes', async () => {
    sink = await startPrinterSink({ state: 'paper_out' })
    const answer = await exchange(sink.port, [Buffer.from('~SD15^XA^FDa^FS^XZ~'), Buffer.from('H'), Buffer.from('S')], 3)
    expect(answer.toString('latin1').split('\x03').length - 1).toBe(3)
    expect(answer.toString('latin1')).toContain('\x02030,1,0,')
    await sink.waitForJobs(1)
    expect(sink.received().toString()).toBe('~SD15^XA^FDa^FS^XZ')
    expect(sink.raw()[0]!.toString()).toBe('~SD15^XA^FDa^FS^XZ~HS')
  })

  it('answers ESC !? with the state byte, and nothing at all when silent', async () => {
    sink = await startPrinterSink({ state: 'head_open' })
    expect([...(await exchange(sink.port, [Buffer.from([0x1b, 0x21, 0x3f])], 1))]).toEqual([0x01])
    sink.setState('silent')
    expect(await exchange(sink.port, [Buffer.from('~HS')], 1)).toHaveLength(0)
    expect(sink.jobs()).toHaveLength(0)
    expect(sink.connections()).toBe(2)
  })

  it('resolves waitForBytes on a count or a predicate, and times out with what it has', async () => {
    sink = await startPrinterSink()
    const waiting = sink.waitForBytes((bytes) => bytes.includes('^XZ'))
    await exchange(sink.port, [Buffer.from('^XA'), Buffer.from('^XZ')], 0)
    expect((await waiting).toString()).toBe('^XA^XZ')
    expect((await sink.waitForBytes(6)).length).toBe(6)
    await expect(sink.waitForBytes(100, 50)).rejects.toThrow(/have 6 bytes/)
  })

  it('prints what it gets while ready, holds a label it ran out of paper on, and prints it when ready again', async () => {
    sink = await startPrinterSink()
    await exchange(sink.port, [Buffer.from('^XAone^XZ')], 0)
    await sink.waitForPrinted(1)
    sink.failAfterNextJob('paper_out')
    await exchange(sink.port, [Buffer.from('^XAtwo^XZ')], 0)
    await sink.waitForJobs(2)
    expect(sink.printed().map(String)).toEqual(['^XAone^XZ'])
    expect(sink.held()).toBe(1)
    // The printer says so: paper out, one format in its buffer.
    expect((await exchange(sink.port, [Buffer.from('~HS')], 3)).toString('latin1')).toContain('\x02030,1,0,0160,001,')
    sink.setState('ready')
    expect(sink.printed().map(String)).toEqual(['^XAone^XZ', '^XAtwo^XZ'])
    expect(sink.held()).toBe(0)
  })
})
