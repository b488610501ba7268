import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { BenchSettings } from '../../../shared/bench-settings'
import type { LogFn } from '../../platform/module'
import type { SettingsStore } from './settings-service'

/**
 * The settings file shared by the Electron store (electron-store) and its Node twin (conf): one
 * JSON file in the user-data folder, one top-level key per setting, checked against a JSON
 * Schema derived from the zod BenchSettings schema (which stays the validator the host uses),
 * and migrations keyed by app version.
 */
export const SETTINGS_FILE_NAME = 'bench-settings'

/**
 * The JSON Schema of every setting, as conf's `schema` option wants it (the `properties` object).
 * Without `default`s: zod fills them when the host reads, so the file holds only what was written
 * (and ajv's strict mode refuses defaults inside a `oneOf`, such as the printer's port).
 */
export function settingsJsonSchema(): Record<string, object> {
  const schema = withoutDefaults(z.toJSONSchema(BenchSettings, { io: 'input', unrepresentable: 'any' })) as { properties?: Record<string, object> }
  if (!schema.properties) throw new Error('BenchSettings has no properties to describe')
  return schema.properties
}

function withoutDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDefaults)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'default').map(([key, value]) => [key, withoutDefaults(value)]))
}

/** What a conf-like store offers; electron-store and conf both fit. */
export interface KeyValueFile {
  readonly store: Record<string, unknown>
  readonly path: string
  set(values: Record<string, unknown>): void
  has(key: string): boolean
}

export type SettingsMigration = (store: KeyValueFile) => void

/**
 * Version → step. Each runs once, when the app first starts at that version or later.
 * 0.1.0: settings used to live in the database (meta key `bench_settings`); take them over once.
 * The database copy stays where it was so an older version opened by mistake still finds its settings.
 */
export function settingsMigrations(readLegacy: () => unknown): Record<string, SettingsMigration> {
  return {
    '0.1.0': (store) => {
      if (store.has('benchName')) return
      const parsed = BenchSettings.safeParse(readLegacy())
      if (parsed.success) store.set(parsed.data)
    }
  }
}

export interface SettingsFileOptions {
  /** The folder the file lives in (the user-data folder in Electron). */
  cwd: string
  /** The app's version: migrations up to it run once. */
  appVersion: string
  /** The settings an earlier version kept in the database, or null. */
  readLegacy?: () => unknown
}

/** The options both libraries take (electron-store adds nothing we need on top of conf's). */
export function settingsFileOptions(options: SettingsFileOptions) {
  return {
    cwd: options.cwd,
    configName: SETTINGS_FILE_NAME,
    projectVersion: options.appVersion,
    schema: settingsJsonSchema(),
    migrations: settingsMigrations(options.readLegacy ?? (() => null)),
    clearInvalidConfig: false
  }
}

export const settingsFilePath = (cwd: string): string => join(cwd, `${SETTINGS_FILE_NAME}.json`)

/**
 * Opens the file; a file the schema (or JSON) rejects is moved aside, kept for diagnostics, and
 * a fresh one started, so a hand-edited file can never stop the bench from opening.
 */
export function openSettingsFile<T extends KeyValueFile>(cwd: string, open: () => T, log: LogFn, now: () => Date = () => new Date()): T {
  startWithoutVersion(cwd)
  try {
    return open()
  } catch (error) {
    const path = settingsFilePath(cwd)
    if (!existsSync(path)) throw error
    const aside = `${path}.rejected-${now().toISOString().replace(/[:.]/g, '-')}`
    renameSync(path, aside)
    log('error', `settings file rejected, moved to ${aside}; starting from defaults`, error)
    startWithoutVersion(cwd)
    return open()
  }
}

/**
 * conf runs no migration for a file it creates itself (it records the current version at once),
 * so the first file is made here, empty and without a version: every step up to the app's
 * version then runs once, the database take-over of 0.1.0 among them.
 */
function startWithoutVersion(cwd: string): void {
  const path = settingsFilePath(cwd)
  if (existsSync(path)) return
  mkdirSync(cwd, { recursive: true })
  writeFileSync(path, '{}\n', { flag: 'wx' })
}

/** The SettingsStore the host reads and writes, over the file. Values are refused with a message. */
export function settingsStoreOver(file: KeyValueFile): SettingsStore {
  const known = Object.keys(BenchSettings.shape)
  return {
    read: () => {
      const stored = file.store
      if (!known.some((key) => key in stored)) return null
      return Object.fromEntries(known.filter((key) => key in stored).map((key) => [key, stored[key]]))
    },
    write: (settings) => {
      const parsed = BenchSettings.safeParse(settings)
      if (!parsed.success) throw new Error(`settings refused: ${z.prettifyError(parsed.error)}`)
      file.set(parsed.data)
    }
  }
}
