/**
 * Auto-update files (electron-updater "generic" provider): `latest.yml`, installers and their
 * blockmaps served as static files from one folder. Unsigned on purpose: the updater cannot
 * sign requests, and the installers carry their own code signature.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import { ApiError } from './http'

const CONTENT_TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.json': 'application/json; charset=utf-8'
}

/** Resolves `relative` inside `root`, refusing anything that would leave it. */
export function updateFilePath(root: string, relative: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(relative)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return null
  const base = resolve(root)
  const full = resolve(base, decoded)
  return full.startsWith(base + sep) ? full : null
}

/** One `bytes=a-b` range (what differential downloads ask for); null means "send it all". */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match) return null
  const [, from, to] = match
  if (from === '' && to === '') return 'invalid'
  const start = from === '' ? Math.max(0, size - Number(to)) : Number(from)
  const end = from === '' || to === '' ? size - 1 : Math.min(Number(to), size - 1)
  return start > end || start >= size ? 'invalid' : { start, end }
}

export async function serveUpdateFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string | undefined,
  relative: string
): Promise<void> {
  const notFound = new ApiError(404, 'not_found', 'no such update file')
  if (!root) throw notFound
  const file = updateFilePath(root, relative)
  if (!file) throw notFound
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) throw notFound
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'last-modified': info.mtime.toUTCString(),
    // latest.yml must be re-read on every check; versioned installers never change.
    'cache-control': /\.ya?ml$/i.test(file) ? 'no-cache' : 'public, max-age=86400'
  }
  const range = parseRange(req.headers.range, info.size)
  if (range === 'invalid') {
    res.writeHead(416, { 'content-range': `bytes */${info.size}` })
    res.end()
    return
  }
  const start = range?.start ?? 0
  const end = range?.end ?? info.size - 1
  headers['content-length'] = info.size === 0 ? 0 : end - start + 1
  if (range) headers['content-range'] = `bytes ${start}-${end}/${info.size}`
  res.writeHead(range ? 206 : 200, headers)
  if (req.method === 'HEAD' || info.size === 0) {
    res.end()
    return
  }
  await new Promise<void>((done, fail) => {
    createReadStream(file, { start, end })
      .on('error', fail)
      .on('end', done)
      .pipe(res)
  })
}
