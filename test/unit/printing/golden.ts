/**
 * Golden files for printer bytes: the exact bytes a printer receives, stored next to the tests.
 * `UPDATE_GOLDEN=1 npx vitest run test/unit/printing` rewrites them after a deliberate change;
 * review the diff like code, since a printer will print exactly that.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

const GOLDEN_DIR = fileURLToPath(new URL('./golden', import.meta.url))

export function expectGolden(name: string, bytes: Uint8Array): void {
  const path = join(GOLDEN_DIR, name)
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, bytes)
  if (!existsSync(path)) throw new Error(`golden file ${name} is missing; create it with UPDATE_GOLDEN=1 and review it`)
  const golden = readFileSync(path)
  // Compared as text first for a readable diff, then byte for byte.
  expect(Buffer.from(bytes).toString('utf8')).toBe(golden.toString('utf8'))
  expect(Buffer.compare(Buffer.from(bytes), golden)).toBe(0)
}
