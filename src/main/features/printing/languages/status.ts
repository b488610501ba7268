/**
 * Pure parsers for what printers answer to a status query.
 *
 * ZPL `~HS` (ZPL II Programming Guide, "Host Status Return"): three strings, each
 * `<STX>...<ETX><CR><LF>`, comma separated.
 *   string 1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l   b = paper out, c = pause, eee = formats in the buffer
 *   string 2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www    o = head up, p = ribbon out, u = labels left in the batch
 *   string 3: xxxx,y
 *
 * TSPL `<ESC>!?` (TSPL/TSPL2 Programming Manual, status polling): one byte, 0 = ready;
 *   bit 0 head opened, 1 paper jam, 2 out of paper, 3 out of ribbon, 4 pause, 5 printing,
 *   6 cover opened, 7 environment temperature out of range.
 */
import type { PrinterStatus } from '../printer-driver'

const STX = 0x02
const ETX = 0x03

export const ZPL_STATUS_QUERY: Uint8Array = new Uint8Array([0x7e, 0x48, 0x53]) // ~HS
export const TSPL_STATUS_QUERY: Uint8Array = new Uint8Array([0x1b, 0x21, 0x3f]) // ESC !?

/** True once all three `~HS` strings have arrived (three ETX). */
export function zplHostStatusComplete(bytes: Uint8Array): boolean {
  let count = 0
  for (const byte of bytes) if (byte === ETX && ++count === 3) return true
  return false
}

function hostStatusStrings(bytes: Uint8Array): string[][] {
  const strings: string[][] = []
  let start = -1
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === STX) start = i + 1
    else if (bytes[i] === ETX && start >= 0) {
      let text = ''
      for (let j = start; j < i; j++) text += String.fromCharCode(bytes[j] ?? 0)
      strings.push(text.split(','))
      start = -1
    }
  }
  return strings
}

const flag = (fields: string[] | undefined, index: number) => fields?.[index]?.trim() === '1'
const count = (fields: string[] | undefined, index: number) => {
  const value = Number.parseInt(fields?.[index]?.trim() ?? '', 10)
  return Number.isFinite(value) && value > 0 ? value : 0
}

export function parseZplHostStatus(bytes: Uint8Array): PrinterStatus {
  const [first, second] = hostStatusStrings(bytes)
  if (!first || !second || first.length < 3 || second.length < 4) {
    return { ready: false, reason: 'unknown', detail: 'incomplete ~HS answer' }
  }
  // What the printer has received and not printed: formats waiting, labels left of the one printing.
  const pending = Math.max(count(first, 4), count(second, 8))
  const held = (status: PrinterStatus): PrinterStatus => (pending > 0 ? { ...status, pending } : status)
  // Most actionable first: a clerk closes the head before reloading paper.
  if (flag(second, 2)) return held({ ready: false, reason: 'head_open', detail: 'print head open' })
  if (flag(first, 1)) return held({ ready: false, reason: 'paper_out', detail: 'out of labels' })
  if (flag(second, 3)) return held({ ready: false, reason: 'ribbon_out', detail: 'out of ribbon' })
  if (flag(first, 2)) return held({ ready: false, reason: 'paused', detail: 'printer paused' })
  if (flag(first, 10)) return held({ ready: false, reason: 'unknown', detail: 'print head too cold' })
  if (flag(first, 11)) return held({ ready: false, reason: 'unknown', detail: 'print head too hot' })
  return held({ ready: true, reason: 'ok' })
}

export function parseTsplStatusByte(byte: number): PrinterStatus {
  if (byte === 0) return { ready: true, reason: 'ok' }
  if (byte & 0x01) return { ready: false, reason: 'head_open', detail: 'print head open' }
  if (byte & 0x40) return { ready: false, reason: 'head_open', detail: 'cover open' }
  if (byte & 0x04) return { ready: false, reason: 'paper_out', detail: 'out of labels' }
  if (byte & 0x02) return { ready: false, reason: 'paper_out', detail: 'paper jam' }
  if (byte & 0x08) return { ready: false, reason: 'ribbon_out', detail: 'out of ribbon' }
  if (byte & 0x10) return { ready: false, reason: 'paused', detail: 'printer paused' }
  if (byte & 0x80) return { ready: false, reason: 'unknown', detail: 'temperature out of range' }
  // Only "printing" is left: busy, which is no reason to hold a label back, but not done either.
  return { ready: true, reason: 'ok', detail: 'printing', pending: 1 }
}
