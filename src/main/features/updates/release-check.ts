/**
 * The two checks an update passes before it is installed, with what they need from outside
 * (fetching the `.sig` files from the feed, hashing the downloaded file): the metadata before the
 * download starts, the installer after it is downloaded. The Electron updater adapter calls them;
 * tests run them under Node against the real sync server's /updates/.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import {
  SIGNATURE_SUFFIX,
  verifyArtifact,
  verifyMetadata,
  type ArtifactDigest,
  type SignedMetadata,
  type Verdict
} from './release-signature'

/** Fetches a file of the feed: its bytes, or null when the server has no such file. */
export type FeedFetch = (url: string) => Promise<Buffer | null>

/** The metadata file electron-updater reads on this platform (generic provider, default channel). */
export function updateChannelFile(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml'
  if (platform === 'darwin') return 'latest-mac.yml'
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`
}

function feedFile(feedUrl: string, name: string): string {
  const base = feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`
  return new URL(encodeURIComponent(name), base).href
}

async function fetchSignature(fetchFile: FeedFetch, url: string): Promise<string | null> {
  const bytes = await fetchFile(url)
  return bytes === null ? null : bytes.toString('utf8')
}

/** Streams a file through SHA-512. */
export function digestFile(path: string): Promise<ArtifactDigest> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512')
    let size = 0
    createReadStream(path)
      .on('data', (chunk) => {
        const bytes = chunk as Buffer
        size += bytes.length
        hash.update(bytes)
      })
      .on('error', reject)
      .on('end', () => resolve({ sha512: hash.digest('base64'), size }))
  })
}

export interface MetadataCheck {
  feedUrl: string
  channelFile: string
  /** The version the updater found and is about to download. */
  version: string
  fetchFile: FeedFetch
  publicKey: string
}

export async function checkReleaseMetadata(check: MetadataCheck): Promise<Verdict<{ metadata: SignedMetadata }>> {
  const url = feedFile(check.feedUrl, check.channelFile)
  const bytes = await check.fetchFile(url)
  if (bytes === null) return { ok: false, reason: 'missing_signature', message: `${check.channelFile} is not on the update server` }
  const signature = await fetchSignature(check.fetchFile, url + SIGNATURE_SUFFIX)
  return verifyMetadata(bytes, signature, check.publicKey, check.version)
}

export interface DownloadCheck {
  feedUrl: string
  /** The file electron-updater downloaded; its name is the published file name. */
  downloadedFile: string
  version: string
  metadata: SignedMetadata
  fetchFile: FeedFetch
  publicKey: string
}

export async function checkDownloadedRelease(check: DownloadCheck): Promise<Verdict> {
  const name = basename(check.downloadedFile)
  const digest = await digestFile(check.downloadedFile)
  const signature = await fetchSignature(check.fetchFile, feedFile(check.feedUrl, name) + SIGNATURE_SUFFIX)
  return verifyArtifact({ version: check.version, name, digest }, signature, check.publicKey, check.metadata)
}
