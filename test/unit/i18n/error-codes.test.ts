import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  ALL_ERROR_CODES,
  JOB_ERROR_CODES,
  PRINTER_STATE_CODES,
  REQUEST_ERROR_CODES,
  SYNC_CONFLICT_CODES,
  SYNC_ERROR_CODES,
  VALIDATION_RULE_CODES
} from '../../../src/shared/error-codes'
import { es } from '../../../src/renderer/src/i18n/es'
import { en } from '../../../src/renderer/src/i18n/en'

const catalogues = { es, en } as const
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort()

const root = join(import.meta.dirname, '../../..')
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name)
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Codes written literally where an error is raised, in the bench's main process and in the lab server. */
function codesRaisedIn(dirs: string[]): Map<string, string> {
  const patterns = [
    /new HandledError\(\s*'([a-z_]+)'/g,
    /new HandledError\(\s*[^,]+\?\s*'([a-z_]+)'\s*:\s*'([a-z_]+)'/g,
    /new (?:RetryableJobError|JobWaitingError)\(\s*'([a-z_]+)'/g,
    /\bcode: '([a-z_]+)'/g,
    /new ApiError\(\s*\d+,\s*'([a-z_]+)'/g,
    /new SyncError\(\s*'[a-z]+',\s*'([a-z_]+)'/g,
    /\bfail\(\s*'[a-z]+',\s*'([a-z_]+)'/g
  ]
  const found = new Map<string, string>()
  for (const file of dirs.flatMap(sources)) {
    const text = readFileSync(join(root, file), 'utf8')
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) for (const code of match.slice(1)) if (code) found.set(code, file)
  }
  return found
}

/**
 * The arguments of every `new HandledError(…)` in the sources, split at their top-level commas
 * (strings and template literals skipped), so a test can see whether parameters are passed.
 */
function handledErrorCalls(dirs: string[]): { file: string; code: string; args: number }[] {
  const calls: { file: string; code: string; args: number }[] = []
  for (const file of dirs.flatMap(sources)) {
    const text = readFileSync(join(root, file), 'utf8')
    for (const match of text.matchAll(/new HandledError\(\s*'([a-z_]+)'/g)) {
      let depth = 1
      let args = 1
      let quote: string | null = null
      for (let i = match.index + 'new HandledError('.length; i < text.length && depth > 0; i += 1) {
        const char = text[i]!
        if (quote) {
          if (char === '\\') i += 1
          else if (char === quote) quote = null
          continue
        }
        if (char === "'" || char === '"' || char === '`') quote = char
        else if ('([{'.includes(char)) depth += 1
        else if (')]}'.includes(char)) depth -= 1
        else if (char === ',' && depth === 1) args += 1
      }
      calls.push({ file, code: match[1]!, args })
    }
  }
  return calls
}

describe('every error code has its words in Spanish and English', () => {
  it.each(Object.keys(catalogues) as (keyof typeof catalogues)[])('errors.<code> in %s, for request, job, sync and conflict codes', (language) => {
    const errors = catalogues[language].errors as Record<string, string>
    const missing = ALL_ERROR_CODES.filter((code) => !(typeof errors[code] === 'string' && errors[code]!.trim().length > 0))
    expect(missing).toEqual([])
  })

  it('the catalogue lists every kind of code it promises', () => {
    for (const list of [REQUEST_ERROR_CODES, JOB_ERROR_CODES, SYNC_ERROR_CODES, SYNC_CONFLICT_CODES]) {
      for (const code of list) expect(ALL_ERROR_CODES).toContain(code)
    }
  })

  it('Spanish and English fill in the same parameters', () => {
    for (const code of ALL_ERROR_CODES) {
      expect([code, placeholders((en.errors as Record<string, string>)[code] ?? '')]).toEqual([code, placeholders((es.errors as Record<string, string>)[code] ?? '')])
    }
  })

  it('every field rule, printer state and printer wait has its words', () => {
    for (const catalogue of Object.values(catalogues)) {
      for (const rule of VALIDATION_RULE_CODES) expect((catalogue.rules as Record<string, string>)[rule], rule).toBeTruthy()
      for (const state of PRINTER_STATE_CODES) expect((catalogue.printer.reasons as Record<string, string>)[state], state).toBeTruthy()
      for (const code of JOB_ERROR_CODES.filter((code) => code.startsWith('printer_'))) {
        expect((catalogue.printerWaits as Record<string, string>)[code], code).toBeTruthy()
      }
    }
  })

  it('every code raised in the main process or the lab server is in the catalogue', () => {
    const raised = codesRaisedIn(['src/main', 'server/src'])
    // The check reads the raising sites; it must be finding them.
    expect(raised.size).toBeGreaterThan(30)
    for (const known of ['numbers_exhausted', 'pairing_code_invalid', 'no_printer', 'entity_deleted']) expect([...raised.keys()]).toContain(known)
    const unknown = [...raised].filter(([code]) => !ALL_ERROR_CODES.includes(code)).map(([code, file]) => `${code} (${file})`)
    expect(unknown).toEqual([])
  })

  it('a code whose words have {{parameters}} is raised with its parameters', () => {
    const calls = handledErrorCalls(['src/main'])
    expect(calls.length).toBeGreaterThan(30)
    const esErrors = es.errors as Record<string, string>
    // A template text with a comma inside must not count as a second argument.
    expect(calls.find((call) => call.code === 'protocol_billed_elsewhere')?.args).toBe(3)
    const bare = calls
      .filter((call) => placeholders(esErrors[call.code] ?? '').length > 0 && call.args < 3)
      .map((call) => `${call.code} (${call.file})`)
    expect(bare).toEqual([])
  })
})
