/**
 * A release folder as `npm run dist` leaves it: an installer, the latest.yml electron-builder
 * writes for it, and the `.sig` files scripts/sign-release.mjs (run for real, as a process) adds.
 */
import { execFile } from 'node:child_process'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const ROOT = resolve(import.meta.dirname, '../..')
export const SIGN_RELEASE = join(ROOT, 'scripts/sign-release.mjs')

export interface ReleaseKeys {
  privateKeyPem: string
  publicKeyPem: string
}

export function releaseKeys(): ReleaseKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString()
  }
}

export interface Release {
  dir: string
  version: string
  installerName: string
  installerPath: string
  metadataName: string
}

export function latestYml(version: string, installerName: string, installer: Buffer): string {
  const sha512 = createHash('sha512').update(installer).digest('base64')
  return `version: ${version}\nfiles:\n  - url: ${installerName}\n    sha512: ${sha512}\n    size: ${installer.length}\npath: ${installerName}\nsha512: ${sha512}\nreleaseDate: '2026-03-02T10:00:00.000Z'\n`
}

/** Runs the signing script as `npm run dist` does; resolves with its output, rejects with it on failure. */
export async function signWithScript(dir: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [SIGN_RELEASE, dir], { env: { PATH: process.env.PATH ?? '', ...env } })
  return stdout
}

export async function makeSignedRelease(
  dir: string,
  keys: ReleaseKeys,
  options: { version?: string; installerName?: string; installer?: Buffer; metadataName?: string } = {}
): Promise<Release> {
  const version = options.version ?? '0.2.0'
  const installerName = options.installerName ?? `Reception-Bench-Setup-${version}.exe`
  const installer = options.installer ?? Buffer.from(`installer of ${version} `.repeat(4096))
  const metadataName = options.metadataName ?? 'latest.yml'
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, installerName), installer)
  writeFileSync(join(dir, metadataName), latestYml(version, installerName, installer))
  await signWithScript(dir, { RB_RELEASE_SIGNING_KEY: keys.privateKeyPem, RB_UPDATE_PUBLIC_KEY: keys.publicKeyPem })
  return { dir, version, installerName, installerPath: join(dir, installerName), metadataName }
}
