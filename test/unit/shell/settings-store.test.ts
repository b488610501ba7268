import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import { afterEach, describe, expect, it } from 'vitest'
import { BenchSettings } from '../../../src/shared/bench-settings'
import { createConfSettingsStore } from '../../../src/main/features/settings/conf-settings-store'
import { readLegacySettings } from '../../../src/main/features/settings/legacy-settings'
import { settingsFileOptions, settingsFilePath } from '../../../src/main/features/settings/settings-file'
import { createSettingsService, metaSettingsStore } from '../../../src/main/features/settings/settings-service'
import { openDatabase } from '../../../src/main/platform/db/database'
import { createMetaRepository } from '../../../src/main/platform/db/meta-repository'
import { makeTempDir } from '../../support/temp-dir'

const printer = {
  id: 'zebra-1',
  name: 'Zebra de recepción',
  driver: 'tcp9100',
  language: 'zpl',
  host: '10.0.0.7',
  port: 9100,
  label: { widthMm: 39, heightMm: 20, dpi: 203, offsetXmm: 0, offsetYmm: 0, darkness: 15, copies: 1, gapMm: 2 }
} as const

/** A database as an earlier version left it: settings kept in the meta table. */
function legacyDatabase(dir: string, settings: Partial<BenchSettings>): string {
  const file = join(dir, 'reception-bench.sqlite')
  const db = openDatabase(file)
  createSettingsService(metaSettingsStore(createMetaRepository(db)), () => {}).update(settings)
  db.close()
  return file
}

describe('settings file (conf twin of electron-store)', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(() => dir?.cleanup())

  it('moves the settings kept in the database over once, on the first start at 0.1.0', () => {
    dir = makeTempDir('rb-settings-')
    const databaseFile = legacyDatabase(dir.path, { benchName: 'Recepción norte', clerks: [{ name: 'Ana' }], printer, syncServerUrl: 'https://lab.example' })
    let legacyReads = 0
    const readLegacy = () => {
      legacyReads++
      return readLegacySettings(databaseFile)
    }
    const first = createConfSettingsStore({ cwd: dir.path, appVersion: '0.1.0', readLegacy })
    const moved = BenchSettings.parse(first.read())
    expect(moved.benchName).toBe('Recepción norte')
    expect(moved.clerks).toEqual([{ name: 'Ana' }])
    expect(moved.printer).toEqual(printer)
    expect(moved.syncServerUrl).toBe('https://lab.example')
    expect(legacyReads).toBe(1)

    // A later start (same or newer version) never imports again, even if the database says otherwise.
    first.write({ ...moved, benchName: 'Cambiado aquí' })
    const again = createConfSettingsStore({ cwd: dir.path, appVersion: '0.2.0', readLegacy })
    expect(legacyReads).toBe(1)
    expect(BenchSettings.parse(again.read()).benchName).toBe('Cambiado aquí')
    const file = JSON.parse(readFileSync(again.path, 'utf8')) as { __internal__: { migrations: { version: string } } }
    expect(file.__internal__.migrations.version).toBe('0.2.0')
  })

  it('starts empty on a brand-new bench (no database yet): the host then uses its defaults', () => {
    dir = makeTempDir('rb-settings-')
    const store = createConfSettingsStore({ cwd: dir.path, appVersion: '0.1.0', readLegacy: () => readLegacySettings(join(dir!.path, 'missing.sqlite')) })
    const service = createSettingsService(store, () => {})
    expect(service.get()).toEqual(BenchSettings.parse({}))
    service.update({ benchName: 'Puesto 2', lowWaterMark: 40 })
    const reopened = createSettingsService(createConfSettingsStore({ cwd: dir.path, appVersion: '0.1.0' }), () => {})
    expect(reopened.get()).toMatchObject({ benchName: 'Puesto 2', lowWaterMark: 40 })
  })

  it('refuses invalid values with a message naming the setting, in the store and in the file schema', () => {
    dir = makeTempDir('rb-settings-')
    const store = createConfSettingsStore({ cwd: dir.path, appVersion: '0.1.0' })
    const valid = BenchSettings.parse({})
    expect(() => store.write({ ...valid, benchName: '' })).toThrow(/settings refused: .*benchName/s)
    expect(() => store.write({ ...valid, syncServerUrl: 'ftp://lab.example' })).toThrow(/syncServerUrl/)
    expect(store.read()).toBeNull()
    // The file's own JSON Schema refuses what zod refuses, for whoever writes it without the service.
    const raw = new Conf<Record<string, unknown>>(settingsFileOptions({ cwd: dir.path, appVersion: '0.1.0' }))
    expect(() => raw.set('lowWaterMark', -1)).toThrow(/Config schema violation: .*lowWaterMark/)
    expect(() => raw.set('printer', { ...printer, port: 70000 })).toThrow(/Config schema violation/)
  })

  it('moves a hand-broken file aside and opens with defaults instead of stopping the bench', () => {
    dir = makeTempDir('rb-settings-')
    writeFileSync(settingsFilePath(dir.path), JSON.stringify({ benchName: 42, lowWaterMark: 'many' }))
    const logged: string[] = []
    const store = createConfSettingsStore({ cwd: dir.path, appVersion: '0.1.0', log: (_level, message) => logged.push(message) })
    expect(createSettingsService(store, () => {}).get()).toEqual(BenchSettings.parse({}))
    expect(logged.join('\n')).toMatch(/settings file rejected/)
    const aside = readdirSync(dir.path).filter((name) => name.includes('.rejected-'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(dir.path, aside[0]!), 'utf8')).toContain('"many"')
  })

  it('reads no legacy value from a database without one', () => {
    dir = makeTempDir('rb-settings-')
    const file = join(dir.path, 'reception-bench.sqlite')
    openDatabase(file).close()
    expect(readLegacySettings(file)).toBeNull()
  })
})
