import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { createSettingsService, metaSettingsStore, type SettingsStore } from '../../../src/main/features/settings/settings-service'
import { openDatabase } from '../../../src/main/platform/db/database'
import { createMetaRepository } from '../../../src/main/platform/db/meta-repository'
import { makeTempDir } from '../../support/temp-dir'
import type { BenchSettings } from '../../../src/shared/bench-settings'

/** A store that counts how often the service goes back to it. */
function countingStore(initial: unknown): SettingsStore & { reads: number; writes: BenchSettings[] } {
  let stored = initial
  const store = {
    reads: 0,
    writes: [] as BenchSettings[],
    read() {
      store.reads++
      return stored
    },
    write(settings: BenchSettings) {
      store.writes.push(settings)
      stored = JSON.parse(JSON.stringify(settings)) as unknown
    }
  }
  return store
}

describe('the settings service keeps the validated settings between writes', () => {
  it('reads and validates the store once, however often the settings are asked for', () => {
    const store = countingStore({ lowWaterMark: 40 })
    const settings = createSettingsService(store, () => undefined)
    expect(settings.get().lowWaterMark).toBe(40)
    settings.get()
    settings.publicClerks()
    expect(store.reads).toBe(1)
  })

  it('a write is what the next read answers, without going back to the store', () => {
    const store = countingStore(null)
    const settings = createSettingsService(store, () => undefined)
    expect(settings.get().lowWaterMark).toBe(25)
    settings.update({ lowWaterMark: 7, autoPrintOnReceive: false })
    expect(settings.get()).toMatchObject({ lowWaterMark: 7, autoPrintOnReceive: false })
    expect(store.writes).toHaveLength(1)
    expect(store.reads).toBe(1)
  })

  it('the shared value cannot be changed by a reader', () => {
    const settings = createSettingsService(countingStore({ rejectionReasons: ['Frasco roto'] }), () => undefined)
    const read = settings.get()
    expect(() => {
      ;(read as { lowWaterMark: number }).lowWaterMark = 1
    }).toThrow(TypeError)
    expect(() => (read.rejectionReasons as string[]).push('Sin formol')).toThrow(TypeError)
    expect(settings.get().lowWaterMark).toBe(25)
    expect(settings.get().rejectionReasons).toEqual(['Frasco roto'])
  })

  it('a write the journal refused leaves the settings as they were', () => {
    const store = countingStore(null)
    const settings = createSettingsService(store, () => undefined, {
      transaction: (write) => write(),
      record: () => {
        throw new Error('audit log full')
      }
    })
    expect(() => settings.update({ lowWaterMark: 3 })).toThrow('audit log full')
    expect(settings.get().lowWaterMark).toBe(25)
  })
})

describe('settings kept in the database', () => {
  it('a write undone with the transaction around it is undone for the readers too', () => {
    const dir = makeTempDir()
    try {
      const db = openDatabase(join(dir.path, 'settings.sqlite'))
      const settings = createSettingsService(metaSettingsStore(createMetaRepository(db)), () => undefined)
      settings.update({ lowWaterMark: 40 })
      expect(() =>
        db.transaction(() => {
          settings.update({ lowWaterMark: 9 })
          expect(settings.get().lowWaterMark).toBe(9)
          throw new Error('a later statement failed')
        })()
      ).toThrow('a later statement failed')
      expect(settings.get().lowWaterMark).toBe(40)
      db.close()
    } finally {
      dir.cleanup()
    }
  })
})
