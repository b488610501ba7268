import { app, session, shell, type WebContents } from 'electron'
import { isAllowedExternalUrl, isTrustedRendererUrl } from './trusted-sender'
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy'

/**
 * Process-wide hardening, applied before any window exists: no navigation away from the app,
 * no new windows, no <webview>, no permissions, and a CSP header on everything we serve.
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
      if (isAllowedExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    session.defaultSession.setPermissionCheckHandler(() => false)
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    })
  })
}
