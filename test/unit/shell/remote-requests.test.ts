import { describe, expect, it } from 'vitest'
import { isBlockedRemoteRequest } from '../../../src/main/electron/trusted-sender'

describe('no remote content: isBlockedRemoteRequest', () => {
  const fileEntry = 'file:///opt/bench/resources/app.asar/out/renderer/index.html'
  it('blocks every network request of a packaged page, whatever the host', () => {
    for (const url of ['https://cdn.example/react.js', 'http://127.0.0.1:9100/', 'wss://evil.example/', 'ftp://files.example/x', 'not a url']) {
      expect(isBlockedRemoteRequest(url, fileEntry)).toBe(true)
    }
  })
  it('lets the app\'s own local resources through', () => {
    for (const url of [`${fileEntry}#/reports`, 'file:///opt/bench/resources/app.asar/out/renderer/assets/index.js', 'data:image/png;base64,AA==', 'blob:file:///1234', 'devtools://devtools/bundled/inspector.html']) {
      expect(isBlockedRemoteRequest(url, fileEntry)).toBe(false)
    }
  })
  it('in development, allows only the dev server (and its hot-reload socket)', () => {
    const dev = 'http://localhost:5173'
    expect(isBlockedRemoteRequest('http://localhost:5173/src/main.tsx', dev)).toBe(false)
    expect(isBlockedRemoteRequest('ws://localhost:5173/', dev)).toBe(false)
    expect(isBlockedRemoteRequest('http://localhost:5174/', dev)).toBe(true)
    expect(isBlockedRemoteRequest('https://fonts.example/font.woff2', dev)).toBe(true)
  })
})
