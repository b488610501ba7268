/**
 * The renderer's Content-Security-Policy: only the app's own code, no eval, no remote anything.
 * `connectSources` is widened by the browser harness alone, for its loopback WebSocket.
 * `worker-src 'self'` admits the pdf.js worker the in-app PDF viewer starts from the bundle's own
 * file (no blob: workers, and pdf.js runs with isEvalSupported: false so no 'unsafe-eval').
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
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
