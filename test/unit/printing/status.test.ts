import { describe, expect, it } from 'vitest'
import { parseTsplStatusByte, parseZplHostStatus, zplHostStatusComplete } from '../../../src/main/features/printing/languages/status'
import { fateFromPrinterStatus } from '../../../src/main/features/printing/printer-driver'

const hostStatus = (line1: string, line2: string, line3 = '1234,0') =>
  Buffer.from(`\x02${line1}\x03\r\n\x02${line2}\x03\r\n\x02${line3}\x03\r\n`, 'latin1')

// The example answer in the ZPL II guide's ~HS section, then the flags flipped one at a time.
const READY_1 = '030,0,0,1245,000,0,0,0,000,0,0,0'
const READY_2 = '001,0,0,0,1,2,4,0,00000000,1,000'

describe('parseZplHostStatus', () => {
  it('reads a ready printer', () => {
    expect(parseZplHostStatus(hostStatus(READY_1, READY_2))).toEqual({ ready: true, reason: 'ok' })
  })

  it.each([
    ['paper out', '030,1,0,1245,000,0,0,0,000,0,0,0', READY_2, 'paper_out'],
    ['paused', '030,0,1,1245,000,0,0,0,000,0,0,0', READY_2, 'paused'],
    ['head up', READY_1, '001,0,1,0,1,2,4,0,00000000,1,000', 'head_open'],
    ['ribbon out', READY_1, '001,0,0,1,1,2,4,0,00000000,1,000', 'ribbon_out'],
    ['head too cold', '030,0,0,1245,000,0,0,0,000,0,1,0', READY_2, 'unknown']
  ])('reads %s', (_name, line1, line2, reason) => {
    const status = parseZplHostStatus(hostStatus(line1, line2))
    expect(status.ready).toBe(false)
    expect(status.reason).toBe(reason)
    expect(status.detail).toBeTruthy()
  })

  it('counts what the printer holds unprinted: formats in its buffer, labels left of the batch', () => {
    expect(parseZplHostStatus(hostStatus('030,1,0,1245,002,0,0,0,000,0,0,0', READY_2))).toMatchObject({ reason: 'paper_out', pending: 2 })
    expect(parseZplHostStatus(hostStatus(READY_1, '001,0,0,0,1,2,4,0,00000003,1,000'))).toEqual({ ready: true, reason: 'ok', pending: 3 })
  })

  it('reports the head before the paper when both are wrong', () => {
    expect(parseZplHostStatus(hostStatus('030,1,1,1245,000,0,0,0,000,0,0,0', '001,0,1,0,1,2,4,0,00000000,1,000')).reason).toBe('head_open')
  })

  it('knows when the three strings are in, and calls a cut-off answer unknown', () => {
    const full = hostStatus(READY_1, READY_2)
    const cut = full.subarray(0, full.indexOf(0x03, full.indexOf(0x03) + 1))
    expect(zplHostStatusComplete(full)).toBe(true)
    expect(zplHostStatusComplete(cut)).toBe(false)
    expect(parseZplHostStatus(cut.subarray(0, 10))).toMatchObject({ ready: false, reason: 'unknown' })
    expect(parseZplHostStatus(new Uint8Array())).toMatchObject({ ready: false, reason: 'unknown' })
  })
})

describe('parseTsplStatusByte', () => {
  it.each([
    [0x00, true, 'ok'],
    [0x01, false, 'head_open'],
    [0x02, false, 'paper_out'],
    [0x04, false, 'paper_out'],
    [0x05, false, 'head_open'],
    [0x08, false, 'ribbon_out'],
    [0x0c, false, 'paper_out'],
    [0x10, false, 'paused'],
    [0x20, true, 'ok'],
    [0x40, false, 'head_open'],
    [0x80, false, 'unknown']
  ])('reads 0x%s', (byte, ready, reason) => {
    expect(parseTsplStatusByte(byte)).toMatchObject({ ready, reason })
  })
})

describe('fateFromPrinterStatus', () => {
  it('a printer in an error state holds the label; a ready one printed it, or is still printing it', () => {
    expect(fateFromPrinterStatus({ ready: false, reason: 'paper_out', detail: 'out of labels', pending: 1 })).toEqual({ state: 'held', reason: 'paper_out', detail: 'out of labels' })
    expect(fateFromPrinterStatus({ ready: false, reason: 'head_open' })).toEqual({ state: 'held', reason: 'head_open' })
    expect(fateFromPrinterStatus({ ready: true, reason: 'ok', pending: 2 })).toMatchObject({ state: 'printing' })
    expect(fateFromPrinterStatus(parseTsplStatusByte(0x20))).toMatchObject({ state: 'printing' })
    expect(fateFromPrinterStatus({ ready: true, reason: 'ok' })).toEqual({ state: 'printed', confirmed: true })
    // Nobody answered: the label's fate is not known, which is not "printed".
    expect(fateFromPrinterStatus({ ready: false, reason: 'unreachable', detail: 'no status answer' })).toEqual({ state: 'unknown', detail: 'no status answer' })
  })
})
