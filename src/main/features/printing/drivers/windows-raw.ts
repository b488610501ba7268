/**
 * Windows raw spooler: PowerShell compiles a few P/Invoke calls into winspool.drv (OpenPrinter,
 * StartDocPrinter with the "RAW" datatype, WritePrinter) and copies its stdin to the printer, so
 * the installed Windows driver never re-renders the ZPL/TSPL bytes.
 *
 * NOT RUN HERE: these machines have no Windows. What can be checked without it (the script text,
 * how it is passed to PowerShell, reading Get-Printer's status) is pure and unit-tested; the rest
 * is kept as small as the job allows. The printer name travels in an environment variable, never
 * spliced into the script, so no name can inject PowerShell.
 */
import { PrinterError, abortedError } from '../printer-driver'
import type { PrinterDriver, PrinterStatus, SendOptions } from '../printer-driver'
import { runCommand } from './child-process'

export interface WindowsTarget {
  id: string
  printerName: string
}

export interface WindowsTimeouts {
  sendMs?: number
  statusMs?: number
}

export const PRINTER_NAME_ENV = 'RECEPTION_BENCH_PRINTER'

/** Copies stdin to the printer as one RAW spool job; exit code 2 = the spooler refused. */
export const WINDOWS_RAW_PRINT_SCRIPT = `
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition @'
using System;
using System.Runtime.InteropServices;
public static class RawPrinter {
  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  public class DOCINFO { public string pDocName; public string pOutputFile; public string pDatatype; }
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)]
  public static extern bool OpenPrinter(string name, out IntPtr handle, IntPtr defaults);
  [DllImport("winspool.drv", SetLastError = true)]
  public static extern bool ClosePrinter(IntPtr handle);
  [DllImport("winspool.drv", CharSet = CharSet.Unicode, SetLastError = true)]
  public static extern int StartDocPrinter(IntPtr handle, int level, [In] DOCINFO info);
  [DllImport("winspool.drv", SetLastError = true)]
  public static extern bool EndDocPrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)]
  public static extern bool StartPagePrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)]
  public static extern bool EndPagePrinter(IntPtr handle);
  [DllImport("winspool.drv", SetLastError = true)]
  public static extern bool WritePrinter(IntPtr handle, byte[] bytes, int count, out int written);
  public static int Send(string name, byte[] bytes) {
    IntPtr handle;
    if (!OpenPrinter(name, out handle, IntPtr.Zero)) return Marshal.GetLastWin32Error();
    try {
      DOCINFO info = new DOCINFO { pDocName = "Reception Bench label", pDatatype = "RAW" };
      if (StartDocPrinter(handle, 1, info) == 0) return Marshal.GetLastWin32Error();
      try {
        StartPagePrinter(handle);
        int written;
        bool ok = WritePrinter(handle, bytes, bytes.Length, out written);
        EndPagePrinter(handle);
        if (!ok || written != bytes.Length) return Marshal.GetLastWin32Error();
      } finally { EndDocPrinter(handle); }
    } finally { ClosePrinter(handle); }
    return 0;
  }
}
'@
$stdin = [Console]::OpenStandardInput()
$buffer = New-Object System.IO.MemoryStream
$stdin.CopyTo($buffer)
$code = [RawPrinter]::Send($env:${PRINTER_NAME_ENV}, $buffer.ToArray())
if ($code -ne 0) { [Console]::Error.WriteLine("spooler error $code"); exit 2 }
`

export const WINDOWS_PRINTER_STATUS_SCRIPT = `
$ErrorActionPreference = 'Stop'
(Get-Printer -Name $env:${PRINTER_NAME_ENV}).PrinterStatus.ToString()
`

/** PowerShell arguments that run `script` without a profile, prompt or execution-policy check. */
export function powershellArgs(script: string): string[] {
  // -EncodedCommand takes UTF-16LE base64, which survives any quoting Windows applies.
  const encoded = Buffer.from(script, 'utf16le').toString('base64')
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded]
}

/** Maps Get-Printer's PrinterStatus (a .NET enum name) to ours. */
export function parseWindowsPrinterStatus(value: string): PrinterStatus {
  const status = value.trim()
  switch (status) {
    case 'Normal':
    case 'Printing':
    case 'Processing':
    case 'Warmup':
    case 'Busy':
      return { ready: true, reason: 'ok', ...(status === 'Normal' ? {} : { detail: status }) }
    case 'PaperOut':
    case 'PaperProblem':
    case 'PaperJam':
      return { ready: false, reason: 'paper_out', detail: status }
    case 'DoorOpen':
      return { ready: false, reason: 'head_open', detail: status }
    case 'Paused':
      return { ready: false, reason: 'paused', detail: status }
    case 'Offline':
    case 'NotAvailable':
    case 'PowerSave':
      return { ready: false, reason: 'offline', detail: status }
    default:
      return { ready: false, reason: 'unknown', detail: status || 'no status' }
  }
}

export function createWindowsRawDriver(target: WindowsTarget, timeouts: WindowsTimeouts = {}): PrinterDriver {
  const env = { ...process.env, [PRINTER_NAME_ENV]: target.printerName }
  const sendMs = timeouts.sendMs ?? 30_000
  const statusMs = timeouts.statusMs ?? 10_000
  return {
    id: target.id,
    async send(bytes: Uint8Array, opts: SendOptions = {}) {
      const outcome = await runCommand('powershell.exe', powershellArgs(WINDOWS_RAW_PRINT_SCRIPT), {
        input: bytes,
        env,
        timeoutMs: sendMs,
        signal: opts.signal
      })
      if (outcome.kind === 'aborted') throw abortedError(opts.signal)
      if (outcome.kind === 'timeout') throw new PrinterError('unreachable', `${target.printerName}: spooler did not answer in time`)
      if (outcome.kind === 'spawn_failed') throw new PrinterError('rejected', `cannot run PowerShell (${outcome.code})`)
      if (outcome.code !== 0) {
        throw new PrinterError('rejected', `${target.printerName}: ${outcome.stderr.trim() || `exit code ${outcome.code}`}`)
      }
    },
    async status() {
      const outcome = await runCommand('powershell.exe', powershellArgs(WINDOWS_PRINTER_STATUS_SCRIPT), { env, timeoutMs: statusMs })
      if (outcome.kind === 'exited' && outcome.code === 0) return parseWindowsPrinterStatus(outcome.stdout)
      return { ready: false, reason: 'unknown', detail: outcome.kind === 'exited' ? outcome.stderr.trim() : outcome.kind }
    }
  }
}
