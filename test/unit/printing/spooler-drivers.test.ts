import { describe, expect, it } from 'vitest'
import { fateOfPendingCupsJob, parseLpRequestId, parseLpstatDevices, parseLpstatJobs, parseLpstatPrinter } from '../../../src/main/features/printing/drivers/cups-raw'
import {
  PRINTER_NAME_ENV,
  WINDOWS_RAW_PRINT_SCRIPT,
  parseWindowsPrinterStatus,
  powershellArgs
} from '../../../src/main/features/printing/drivers/windows-raw'

/** `lpstat -l -p bench` as CUPS 2.4 prints it in the C locale. */
const lpstat = (head: string, alerts: string, reasonLine?: string) =>
  [
    head,
    ...(reasonLine ? [`\t${reasonLine}`] : []),
    '\tForm mounted:',
    '\tContent types: any',
    '\tPrinter types: unknown',
    '\tDescription: bench',
    `\tAlerts: ${alerts}`,
    '\tLocation: ',
    '\tConnection: direct',
    ''
  ].join('\n')

describe('parseLpstatPrinter', () => {
  it('reads an idle and a printing queue as ready', () => {
    expect(parseLpstatPrinter(lpstat('printer bench is idle.  enabled since Mon Nov 23 08:53:32 2026', 'none'))).toEqual({
      ready: true,
      reason: 'ok'
    })
    expect(parseLpstatPrinter(lpstat('printer bench now printing bench-7.  enabled since Mon Nov 23 08:53:32 2026', 'none'))).toEqual({
      ready: true,
      reason: 'ok',
      detail: 'printing'
    })
  })

  it('reads a stopped queue with its reason, or without one', () => {
    const stopped = 'printer bench disabled since Mon Nov 23 08:53:32 2026 -'
    expect(parseLpstatPrinter(lpstat(stopped, 'paused', 'labels jammed'))).toEqual({
      ready: false,
      reason: 'paused',
      detail: 'queue stopped: labels jammed'
    })
    expect(parseLpstatPrinter(lpstat(stopped, 'none'))).toEqual({ ready: false, reason: 'offline', detail: 'queue stopped' })
  })

  it('names what the printer reports through its state reasons first', () => {
    const idle = 'printer bench is idle.  enabled since Mon Nov 23 08:53:32 2026'
    expect(parseLpstatPrinter(lpstat(idle, 'media-empty-error'))).toMatchObject({ ready: false, reason: 'paper_out' })
    expect(parseLpstatPrinter(lpstat(idle, 'cover-open-warning'))).toMatchObject({ ready: false, reason: 'head_open' })
    expect(parseLpstatPrinter(lpstat(idle, 'offline-report'))).toMatchObject({ ready: false, reason: 'offline' })
    expect(parseLpstatPrinter(lpstat(idle, 'connecting-to-device'))).toMatchObject({ ready: false, reason: 'unreachable' })
    expect(parseLpstatPrinter(lpstat('printer bench disabled since x -', 'paused media-jam-error', 'jam'))).toMatchObject({
      reason: 'paper_out'
    })
  })

  it('does not take an error message for a status', () => {
    expect(parseLpstatPrinter('lpstat: Invalid destination name in list "nope".\n')).toMatchObject({ ready: false, reason: 'unknown' })
  })
})

describe('CUPS jobs', () => {
  it('reads the job id lp gives and the jobs lpstat -o lists', () => {
    expect(parseLpRequestId('request id is etiquetas-42 (1 file(s))\n')).toBe('etiquetas-42')
    expect(parseLpRequestId('lp: Error - unknown destination')).toBeNull()
    const listed = parseLpstatJobs('etiquetas-41  root  1024   Thu Dec  3 10:04:10 2026\n\tAlerts: none\netiquetas-42  root  1024   Thu Dec  3 10:04:11 2026\n')
    expect([...listed]).toEqual(['etiquetas-41', 'etiquetas-42'])
  })

  it('a job CUPS still holds waits on what its queue reports', () => {
    expect(fateOfPendingCupsJob({ ready: true, reason: 'ok' })).toMatchObject({ state: 'printing' })
    expect(fateOfPendingCupsJob({ ready: false, reason: 'paper_out', detail: 'out of labels' })).toMatchObject({ state: 'held', reason: 'paper_out' })
    expect(fateOfPendingCupsJob({ ready: false, reason: 'unreachable' })).toMatchObject({ state: 'held', reason: 'offline' })
  })
})

describe('parseLpstatDevices', () => {
  it('maps queue names to device URIs', () => {
    const devices = parseLpstatDevices('device for bench: socket://127.0.0.1:9100\ndevice for zebra_2: usb://Zebra/ZD421?serial=1\n')
    expect([...devices]).toEqual([
      ['bench', 'socket://127.0.0.1:9100'],
      ['zebra_2', 'usb://Zebra/ZD421?serial=1']
    ])
  })
})

describe('windows raw spooler script', () => {
  it('passes the script as UTF-16LE base64 that decodes back to it', () => {
    const args = powershellArgs(WINDOWS_RAW_PRINT_SCRIPT)
    expect(args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand'])
    expect(Buffer.from(args[5]!, 'base64').toString('utf16le')).toBe(WINDOWS_RAW_PRINT_SCRIPT)
  })

  it('prints RAW through winspool from stdin, with the name from the environment only', () => {
    expect(WINDOWS_RAW_PRINT_SCRIPT).toContain('pDatatype = "RAW"')
    expect(WINDOWS_RAW_PRINT_SCRIPT).toContain('WritePrinter')
    expect(WINDOWS_RAW_PRINT_SCRIPT).toContain('[Console]::OpenStandardInput()')
    expect(WINDOWS_RAW_PRINT_SCRIPT).toContain(`$env:${PRINTER_NAME_ENV}`)
  })

  it('maps Get-Printer statuses', () => {
    expect(parseWindowsPrinterStatus('Normal\r\n')).toEqual({ ready: true, reason: 'ok' })
    expect(parseWindowsPrinterStatus('PaperOut')).toMatchObject({ ready: false, reason: 'paper_out' })
    expect(parseWindowsPrinterStatus('DoorOpen')).toMatchObject({ ready: false, reason: 'head_open' })
    expect(parseWindowsPrinterStatus('Offline')).toMatchObject({ ready: false, reason: 'offline' })
    expect(parseWindowsPrinterStatus('TonerLow')).toMatchObject({ ready: false, reason: 'unknown' })
  })
})
