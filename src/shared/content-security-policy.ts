/**
 * The renderer's Content-Security-Policy: only the app's own code, no eval, no remote anything.
 * `connectSources` is widened by the browser harness alone, for its loopback WebSocket.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${connectSources.map((source) => ` ${source}`).join('')}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()
