import { describe, expect, it } from 'vitest'
import { isAllowedExternalUrl, isTrustedRendererUrl } from '../../../src/main/electron/trusted-sender'

describe('isTrustedRendererUrl', () => {
  const fileEntry = 'file:///opt/bench/resources/app.asar/out/renderer/index.html'
  it('accepts the app page itself, with a hash route', () => {
    expect(isTrustedRendererUrl(`${fileEntry}#/protocols`, fileEntry)).toBe(true)
  })
  it('refuses other local files, remote pages and garbage', () => {
    expect(isTrustedRendererUrl('file:///tmp/evil.html', fileEntry)).toBe(false)
    expect(isTrustedRendererUrl('https://example.org/', fileEntry)).toBe(false)
    expect(isTrustedRendererUrl('not a url', fileEntry)).toBe(false)
  })
  it('in development, accepts only the dev server origin', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
  })
})

describe('isAllowedExternalUrl', () => {
  it('allows https and mailto only', () => {
    expect(isAllowedExternalUrl('https://lab.example/help')).toBe(true)
    expect(isAllowedExternalUrl('mailto:vet@example.org')).toBe(true)
    for (const url of ['http://lab.example', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', '']) {
      expect(isAllowedExternalUrl(url)).toBe(false)
    }
  })
})
