/**
 * Auto-update files (electron-updater "generic" provider): `latest.yml`, installers, their
 * blockmaps and the release signatures (`<file>.sig`, scripts/sign-release.mjs) served as static
 * files from one folder, without authentication: the updater cannot sign requests, and what makes
 * a file trustworthy is the Ed25519 signature the bench checks before installing, not the path it
 * came from. What a request may cost is bounded: ranges are folded so no answer is larger than
 * the file.
 */
import { createReadStream } from 'node:fs'
import { randomBytes } from 'node:crypto'
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

export interface ByteRange {
  start: number
  end: number
}

/** More parts than this in one request is not a download, it is abuse. */
const MAX_RANGES = 2000

function parseOneRange(spec: string, size: number): ByteRange | 'unsatisfiable' | null {
  const match = /^(\d*)-(\d*)$/.exec(spec.trim())
  if (!match) return null
  const [, from, to] = match
  if (from === '' && to === '') return null
  const start = from === '' ? Math.max(0, size - Number(to)) : Number(from)
  const end = from === '' || to === '' ? size - 1 : Math.min(Number(to), size - 1)
  return start > end || start >= size ? 'unsatisfiable' : { start, end }
}

/**
 * Ranges in ascending order with overlaps folded together (RFC 9110 lets a server coalesce), so
 * the bytes sent never add up to more than the file. Ranges that already are ascending and
 * apart are kept as asked: electron-updater reads the parts in the order it asked for them.
 */
export function coalesceRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const apart = ranges.every((range, i) => i === 0 || range.start > ranges[i - 1]!.end)
  if (apart) return [...ranges]
  const sorted = [...ranges].sort((a, b) => a.start - b.start)
  const merged: ByteRange[] = []
  for (const range of sorted) {
    const last = merged[merged.length - 1]
    if (last && range.start <= last.end + 1) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged
}

/**
 * The ranges of a `Range: bytes=…` header. Differential downloads (electron-updater with a
 * blockmap) ask for many ranges in one request and expect multipart/byteranges back.
 * null: no usable header (send everything); 'invalid': nothing satisfiable (416).
 */
export function parseRanges(header: string | undefined, size: number): ByteRange[] | 'invalid' | null {
  if (!header) return null
  const match = /^bytes=(.+)$/.exec(header.trim())
  if (!match) return null
  const specs = match[1]!.split(',')
  if (specs.length > MAX_RANGES) return null
  const ranges: ByteRange[] = []
  for (const spec of specs) {
    const range = parseOneRange(spec, size)
    if (range === null) return null
    if (range !== 'unsatisfiable') ranges.push(range)
  }
  return ranges.length === 0 ? 'invalid' : coalesceRanges(ranges)
}

function pipeRange(file: string, range: ByteRange, res: ServerResponse): Promise<void> {
  return new Promise<void>((done, fail) => {
    createReadStream(file, { start: range.start, end: range.end })
      .on('error', fail)
      .on('end', done)
      .pipe(res, { end: false })
  })
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
  const ranges = parseRanges(req.headers.range, info.size)
  if (ranges === 'invalid') {
    res.writeHead(416, { 'content-range': `bytes */${info.size}` })
    res.end()
    return
  }
  if (ranges && ranges.length > 1 && multipartLength(ranges, info.size, headers['content-type'] as string) <= info.size) {
    await sendMultipart(req, res, file, info.size, ranges, headers)
    return
  }
  // Parts whose headers would cost more than the file itself: the whole file is the cheaper answer.
  const range = ranges?.length === 1 ? ranges[0]! : null
  const whole = { start: 0, end: info.size - 1 }
  const { start, end } = range ?? whole
  headers['content-length'] = info.size === 0 ? 0 : end - start + 1
  if (range) headers['content-range'] = `bytes ${start}-${end}/${info.size}`
  res.writeHead(range ? 206 : 200, headers)
  if (req.method !== 'HEAD' && info.size > 0) await pipeRange(file, range ?? whole, res)
  res.end()
}

const BOUNDARY_LENGTH = 'rb-'.length + 24

function partHeadFor(boundary: string, partType: string, size: number) {
  return (range: ByteRange, first: boolean) =>
    `${first ? '' : '\r\n'}--${boundary}\r\ncontent-type: ${partType}\r\ncontent-range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`
}

function bodyLength(ranges: readonly ByteRange[], partHead: (range: ByteRange, first: boolean) => string, tail: string): number {
  return ranges.reduce((sum, range, i) => sum + Buffer.byteLength(partHead(range, i === 0)) + range.end - range.start + 1, Buffer.byteLength(tail))
}

/** Bytes a multipart/byteranges answer to `ranges` takes. */
export function multipartLength(ranges: readonly ByteRange[], size: number, partType: string): number {
  const boundary = 'x'.repeat(BOUNDARY_LENGTH)
  return bodyLength(ranges, partHeadFor(boundary, partType, size), `\r\n--${boundary}--\r\n`)
}

/** RFC 9110 multipart/byteranges: one part per range, each with its own Content-Range. */
async function sendMultipart(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  size: number,
  ranges: ByteRange[],
  headers: Record<string, string | number>
): Promise<void> {
  const boundary = `rb-${randomBytes(12).toString('hex')}`
  const partHead = partHeadFor(boundary, headers['content-type'] as string, size)
  const tail = `\r\n--${boundary}--\r\n`
  const length = bodyLength(ranges, partHead, tail)
  res.writeHead(206, { ...headers, 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': length })
  if (req.method !== 'HEAD') {
    for (const [i, range] of ranges.entries()) {
      res.write(partHead(range, i === 0))
      await pipeRange(file, range, res)
    }
    res.write(tail)
  }
  res.end()
}
