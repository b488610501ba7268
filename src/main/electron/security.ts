import { app, session, shell, type WebContents } from 'electron'
import { isAllowedExternalUrl, isBlockedRemoteRequest, isTrustedRendererUrl } from './trusted-sender'
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy'

/** The one way out of the app to the OS: only allow-listed schemes (https, mailto) ever reach the shell. */
export function openExternalSafely(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false
  void shell.openExternal(url)
  return true
}

/**
 * Process-wide hardening, applied before any window exists: no navigation away from the app,
 * no new windows, no <webview>, no permissions, no remote requests, and a CSP header on
 * everything served over http (the file:// page carries the same policy in its meta tag).
 */
export function hardenElectron(rendererEntry: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedRendererUrl(url, rendererEntry)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedRendererUrl(url, rendererEntry)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url)
      return { action: 'deny' }
    })
  })
  void app.whenReady().then(() => {
    const defaults = session.defaultSession
    defaults.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    defaults.setPermissionCheckHandler(() => false)
    defaults.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isBlockedRemoteRequest(details.url, rendererEntry) }))
    defaults.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    })
  })
}
