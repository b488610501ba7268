/**
 * Windows raw spooler: PowerShell compiles a few P/Invoke calls into winspool.drv (OpenPrinter,
 * StartDocPrinter with the "RAW" datatype, WritePrinter) and copies its stdin to the printer, so
 * the installed Windows driver never re-renders the ZPL/TSPL bytes.
 *
 * NOT RUN HERE: these machines have no Windows. What can be checked without it (the script text,
 * how it is passed to PowerShell, reading Get-Printer's status) is pure and unit-tested; the rest
 * is kept as small as the job allows. The printer name travels in an environment variable, never
 * spliced into the script, so no name can inject PowerShell.
 *
 * A label's fate is its spool job's: StartDocPrinter gives the job id, and `Get-PrintJob` says
 * whether the spooler still holds it and why (paper out, offline, paused), or was deleting it;
 * a job that has left the spooler is in the printer, whose own status (`Get-Printer`) then says
 * whether it is out or held there. The unit test drives the driver with a stand-in for
 * PowerShell that answers as the spooler would.
 */
import { PrinterError, abortedError, fateFromPrinterStatus } from '../printer-driver'
import type { LabelFate, PrinterDriver, PrinterStatus, SendOptions, SendReceipt } from '../printer-driver'
import { runCommand } from './child-process'

export interface WindowsTarget {
  id: string
  printerName: string
}

export interface WindowsTimeouts {
  sendMs?: number
  statusMs?: number
}

export interface WindowsDriverOptions {
  /** The PowerShell to run; a stand-in in tests. */
  powershell?: string
}

export const PRINTER_NAME_ENV = 'RECEPTION_BENCH_PRINTER'
export const SPOOL_JOB_ENV = 'RECEPTION_BENCH_SPOOL_JOB'

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
  public static int Send(string name, byte[] bytes, out int jobId) {
    IntPtr handle;
    jobId = 0;
    if (!OpenPrinter(name, out handle, IntPtr.Zero)) return Marshal.GetLastWin32Error();
    try {
      DOCINFO info = new DOCINFO { pDocName = "Reception Bench label", pDatatype = "RAW" };
      jobId = StartDocPrinter(handle, 1, info);
      if (jobId == 0) return Marshal.GetLastWin32Error();
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
$jobId = 0
$code = [RawPrinter]::Send($env:${PRINTER_NAME_ENV}, $buffer.ToArray(), [ref]$jobId)
if ($code -ne 0) { [Console]::Error.WriteLine("spooler error $code"); exit 2 }
[Console]::Out.WriteLine("JOB $jobId")
`

export const WINDOWS_PRINTER_STATUS_SCRIPT = `
$ErrorActionPreference = 'Stop'
(Get-Printer -Name $env:${PRINTER_NAME_ENV}).PrinterStatus.ToString()
`

/**
 * Where one spool job is: `JOB <JobStatus flags>` while the spooler holds it, `JOB Gone` once it
 * left, then `PRINTER <PrinterStatus>`. A printer that does not exist fails the script.
 */
export const WINDOWS_JOB_STATUS_SCRIPT = `
$ErrorActionPreference = 'Stop'
$printer = Get-Printer -Name $env:${PRINTER_NAME_ENV}
$job = $null
try { $job = Get-PrintJob -PrinterName $env:${PRINTER_NAME_ENV} -ID ([int]$env:${SPOOL_JOB_ENV}) } catch { $job = $null }
if ($null -eq $job) { [Console]::Out.WriteLine('JOB Gone') } else { [Console]::Out.WriteLine('JOB ' + $job.JobStatus.ToString()) }
[Console]::Out.WriteLine('PRINTER ' + $printer.PrinterStatus.ToString())
`

/** The send script's answer: `JOB 42`. */
export function parseWindowsJobId(output: string): string | null {
  return /^JOB (\d+)\s*$/m.exec(output)?.[1] ?? null
}

/**
 * A label's fate from the job status script's two lines. JobStatus is a .NET flags value
 * ("Paused, Error, PaperOut"); a job the spooler no longer holds is in the printer, whose status
 * tells the rest.
 */
export function parseWindowsJobFate(output: string): LabelFate {
  const job = /^JOB (.*)$/m.exec(output)?.[1]?.trim()
  const printer = parseWindowsPrinterStatus(/^PRINTER (.*)$/m.exec(output)?.[1] ?? '')
  if (!job) return { state: 'unknown', detail: output.trim() || 'no answer from the spooler' }
  if (job === 'Gone') return fateFromPrinterStatus(printer)
  const flags = new Set(job.split(',').map((flag) => flag.trim()))
  if (flags.has('Deleting') || flags.has('Deleted')) return { state: 'lost', detail: `spool job ${job}` }
  if (flags.has('Printed') || flags.has('Complete')) return { state: 'printed', confirmed: true }
  if (flags.has('PaperOut')) return { state: 'held', reason: 'paper_out', detail: job }
  if (flags.has('Offline')) return { state: 'held', reason: 'offline', detail: job }
  if (flags.has('Paused')) return { state: 'held', reason: 'paused', detail: job }
  if (flags.has('Error') || flags.has('UserIntervention') || flags.has('Blocked')) {
    // The job says "something is wrong"; the printer says what.
    const fate = fateFromPrinterStatus(printer)
    return fate.state === 'held' ? fate : { state: 'held', reason: 'offline', detail: job }
  }
  return { state: 'printing', detail: job }
}

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

export function createWindowsRawDriver(target: WindowsTarget, timeouts: WindowsTimeouts = {}, options: WindowsDriverOptions = {}): PrinterDriver {
  const env = { ...process.env, [PRINTER_NAME_ENV]: target.printerName }
  const sendMs = timeouts.sendMs ?? 30_000
  const statusMs = timeouts.statusMs ?? 10_000
  const powershell = options.powershell ?? 'powershell.exe'
  return {
    id: target.id,
    // Each PowerShell start costs a second or more: the spooler is asked after the send only.
    statusBeforeSend: false,
    async send(bytes: Uint8Array, opts: SendOptions = {}): Promise<SendReceipt> {
      const outcome = await runCommand(powershell, powershellArgs(WINDOWS_RAW_PRINT_SCRIPT), {
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
      const spoolJobId = parseWindowsJobId(outcome.stdout)
      return spoolJobId ? { spoolJobId } : {}
    },
    async status(): Promise<PrinterStatus> {
      const outcome = await runCommand(powershell, powershellArgs(WINDOWS_PRINTER_STATUS_SCRIPT), { env, timeoutMs: statusMs })
      if (outcome.kind === 'exited' && outcome.code === 0) return parseWindowsPrinterStatus(outcome.stdout)
      return { ready: false, reason: 'unknown', detail: outcome.kind === 'exited' ? outcome.stderr.trim() : outcome.kind }
    },
    async fate(receipt): Promise<LabelFate> {
      if (!receipt.spoolJobId) return { state: 'unknown', detail: 'the spooler named no job' }
      const outcome = await runCommand(powershell, powershellArgs(WINDOWS_JOB_STATUS_SCRIPT), {
        env: { ...env, [SPOOL_JOB_ENV]: receipt.spoolJobId },
        timeoutMs: statusMs
      })
      if (outcome.kind === 'exited' && outcome.code === 0) return parseWindowsJobFate(outcome.stdout)
      return { state: 'unknown', detail: outcome.kind === 'exited' ? outcome.stderr.trim() || `exit code ${outcome.code}` : outcome.kind }
    }
  }
}
