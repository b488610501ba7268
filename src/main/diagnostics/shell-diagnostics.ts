import type { ShellPorts } from '../shell-ports'
import type { UpdaterPort } from '../updates/update-controller'

/**
 * What the shell tells the diagnostics part beyond ShellPorts: where its log files and crash
 * dumps are, and its updater. Passed in the same `ports` object the host hands to every part.
 */
export interface DiagnosticsShellPorts {
  updater?: UpdaterPort
  logFiles?: { readonly dir: string; files(): string[] }
  crashDumpsDir?: string
}

export type BenchShellPorts = ShellPorts & DiagnosticsShellPorts

export const diagnosticsPortsOf = (ports: ShellPorts): DiagnosticsShellPorts => ports as BenchShellPorts
