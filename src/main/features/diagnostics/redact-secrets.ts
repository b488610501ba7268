const SECRET_KEY = /(secret|token|password|passphrase|pin|hash|private|credential|apikey|api_key|signature)/i

/**
 * A copy safe to hand to support: values under secret-looking keys are replaced, so neither PIN
 * hashes nor pairing keys nor a signature image leave the bench in a diagnostics archive.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) && inner !== null && typeof inner !== 'boolean' ? redactedMark(inner) : redactSecrets(inner)])
  )
}

const redactedMark = (value: unknown): string => (typeof value === 'string' ? `[redacted, ${value.length} chars]` : '[redacted]')
