#!/usr/bin/env node
/**
 * Signs a release for the bench's update check (src/main/features/updates/release-signature.ts):
 * an Ed25519 signature of every latest*.yml (its exact bytes) and of every installer it lists (a
 * statement of version, file name, size and SHA-512), each written as `<file>.sig` beside it.
 * Copy the folder's files, .sig included, into the server's UPDATES_DIR.
 *
 *   node scripts/sign-release.mjs [dist]        sign the release in dist/ (npm run dist runs this)
 *   node scripts/sign-release.mjs keygen <file> make a key pair: the private key into <file> (0600),
 *                                               the public key printed for release-key.ts
 *
 * The private key comes from RB_RELEASE_SIGNING_KEY_FILE (a path) or RB_RELEASE_SIGNING_KEY (the
 * PEM text), never from the repository. It must match the public key the app was built with
 * (RB_UPDATE_PUBLIC_KEY when set, else the one in release-key.ts): a release its own benches would
 * refuse is not signed.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { createReadStream, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const KEY_SOURCE = join(ROOT, 'src/main/features/updates/release-key.ts')
const STATEMENT_HEADER = 'reception-bench-release-v1'

class SigningError extends Error {}

/** The same text release-signature.ts `artifactStatement` builds. */
export function artifactStatement({ version, name, size, sha512 }) {
  return Buffer.from(`${STATEMENT_HEADER}\nversion ${version}\nfile ${name}\nsize ${size}\nsha512 ${sha512}\n`, 'utf8')
}

const unquote = (value) => value.trim().replace(/^(['"])(.*)\1$/, '$2')

/** version and every file name (files[].url and path) of electron-builder's latest*.yml. */
export function metadataFiles(text) {
  const version = /^version:[ \t]*(.+)$/m.exec(text)?.[1]
  const names = [...text.matchAll(/^[ \t-]*(?:url|path):[ \t]*(.+)$/gm)].map((match) => unquote(match[1]))
  return { version: version === undefined ? null : unquote(version), names: [...new Set(names)] }
}

function digestFile(path) {
  return new Promise((done, fail) => {
    const hash = createHash('sha512')
    let size = 0
    createReadStream(path)
      .on('data', (chunk) => {
        size += chunk.length
        hash.update(chunk)
      })
      .on('error', fail)
      .on('end', () => done({ sha512: hash.digest('base64'), size }))
  })
}

function privateKeyFromEnv(env) {
  const file = env.RB_RELEASE_SIGNING_KEY_FILE
  const pem = file ? readFileSync(file, 'utf8') : env.RB_RELEASE_SIGNING_KEY
  if (!pem) throw new SigningError('no signing key: set RB_RELEASE_SIGNING_KEY_FILE (path to the private key) or RB_RELEASE_SIGNING_KEY (its PEM text)')
  const key = createPrivateKey(pem)
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningError(`the signing key is ${key.asymmetricKeyType}, not ed25519`)
  return key
}

/** The public key the app is built with: RB_UPDATE_PUBLIC_KEY, or the constant in release-key.ts. */
function builtInPublicKey(env) {
  if (env.RB_UPDATE_PUBLIC_KEY?.trim()) return env.RB_UPDATE_PUBLIC_KEY
  const match = /PROJECT_RELEASE_PUBLIC_KEY = `([^`]+)`/.exec(readFileSync(KEY_SOURCE, 'utf8'))
  if (!match) throw new SigningError(`no PROJECT_RELEASE_PUBLIC_KEY in ${KEY_SOURCE}`)
  return match[1]
}

const spki = (key) => key.export({ type: 'spki', format: 'der' }).toString('base64')

export async function signRelease(dir, env = process.env, log = console.log) {
  const privateKey = privateKeyFromEnv(env)
  if (spki(createPublicKey(privateKey)) !== spki(createPublicKey(builtInPublicKey(env)))) {
    throw new SigningError(
      'the signing key does not match the public key the app is built with (RB_UPDATE_PUBLIC_KEY or release-key.ts): benches would refuse this release'
    )
  }
  const metadataFilesFound = readdirSync(dir).filter((name) => /^latest.*\.ya?ml$/.test(name))
  if (metadataFilesFound.length === 0) throw new SigningError(`no latest*.yml in ${dir}: run electron-builder first`)
  const signed = []
  for (const metadataName of metadataFilesFound) {
    const bytes = readFileSync(join(dir, metadataName))
    const { version, names } = metadataFiles(bytes.toString('utf8'))
    if (!version) throw new SigningError(`${metadataName} has no version`)
    for (const name of names) {
      const file = join(dir, name)
      if (!existsSync(file)) throw new SigningError(`${metadataName} lists ${name}, which is not in ${dir}`)
      const digest = await digestFile(file)
      writeFileSync(`${file}.sig`, `${sign(null, artifactStatement({ version, name, ...digest }), privateKey).toString('base64')}\n`)
      signed.push(name)
    }
    writeFileSync(join(dir, `${metadataName}.sig`), `${sign(null, bytes, privateKey).toString('base64')}\n`)
    signed.push(metadataName)
  }
  for (const name of [...new Set(signed)]) log(`signed ${name}`)
  return [...new Set(signed)]
}

export function keygen(file) {
  if (!file) throw new SigningError('usage: node scripts/sign-release.mjs keygen <private-key-file>')
  if (existsSync(file)) throw new SigningError(`${file} exists; not overwriting a key`)
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  return publicKey.export({ type: 'spki', format: 'pem' })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, argument] = process.argv.slice(2)
  try {
    if (command === 'keygen') {
      const publicPem = keygen(argument)
      console.log(`Private key written to ${argument} (keep it off the repository and the benches).`)
      console.log('Public key, for PROJECT_RELEASE_PUBLIC_KEY in src/main/features/updates/release-key.ts or RB_UPDATE_PUBLIC_KEY at build:')
      console.log(publicPem)
    } else {
      await signRelease(resolve(command ?? 'dist'))
    }
  } catch (error) {
    console.error(`sign-release: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
