import { readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRotatingLog, formatLogLine } from '../../../src/main/platform/logging/rotating-log'
import { makeTempDir } from '../../support/temp-dir'

describe('rotating log', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(() => dir?.cleanup())

  it('writes one line per entry, with the error stack or JSON detail', () => {
    dir = makeTempDir('rb-log-')
    const log = createRotatingLog({ dir: dir.path, clock: () => new Date('2026-03-04T05:06:07.000Z') })
    log.log('info', 'host started', { protocols: 3 })
    log.log('error', 'request failed\nbadly', new Error('boom'))
    log.close()
    const lines = readFileSync(log.path, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('2026-03-04T05:06:07.000Z INFO  host started {"protocols":3}')
    expect(lines[1]).toMatch(/^2026-03-04T05:06:07.000Z ERROR request failed badly Error: boom \| at /)
  })

  it('rotates by size and keeps exactly maxFiles files, newest first', () => {
    dir = makeTempDir('rb-log-')
    const log = createRotatingLog({ dir: dir.path, maxBytes: 300, maxFiles: 3 })
    for (let i = 0; i < 40; i++) log.log('info', `entry number ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`)
    log.close()
    const files = log.files()
    expect(files.map((file) => basename(file))).toEqual(['bench.log', 'bench.log.1', 'bench.log.2'])
    for (const file of files) expect(statSync(file).size).toBeLessThanOrEqual(300)
    // The newest entry is in the current file, older ones in .1, and the oldest were dropped.
    expect(readFileSync(files[0]!, 'utf8')).toContain('entry number 039')
    const all = files.map((file) => readFileSync(file, 'utf8')).join('')
    expect(all).not.toContain('entry number 000')
    const firstKept = Number(/entry number (\d+)/.exec(readFileSync(files[2]!, 'utf8'))![1])
    const lastOfPrevious = Number([...readFileSync(files[1]!, 'utf8').matchAll(/entry number (\d+)/g)].at(-1)![1])
    expect(lastOfPrevious).toBeGreaterThan(firstKept)
  })

  it('continues an existing file after a restart instead of truncating it', () => {
    dir = makeTempDir('rb-log-')
    const first = createRotatingLog({ dir: dir.path })
    first.log('warn', 'before restart')
    first.close()
    const second = createRotatingLog({ dir: dir.path })
    second.log('info', 'after restart')
    second.close()
    const text = readFileSync(second.path, 'utf8')
    expect(text.indexOf('before restart')).toBeGreaterThanOrEqual(0)
    expect(text.indexOf('after restart')).toBeGreaterThan(text.indexOf('before restart'))
  })

  it('formats values that JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(formatLogLine(new Date(0), 'warn', 'odd', cyclic)).toBe('1970-01-01T00:00:00.000Z WARN  odd [object Object]\n')
  })
})
