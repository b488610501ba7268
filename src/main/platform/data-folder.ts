/**
 * Opening the data folder at start, before anything else writes to it (the log, the database):
 * it must exist or be creatable, be writable, and be held by this process alone. A lock file
 * (`bench.lock`: pid, host, which program) is shared by the Electron app and the browser harness,
 * so two of them never write one database. A problem is a DataFolderError with a code and a
 * message in the bench's languages, never a raw EROFS stack trace.
 */
import { hostname } from 'node:os'
import { join } from 'node:path'
import { accessSync, constants, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import type { Language } from '../../shared/languages'

export const LOCK_FILE = 'bench.lock'
/** The bench's database inside its data folder (known here so a shell can lock the folder before loading the bench). */
export const DATABASE_FILE = 'reception-bench.sqlite'

export type DataFolderProblem = 'read_only' | 'not_a_folder' | 'missing' | 'full' | 'in_use'

/** Who holds a data folder. */
export interface LockOwner {
  pid: number
  host: string
  /** `Electron app` or `browser harness`. */
  program: string
  since: string
}

export class DataFolderError extends Error {
  constructor(
    readonly problem: DataFolderProblem,
    readonly dir: string,
    readonly owner: LockOwner | null = null,
    cause?: unknown
  ) {
    super(dataFolderMessage({ problem, dir, owner }, 'en'), { cause })
    this.name = 'DataFolderError'
  }
}

const MESSAGES: Record<Language, Record<DataFolderProblem, (dir: string, owner: LockOwner | null) => string>> = {
  es: {
    read_only: (dir) =>
      `No se puede escribir en la carpeta de datos ${dir} (es de solo lectura o no hay permiso). Elija una carpeta en la que se pueda escribir o pida al administrador que dé permiso.`,
    not_a_folder: (dir) => `La carpeta de datos ${dir} no es una carpeta (hay un archivo con ese nombre). Elija otra ruta.`,
    missing: (dir) => `No se encuentra la carpeta de datos ${dir} ni se puede crear (¿una unidad desconectada?). Conecte la unidad o elija otra ruta.`,
    full: (dir) => `El disco de la carpeta de datos ${dir} está lleno. Libere espacio y vuelva a abrir Reception Bench.`,
    in_use: (dir, owner) =>
      `La carpeta de datos ${dir} ya está abierta por otro Reception Bench (${owner?.program ?? '?'}, proceso ${owner?.pid ?? '?'} en ${owner?.host ?? '?'}). Ciérrelo antes de abrir este. Si no hay ninguno abierto, borre el archivo ${LOCK_FILE} de esa carpeta.`
  },
  en: {
    read_only: (dir) => `The data folder ${dir} cannot be written (it is read-only or permission is missing). Choose a folder that can be written, or ask the administrator for permission.`,
    not_a_folder: (dir) => `The data folder ${dir} is not a folder (a file has that name). Choose another path.`,
    missing: (dir) => `The data folder ${dir} cannot be found or created (a disconnected drive?). Connect the drive or choose another path.`,
    full: (dir) => `The disk of the data folder ${dir} is full. Free some space and open Reception Bench again.`,
    in_use: (dir, owner) =>
      `The data folder ${dir} is already open in another Reception Bench (${owner?.program ?? '?'}, process ${owner?.pid ?? '?'} on ${owner?.host ?? '?'}). Close it before opening this one. If none is open, delete the file ${LOCK_FILE} in that folder.`
  }
}

export function dataFolderMessage(problem: { problem: DataFolderProblem; dir: string; owner: LockOwner | null }, language: Language): string {
  return MESSAGES[language][problem.problem](problem.dir, problem.owner)
}

/** The bench's language for a message shown before any setting can be read: English for an English locale, else Spanish. */
export function languageForLocale(locale: string | undefined): Language {
  return locale && /^en([-_.]|$)/i.test(locale) ? 'en' : 'es'
}

/** What an errno from creating or writing in the folder means for the clerk. */
export function problemOf(error: unknown): DataFolderProblem | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return 'read_only'
    case 'ENOTDIR':
    case 'EEXIST':
      return 'not_a_folder'
    case 'ENOENT':
      return 'missing'
    case 'ENOSPC':
    case 'EDQUOT':
      return 'full'
    default:
      return null
  }
}

function fail(dir: string, error: unknown): never {
  const problem = problemOf(error)
  if (!problem) throw error
  throw new DataFolderError(problem, dir, null, error)
}

/** Alive as far as this machine can tell: signal 0 reaches it, or it exists but belongs to someone else. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null
    return { pid: parsed.pid, host: parsed.host, program: String(parsed.program ?? '?'), since: String(parsed.since ?? '') }
  } catch {
    return null
  }
}

export interface DataFolder {
  dir: string
  /** Gives the folder up (the lock file goes, if it is still this process's). */
  release(): void
}

export interface OpenDataFolderOptions {
  /** `Electron app` or `browser harness`: named to a second process that finds the folder held. */
  program: string
  /** The database file the bench opens there: it must be writable too. */
  databaseFile?: string
  now?: () => Date
}

/**
 * Creates the folder when needed, proves it writable by writing the lock file, and takes it for
 * this process. A lock left by a process that is gone (a crash, a power cut) is taken over; one
 * whose process still runs, or that was written on another machine (a shared drive), is not.
 */
export function openDataFolder(dir: string, options: OpenDataFolderOptions): DataFolder {
  try {
    mkdirSync(dir, { recursive: true })
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' })
  } catch (error) {
    fail(dir, error)
  }
  const path = join(dir, LOCK_FILE)
  const me: LockOwner = { pid: process.pid, host: hostname(), program: options.program, since: (options.now ?? (() => new Date()))().toISOString() }
  const take = (): boolean => {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 })
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      return fail(dir, error)
    }
  }
  if (!take()) {
    const owner = readOwner(path)
    const stale = owner !== null && owner.host === me.host && owner.pid !== process.pid && !isAlive(owner.pid)
    if (!stale) throw new DataFolderError('in_use', dir, owner)
    try {
      unlinkSync(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail(dir, error)
    }
    // Two processes taking over the same stale lock: the exclusive create lets one win.
    if (!take()) throw new DataFolderError('in_use', dir, readOwner(path))
  }
  let held = true
  const release = () => {
    if (!held) return
    held = false
    process.off('exit', release)
    const owner = readOwner(path)
    if (owner?.pid === me.pid && owner.host === me.host) {
      try {
        unlinkSync(path)
      } catch {
        // Gone already, or the folder went read-only: the next start takes a stale lock over.
      }
    }
  }
  process.on('exit', release)
  if (options.databaseFile) {
    try {
      accessSync(join(dir, options.databaseFile), constants.W_OK)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        release()
        fail(dir, error)
      }
    }
  }
  return { dir, release }
}
