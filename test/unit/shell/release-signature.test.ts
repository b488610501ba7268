/**
 * Release signatures end to end under Node: scripts/sign-release.mjs (run as a process, as
 * `npm run dist` runs it) signs, the app's pure verifier checks. A matching signature passes; a
 * tampered installer or metadata, a missing or foreign signature, a build without a key are refused.
 */
import { execFile } from 'node:child_process'
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { digestFile } from '../../../src/main/features/updates/release-check'
import { PROJECT_RELEASE_PUBLIC_KEY, RELEASE_PUBLIC_KEY } from '../../../src/main/features/updates/release-key'
import { artifactStatement, readMetadata, verifyArtifact, verifyMetadata, type SignedMetadata } from '../../../src/main/features/updates/release-signature'
import { makeTempDir } from '../../support/temp-dir'
import { latestYml, makeSignedRelease, releaseKeys, SIGN_RELEASE, signWithScript, type Release } from '../../support/signed-release'

const keys = releaseKeys()
const sig = (path: string): string | null => {
  try {
    return readFileSync(`${path}.sig`, 'utf8')
  } catch {
    return null
  }
}

async function check(release: Release, publicKey = keys.publicKeyPem, installerPath = release.installerPath) {
  const metadataPath = join(release.dir, release.metadataName)
  const metadata = verifyMetadata(readFileSync(metadataPath), sig(metadataPath), publicKey, release.version)
  if (!metadata.ok) return metadata
  const claim = { version: release.version, name: release.installerName, digest: await digestFile(installerPath) }
  return verifyArtifact(claim, sig(release.installerPath), publicKey, metadata.metadata)
}

describe('release signatures', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(() => dir?.cleanup())
  const folder = () => (dir = makeTempDir('rb-release-')).path

  it('passes a release signed with the key the app carries', async () => {
    const release = await makeSignedRelease(folder(), keys)
    expect(await check(release)).toEqual({ ok: true })
    expect(readFileSync(`${release.installerPath}.sig`, 'utf8')).toMatch(/^[A-Za-z0-9+/]{86}==\n$/)
  })

  it('refuses an installer changed after signing, and metadata rewritten to match it', async () => {
    const release = await makeSignedRelease(folder(), keys)
    const tampered = Buffer.from(readFileSync(release.installerPath))
    tampered[100] = tampered[100]! ^ 0xff
    writeFileSync(release.installerPath, tampered)
    expect(await check(release)).toMatchObject({ ok: false, reason: 'not_in_metadata' })

    // The attacker also rewrites latest.yml for the new bytes: the metadata signature no longer matches.
    writeFileSync(join(release.dir, 'latest.yml'), latestYml(release.version, release.installerName, tampered))
    expect(await check(release)).toMatchObject({ ok: false, reason: 'bad_signature' })
  })

  it('refuses an installer whose statement was signed for another version or file', async () => {
    const release = await makeSignedRelease(folder(), keys)
    const metadata: SignedMetadata = { version: '0.3.0', sha512s: [(await digestFile(release.installerPath)).sha512] }
    const claim = { version: '0.3.0', name: release.installerName, digest: await digestFile(release.installerPath) }
    expect(verifyArtifact(claim, sig(release.installerPath), keys.publicKeyPem, metadata)).toMatchObject({ ok: false, reason: 'bad_signature' })
    expect(verifyMetadata(readFileSync(join(release.dir, 'latest.yml')), sig(join(release.dir, 'latest.yml')), keys.publicKeyPem, '0.3.0')).toMatchObject({
      ok: false,
      reason: 'version_mismatch'
    })
  })

  it('refuses a missing or malformed signature, another key, and a build without a key', async () => {
    const release = await makeSignedRelease(folder(), keys)
    expect(await check(release, releaseKeys().publicKeyPem)).toMatchObject({ ok: false, reason: 'bad_signature' })
    expect(await check(release, '')).toMatchObject({ ok: false, reason: 'no_release_key' })
    writeFileSync(`${release.installerPath}.sig`, 'not a signature\n')
    expect(await check(release)).toMatchObject({ ok: false, reason: 'malformed_signature' })
    rmSync(`${release.installerPath}.sig`)
    expect(await check(release)).toMatchObject({ ok: false, reason: 'missing_signature' })
    rmSync(join(release.dir, 'latest.yml.sig'))
    expect(await check(release)).toMatchObject({ ok: false, reason: 'missing_signature' })
  })

  it('signs every latest*.yml and what it lists, names with spaces included', async () => {
    const release = await makeSignedRelease(folder(), keys, { installerName: 'Reception Bench-0.2.0.AppImage', metadataName: 'latest-linux.yml' })
    expect(await check(release)).toEqual({ ok: true })
    expect(statSync(join(release.dir, 'Reception Bench-0.2.0.AppImage.sig')).isFile()).toBe(true)
  })

  it('the script refuses to sign without a key, with a key the app does not carry, and when a listed file is missing', async () => {
    const path = folder()
    const release = await makeSignedRelease(path, keys)
    const failure = (env: Record<string, string>) => signWithScript(path, env).then(() => '', (error: { stderr: string }) => error.stderr)
    expect(await failure({})).toContain('no signing key')
    // A key whose public half is not the one built into the app: benches would refuse the release.
    expect(await failure({ RB_RELEASE_SIGNING_KEY: keys.privateKeyPem })).toContain('does not match the public key the app is built with')
    rmSync(release.installerPath)
    expect(await failure({ RB_RELEASE_SIGNING_KEY: keys.privateKeyPem, RB_UPDATE_PUBLIC_KEY: keys.publicKeyPem })).toContain('which is not in')
  })

  it('keygen writes a private key readable by its owner only, and never over an existing one', async () => {
    const file = join(folder(), 'release-key.pem')
    const run = () => promisify(execFile)(process.execPath, [SIGN_RELEASE, 'keygen', file])
    const { stdout } = await run()
    expect(stdout).toContain('-----BEGIN PUBLIC KEY-----')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toContain('PRIVATE KEY')
    await expect(run()).rejects.toMatchObject({ stderr: expect.stringContaining('not overwriting') })
  })

  it('builds the same statement as the script, reads electron-builder metadata, and carries the project key by default', () => {
    expect(artifactStatement({ version: '1.0.0', name: 'a b.exe', digest: { sha512: 'xyz', size: 3 } }).toString()).toBe(
      'reception-bench-release-v1\nversion 1.0.0\nfile a b.exe\nsize 3\nsha512 xyz\n'
    )
    expect(readMetadata("version: '0.2.0'\nfiles:\n  - url: a.exe\n    sha512: AAA\npath: a.exe\nsha512: AAA\n")).toEqual({ version: '0.2.0', sha512s: ['AAA'] })
    // Under Node nothing was built in: the constant in release-key.ts is the key.
    expect(RELEASE_PUBLIC_KEY).toBe(PROJECT_RELEASE_PUBLIC_KEY)
    expect(PROJECT_RELEASE_PUBLIC_KEY).toContain('BEGIN PUBLIC KEY')
  })
})
