import type { UpdateStatus } from '../../shared/diagnostics'

/**
 * What only the shell around the host can do: Electron offers the OS keychain, native dialogs and
 * the system print dialog; the browser harness and the tests offer plainer stand-ins. Every member
 * is optional so a host without it answers `unavailable` instead of pretending.
 */
export interface SecretCipher {
  /** True when secrets are protected by the OS (Electron safeStorage with a keychain). */
  readonly osProtected: boolean
  encrypt(plain: string): Buffer
  decrypt(sealed: Buffer): string
}

export interface SaveFileFilter {
  name: string
  extensions: string[]
}

export interface ShellPorts {
  secrets?: SecretCipher
  /** Asks the user where to save a file; null when they cancel. */
  chooseSavePath?(suggestedName: string, filters: SaveFileFilter[]): Promise<string | null>
  /** Opens the system print dialog for a PDF. */
  printPdf?(pdf: Uint8Array, title: string): Promise<void>
  /** Shows a saved file in the OS file manager. */
  revealFile?(path: string): void
  /** electron-updater behind a small port (Electron only). */
  updater?: UpdaterPort
  /** Where the rotating log writes, for the diagnostics export. */
  logFiles?: { readonly dir: string; files(): string[] }
  crashDumpsDir?: string
}

/** What the host (diagnostics module) and the renderer see of updates, in every shell. */
export interface UpdaterPort {
  status(): UpdateStatus
  setBusy(busy: boolean): UpdateStatus
  checkNow(): Promise<UpdateStatus>
  /** Refuses with the reason when a restart must not happen now. */
  restart(): { ok: true; status: UpdateStatus } | { ok: false; reason: 'nothing_to_install' | 'busy' }
  dismiss(): UpdateStatus
  subscribe(listener: (status: UpdateStatus) => void): () => void
  start(): void
  stop(): void
}
