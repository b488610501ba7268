import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseRanges, updateFilePath } from '../../server/src/updates'
import { makeTempDir } from '../support/temp-dir'
import { startTestServer, type TestServer } from './support'

describe('auto-update files', () => {
  let server: TestServer | undefined
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(async () => {
    await server?.stop()
    dir?.cleanup()
    server = undefined
    dir = undefined
  })

  function updatesFolder(): string {
    dir = makeTempDir('rb-updates-')
    const root = join(dir.path, 'updates')
    mkdirSync(root)
    writeFileSync(join(root, 'latest.yml'), 'version: 0.2.0\npath: Reception-Bench-Setup-0.2.0.exe\n')
    writeFileSync(join(root, 'Reception-Bench-Setup-0.2.0.exe'), Buffer.from('0123456789abcdef'))
    writeFileSync(join(dir.path, 'secret.txt'), 'not for download')
    return root
  }

  it('serves latest.yml and installers from the folder, with ranges, without signatures', async () => {
    server = await startTestServer('sqlite', { updatesDir: updatesFolder() })
    const latest = await fetch(`${server.url}/updates/latest.yml`)
    expect(latest.status).toBe(200)
    expect(latest.headers.get('content-type')).toContain('text/yaml')
    expect(latest.headers.get('cache-control')).toBe('no-cache')
    expect(await latest.text()).toContain('version: 0.2.0')

    const part = await fetch(`${server.url}/updates/Reception-Bench-Setup-0.2.0.exe`, { headers: { range: 'bytes=4-7' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 4-7/16')
    expect(await part.text()).toBe('4567')

    const head = await fetch(`${server.url}/updates/Reception-Bench-Setup-0.2.0.exe`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe('16')
  })

  it('refuses paths that leave the folder, and answers 404 without a folder', async () => {
    server = await startTestServer('sqlite', { updatesDir: updatesFolder() })
    const escaped = await fetch(`${server.url}/updates/..%2Fsecret.txt`)
    expect(escaped.status).toBe(404)
    expect(await escaped.text()).not.toContain('not for download')
    await server.stop()
    server = await startTestServer('sqlite')
    expect((await fetch(`${server.url}/updates/latest.yml`)).status).toBe(404)
  })

  it('parses single byte ranges and resolves paths inside the root only', () => {
    expect(parseRanges('bytes=0-3', 10)).toEqual([{ start: 0, end: 3 }])
    expect(parseRanges('bytes=-4', 10)).toEqual([{ start: 6, end: 9 }])
    expect(parseRanges('bytes=8-', 10)).toEqual([{ start: 8, end: 9 }])
    expect(parseRanges('bytes=12-14', 10)).toBe('invalid')
    // electron-updater's differential download: several ranges, ", "-separated.
    expect(parseRanges('bytes=0-1, 4-5', 10)).toEqual([{ start: 0, end: 1 }, { start: 4, end: 5 }])
    expect(parseRanges('bytes=0-1, 40-50', 10)).toEqual([{ start: 0, end: 1 }])
    expect(parseRanges('bytes=0-1, x', 10)).toBeNull()
    expect(parseRanges('items=0-1', 10)).toBeNull()
    expect(updateFilePath('/srv/updates', 'a/../../etc/passwd')).toBeNull()
    expect(updateFilePath('/srv/updates', 'win/latest.yml')).toBe('/srv/updates/win/latest.yml')
  })

  it('answers a multi-range request with multipart/byteranges, as differential downloads need', async () => {
    const root = updatesFolder()
    // Large enough that three parts with their headers are smaller than the whole file.
    writeFileSync(join(root, 'Reception-Bench-Setup-0.2.0.exe'), Buffer.from('0123456789abcdef'.repeat(64)))
    server = await startTestServer('sqlite', { updatesDir: root })
    const response = await fetch(`${server.url}/updates/Reception-Bench-Setup-0.2.0.exe`, { headers: { range: 'bytes=0-3, 10-11, 1014-' } })
    expect(response.status).toBe(206)
    const contentType = response.headers.get('content-type') ?? ''
    // The pattern electron-updater's multipleRangeDownloader reads the boundary with.
    const boundary = /^multipart\/.+?\s*;\s*boundary=(?:"([^"]+)"|([^\s";]+))\s*$/i.exec(contentType)?.[2]
    expect(boundary).toBeTruthy()
    const body = Buffer.from(await response.arrayBuffer())
    expect(Number(response.headers.get('content-length'))).toBe(body.length)
    const parts = body
      .toString('latin1')
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => {
        const [head, data] = part.replace(/^\r\n/, '').split('\r\n\r\n') as [string, string]
        return { range: /content-range: (.*)/i.exec(head)?.[1]?.trim(), data: data.replace(/\r\n$/, '') }
      })
    expect(parts).toEqual([
      { range: 'bytes 0-3/1024', data: '0123' },
      { range: 'bytes 10-11/1024', data: 'ab' },
      { range: 'bytes 1014-1023/1024', data: '6789abcdef' }
    ])
    expect(body.toString('latin1').endsWith(`--${boundary}--\r\n`)).toBe(true)
  })

  it('serves what electron-builder publishes for Linux: latest-linux.yml, an AppImage with a space in its name, its blockmap', async () => {
    const root = updatesFolder()
    writeFileSync(join(root, 'latest-linux.yml'), 'version: 0.2.0\npath: Reception Bench-0.2.0.AppImage\n')
    writeFileSync(join(root, 'Reception Bench-0.2.0.AppImage'), Buffer.from('appimage-bytes'))
    writeFileSync(join(root, 'Reception Bench-0.2.0.AppImage.blockmap'), Buffer.from([0x1f, 0x8b, 0x08]))
    server = await startTestServer('sqlite', { updatesDir: root })
    const yml = await fetch(`${server.url}/updates/latest-linux.yml`)
    expect(yml.headers.get('cache-control')).toBe('no-cache')
    expect(await yml.text()).toContain('Reception Bench-0.2.0.AppImage')
    const image = await fetch(`${server.url}/updates/${encodeURIComponent('Reception Bench-0.2.0.AppImage')}`)
    expect(image.status).toBe(200)
    expect(await image.text()).toBe('appimage-bytes')
    const blockmap = await fetch(`${server.url}/updates/Reception%20Bench-0.2.0.AppImage.blockmap`)
    expect(blockmap.headers.get('content-type')).toBe('application/octet-stream')
    expect([...new Uint8Array(await blockmap.arrayBuffer())]).toEqual([0x1f, 0x8b, 0x08])
  })
})
