/**
 * Release signatures: Ed25519 over the update metadata (`latest*.yml`, its exact bytes) and over
 * a statement naming each installer (version, file name, size, SHA-512), made by
 * scripts/sign-release.mjs at packaging and checked here before anything is installed. Pure: bytes
 * and keys in, a verdict out. The statement signs the installer's digest rather than its bytes so
 * a 100 MB installer is hashed as a stream, never held in memory.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto'

/** `<file>.sig` next to each signed file in the update folder: the base64 signature, one line. */
export const SIGNATURE_SUFFIX = '.sig'

/** First line of an installer statement; a later format gets a new one. */
export const STATEMENT_HEADER = 'reception-bench-release-v1'

export interface ArtifactDigest {
  /** SHA-512 of the file, base64 (as electron-builder writes it in latest.yml). */
  sha512: string
  size: number
}

export interface ArtifactClaim {
  version: string
  /** The installer's file name as published (latest.yml `url`, decoded). */
  name: string
  digest: ArtifactDigest
}

/** What is signed for one installer. scripts/sign-release.mjs builds the same text. */
export function artifactStatement(claim: ArtifactClaim): Buffer {
  return Buffer.from(`${STATEMENT_HEADER}\nversion ${claim.version}\nfile ${claim.name}\nsize ${claim.digest.size}\nsha512 ${claim.digest.sha512}\n`, 'utf8')
}

export type RefusalReason = 'no_release_key' | 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'version_mismatch' | 'not_in_metadata'

export type Verdict<T = object> = ({ ok: true } & T) | { ok: false; reason: RefusalReason; message: string }

const refuse = (reason: RefusalReason, message: string): { ok: false; reason: RefusalReason; message: string } => ({ ok: false, reason, message })

function publicKeyFrom(pem: string): KeyObject | null {
  if (!pem.trim()) return null
  try {
    const key = createPublicKey(pem)
    return key.asymmetricKeyType === 'ed25519' ? key : null
  } catch {
    return null
  }
}

function checkSignature(signed: Buffer, signatureText: string | null, publicKeyPem: string, what: string): Verdict {
  const key = publicKeyFrom(publicKeyPem)
  if (!key) return refuse('no_release_key', 'this build carries no Ed25519 release key, so it installs no update')
  if (signatureText === null || signatureText.trim() === '') return refuse('missing_signature', `${what} has no signature`)
  const text = signatureText.trim()
  const signature = /^[A-Za-z0-9+/]{86}==$/.test(text) ? Buffer.from(text, 'base64') : null
  if (!signature || signature.length !== 64) return refuse('malformed_signature', `${what}: the signature is not a base64 Ed25519 signature`)
  return verify(null, signed, key, signature) ? { ok: true } : refuse('bad_signature', `${what}: the signature does not match (not signed by this app's release key, or altered)`)
}

/** The top-level fields of latest*.yml the checks need, read without a YAML library (electron-builder's flat format). */
export function readMetadata(text: string): { version: string | null; sha512s: string[] } {
  const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/, '$2')
  const version = /^version:[ \t]*(.+)$/m.exec(text)?.[1]
  const sha512s = [...text.matchAll(/^[ \t-]*sha512:[ \t]*(.+)$/gm)].map((match) => unquote(match[1]!))
  return { version: version === undefined ? null : unquote(version), sha512s: [...new Set(sha512s)] }
}

export interface SignedMetadata {
  version: string
  /** SHA-512 (base64) of every file the metadata lists. */
  sha512s: string[]
}

/**
 * The update metadata, checked before anything is downloaded: signed by the release key, and
 * announcing the version the updater is about to fetch.
 */
export function verifyMetadata(bytes: Buffer, signatureText: string | null, publicKeyPem: string, expectedVersion: string): Verdict<{ metadata: SignedMetadata }> {
  const signed = checkSignature(bytes, signatureText, publicKeyPem, 'the update metadata')
  if (!signed.ok) return signed
  const { version, sha512s } = readMetadata(bytes.toString('utf8'))
  if (version !== expectedVersion) return refuse('version_mismatch', `the signed metadata is for version ${version ?? '?'}, not ${expectedVersion}`)
  return { ok: true, metadata: { version, sha512s } }
}

/** A downloaded installer, checked before it is installed: listed in the signed metadata, and signed itself. */
export function verifyArtifact(claim: ArtifactClaim, signatureText: string | null, publicKeyPem: string, metadata: SignedMetadata): Verdict {
  if (claim.version !== metadata.version) return refuse('version_mismatch', `the download is version ${claim.version}, the signed metadata says ${metadata.version}`)
  if (!metadata.sha512s.includes(claim.digest.sha512)) return refuse('not_in_metadata', `${claim.name} is not a file the signed metadata lists`)
  return checkSignature(artifactStatement(claim), signatureText, publicKeyPem, claim.name)
}
