import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseRange, updateFilePath } from '../../server/src/updates'
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
    expect(parseRange('bytes=0-3', 10)).toEqual({ start: 0, end: 3 })
    expect(parseRange('bytes=-4', 10)).toEqual({ start: 6, end: 9 })
    expect(parseRange('bytes=8-', 10)).toEqual({ start: 8, end: 9 })
    expect(parseRange('bytes=12-14', 10)).toBe('invalid')
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull()
    expect(updateFilePath('/srv/updates', 'a/../../etc/passwd')).toBeNull()
    expect(updateFilePath('/srv/updates', 'win/latest.yml')).toBe('/srv/updates/win/latest.yml')
  })
})
