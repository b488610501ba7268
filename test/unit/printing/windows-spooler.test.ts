import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDriver } from '../../../src/main/features/printing/driver'
import { PRINTER_NAME_ENV, SPOOL_JOB_ENV, parseWindowsJobFate, parseWindowsJobId } from '../../../src/main/features/printing/drivers/windows-raw'
import { DEFAULT_LABEL_SETTINGS } from '../../../src/shared/label-settings'
import { makeTempDir } from '../../support/temp-dir'

/**
 * A stand-in for powershell.exe, as a real process: it decodes the script the driver passes
 * (-EncodedCommand, UTF-16LE base64) and answers as the Windows spooler would, from a state file
 * the test writes: the send script spools stdin and prints `JOB <id>`, the job status script
 * prints the job's JobStatus (or Gone) and the printer's PrinterStatus.
 */
const FAKE_POWERSHELL = `#!/usr/bin/env node
const { readFileSync, writeFileSync, appendFileSync } = require('node:fs')
const { join } = require('node:path')
const dir = __dirname
const script = Buffer.from(process.argv[process.argv.indexOf('-EncodedCommand') + 1], 'base64').toString('utf16le')
const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))
const printer = process.env['${PRINTER_NAME_ENV}']
if (printer !== state.printer) { process.stderr.write('printer not found: ' + printer); process.exit(1) }
if (script.includes('WritePrinter')) {
  const chunks = []
  process.stdin.on('data', (chunk) => chunks.push(chunk))
  process.stdin.on('end', () => {
    appendFileSync(join(dir, 'spooled.bin'), Buffer.concat(chunks))
    state.jobs[String(state.nextJob)] = 'Spooling'
    process.stdout.write('JOB ' + state.nextJob + '\\r\\n')
    state.nextJob += 1
    writeFileSync(join(dir, 'state.json'), JSON.stringify(state))
  })
} else if (script.includes('Get-PrintJob')) {
  const job = state.jobs[process.env['${SPOOL_JOB_ENV}']]
  process.stdout.write('JOB ' + (job ?? 'Gone') + '\\r\\nPRINTER ' + state.printerStatus + '\\r\\n')
} else {
  process.stdout.write(state.printerStatus + '\\r\\n')
}
`

describe('Windows raw driver against a stand-in spooler', () => {
  let dir: ReturnType<typeof makeTempDir>
  const setState = (patch: Record<string, unknown>) => {
    const path = join(dir.path, 'state.json')
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), ...patch }))
  }
  const driver = () =>
    createDriver(
      { id: 'win', name: 'Zebra USB', driver: 'windows', language: 'zpl', printerName: 'ZDesigner ZD421', label: DEFAULT_LABEL_SETTINGS },
      { powershell: join(dir.path, 'powershell'), timeouts: { sendMs: 10_000, statusMs: 10_000 } }
    )

  beforeEach(() => {
    dir = makeTempDir('fake-spooler-')
    writeFileSync(join(dir.path, 'powershell'), FAKE_POWERSHELL)
    chmodSync(join(dir.path, 'powershell'), 0o755)
    writeFileSync(join(dir.path, 'state.json'), JSON.stringify({ printer: 'ZDesigner ZD421', printerStatus: 'Normal', jobs: {}, nextJob: 7 }))
  })
  afterEach(() => dir.cleanup())

  it('spools the bytes, then follows the spool job until the printer has printed it', async () => {
    const windows = driver()
    expect(windows.statusBeforeSend).toBe(false)
    const receipt = await windows.send(Buffer.from('^XAetiqueta^XZ'))
    expect(receipt).toEqual({ spoolJobId: '7' })
    expect(readFileSync(join(dir.path, 'spooled.bin'), 'utf8')).toBe('^XAetiqueta^XZ')
    expect(await windows.fate(receipt)).toMatchObject({ state: 'printing' })

    setState({ jobs: { 7: 'Error, PaperOut' } })
    expect(await windows.fate(receipt)).toMatchObject({ state: 'held', reason: 'paper_out' })
    // Left the spooler while the printer itself reports the head open: held there.
    setState({ jobs: {}, printerStatus: 'DoorOpen' })
    expect(await windows.fate(receipt)).toMatchObject({ state: 'held', reason: 'head_open' })
    setState({ printerStatus: 'Normal' })
    expect(await windows.fate(receipt)).toEqual({ state: 'printed', confirmed: true })
  })

  it('says when the spooler dropped the label, and when it cannot tell', async () => {
    const windows = driver()
    const receipt = await windows.send(Buffer.from('^XA^XZ'))
    setState({ jobs: { 7: 'Deleting' } })
    expect(await windows.fate(receipt)).toMatchObject({ state: 'lost' })
    setState({ printer: 'another printer' })
    expect(await windows.fate(receipt)).toMatchObject({ state: 'unknown' })
    expect(await windows.fate({})).toMatchObject({ state: 'unknown' })
  })

  it('reads the scripts answers', () => {
    expect(parseWindowsJobId('JOB 42\r\n')).toBe('42')
    expect(parseWindowsJobId('spooler error 5')).toBeNull()
    expect(parseWindowsJobFate('JOB Paused\r\nPRINTER Normal\r\n')).toMatchObject({ state: 'held', reason: 'paused' })
    expect(parseWindowsJobFate('JOB Printing, Retained\r\nPRINTER Printing\r\n')).toMatchObject({ state: 'printing' })
    expect(parseWindowsJobFate('JOB Printed\r\nPRINTER Normal\r\n')).toEqual({ state: 'printed', confirmed: true })
    expect(parseWindowsJobFate('JOB Error\r\nPRINTER Offline\r\n')).toMatchObject({ state: 'held', reason: 'offline' })
    expect(parseWindowsJobFate('')).toMatchObject({ state: 'unknown' })
  })
})
