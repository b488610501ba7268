import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataFolderError, dataFolderMessage, languageForLocale, LOCK_FILE, openDataFolder, problemOf } from '../../../src/main/platform/data-folder'
import { makeTempDir } from '../../support/temp-dir'

describe('data folder', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(() => dir?.cleanup())

  it('says what a file-system error means for the clerk, a read-only file system included', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code })
    expect(problemOf(errno('EROFS'))).toBe('read_only')
    expect(problemOf(errno('EACCES'))).toBe('read_only')
    expect(problemOf(errno('ENOTDIR'))).toBe('not_a_folder')
    expect(problemOf(errno('ENOENT'))).toBe('missing')
    expect(problemOf(errno('ENOSPC'))).toBe('full')
    expect(problemOf(errno('EIO'))).toBeNull()
    expect(dataFolderMessage({ problem: 'read_only', dir: '/media/usb/bench', owner: null }, 'es')).toMatch(/^No se puede escribir en la carpeta de datos \/media\/usb\/bench/)
    expect(dataFolderMessage({ problem: 'read_only', dir: '/media/usb/bench', owner: null }, 'en')).toMatch(/^The data folder \/media\/usb\/bench cannot be written/)
  })

  it('speaks English to an English locale and Spanish to every other', () => {
    expect(languageForLocale('en_GB.UTF-8')).toBe('en')
    expect(languageForLocale('en-US')).toBe('en')
    expect(languageForLocale('es_ES.UTF-8')).toBe('es')
    expect(languageForLocale('C')).toBe('es')
    expect(languageForLocale(undefined)).toBe('es')
  })

  it('creates the folder, holds it once, and gives it up', () => {
    dir = makeTempDir('rb-data-folder-')
    const folder = join(dir.path, 'nested', 'data')
    const held = openDataFolder(folder, { program: 'browser harness' })
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, program: 'browser harness' })
    expect(() => openDataFolder(folder, { program: 'Electron app' })).toThrow(DataFolderError)
    try {
      openDataFolder(folder, { program: 'Electron app' })
    } catch (error) {
      expect(error).toMatchObject({ problem: 'in_use', owner: { program: 'browser harness', pid: process.pid } })
    }
    held.release()
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
    openDataFolder(folder, { program: 'Electron app' }).release()
  })
})
