import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { makeTempDir } from '../../support/temp-dir'

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname, '../../..')

interface BuilderConfig {
  asar: boolean
  files: string[]
  afterPack: string
  npmRebuild: boolean
  linux: { target: string[]; executableName: string }
  win: { target: string[]; verifyUpdateCodeSignature: boolean; signtoolOptions: { publisherName: string[] } }
  publish: { provider: string; url: string }
}
const loadYaml = require('js-yaml').load as (text: string) => unknown
const config = loadYaml(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig

type AfterPack = ((context: unknown) => Promise<void>) & { packagedElectron(context: unknown): string }
const afterPack = require(join(root, 'scripts/after-pack.cjs')) as AfterPack

/** The bytes a fuse wire holds ('1' on, '0' off), as @electron/fuses writes them. */
const FuseState = { ENABLE: 0x31, DISABLE: 0x30 } as const
type FuseState = (typeof FuseState)[keyof typeof FuseState]

/** A stand-in Electron binary: the fuse sentinel, wire version 1, eight fuses all at their stock value. */
function fakeElectronBinary(path: string): void {
  const stock = [FuseState.ENABLE, FuseState.DISABLE, FuseState.ENABLE, FuseState.ENABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.ENABLE]
  writeFileSync(path, Buffer.concat([Buffer.from('ELF-code-'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, stock.length, ...stock]), Buffer.from('-more-code')]))
}

describe('packaging (electron-builder.yml + afterPack fuses)', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(() => dir?.cleanup())

  it('is a configuration electron-builder accepts, with the targets, asar, rebuild and publish the app needs', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    expect(config.asar).toBe(true)
    expect(config.files).toContain('out/**')
    expect(config.npmRebuild).toBe(true)
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
    // electron-updater's own Windows check: the update's Authenticode publisher must be the lab's.
    expect(config.win.verifyUpdateCodeSignature).toBe(true)
    expect(config.win.signtoolOptions.publisherName.length).toBeGreaterThan(0)
    // Every packaging script ends by signing the release for the benches' update check.
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
    for (const name of ['dist', 'dist:linux', 'dist:win']) expect(scripts[name]).toMatch(/electron-builder .* && node scripts\/sign-release\.mjs dist$/)
    expect(config.publish.provider).toBe('generic')
    expect(existsSync(join(root, config.afterPack))).toBe(true)
  })

  it('the afterPack hook flips the fuses in the packaged binary: no RunAsNode, cookie encryption, ASAR integrity and ASAR only', async () => {
    dir = makeTempDir('rb-fuses-')
    const appOutDir = join(dir.path, 'linux-unpacked')
    mkdirSync(appOutDir)
    const context = { appOutDir, electronPlatformName: 'linux', packager: { executableName: config.linux.executableName, appInfo: { productFilename: 'Reception Bench' } } }
    const binary = afterPack.packagedElectron(context)
    expect(binary).toBe(join(appOutDir, 'reception-bench'))
    fakeElectronBinary(binary)
    await afterPack(context)
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, FuseState>
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
    // The bytes around the wire are untouched.
    expect(readFileSync(binary).toString('latin1').endsWith('-more-code')).toBe(true)
  })

  it('names the executable electron-builder writes on Windows', () => {
    const context = { appOutDir: 'C:\\out', electronPlatformName: 'win32', packager: { appInfo: { productFilename: 'Reception Bench' } } }
    expect(afterPack.packagedElectron(context)).toMatch(/Reception Bench\.exe$/)
  })
})
