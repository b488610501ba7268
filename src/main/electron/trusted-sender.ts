/**
 * Decides whether a frame URL belongs to the app's own renderer. Main asks this for every IPC
 * message before a handler sees it: a navigated, injected or third-party frame gets nothing.
 */
export function isTrustedRendererUrl(frameUrl: string, rendererEntry: string): boolean {
  let frame: URL
  let entry: URL
  try {
    frame = new URL(frameUrl)
    entry = new URL(rendererEntry)
  } catch {
    return false
  }
  if (entry.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === entry.pathname
  return frame.protocol === entry.protocol && frame.host === entry.host
}

const EXTERNAL_SCHEMES = new Set(['https:', 'mailto:'])

/** Links a clerk may open outside the app (help pages, a veterinarian's e-mail); anything else is dropped. */
export function isAllowedExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_SCHEMES.has(new URL(url).protocol)
  } catch {
    return false
  }
}

const REMOTE_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:'])

/**
 * The page never loads anything from the network: a request to a remote scheme is cancelled
 * unless it goes to the renderer's own origin (the dev server in development). Local schemes
 * (file:, data:, blob:, the built-in PDF viewer) are the app's own and pass.
 */
export function isBlockedRemoteRequest(url: string, rendererEntry: string): boolean {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return true
  }
  if (!REMOTE_SCHEMES.has(target.protocol)) return false
  let entry: URL
  try {
    entry = new URL(rendererEntry)
  } catch {
    return true
  }
  // The dev server's hot reload talks over ws: to the same host as the page.
  return entry.protocol === 'file:' || target.host !== entry.host
}
