import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { CHANNELS_FILE, channelsSource } from '../../../scripts/generate-channels'
import { EVENT_NAMES as CONTRACT_EVENTS, REQUEST_NAMES as CONTRACT_REQUESTS } from '../../../src/shared/contract'
import { EVENT_NAMES, REQUEST_NAMES } from '../../../src/shared/channels'

const root = resolve(import.meta.dirname, '../../..')

/** Modules a file loads at run time: its imports and re-exports, minus `import type` and `export type`. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  const specifiers: string[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text)
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text)
  }
  return specifiers
}

/** Every module reachable at run time from `entry`: files by path, packages by name. */
function runtimeGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) visit(`${resolve(dirname(file), specifier)}.ts`)
      else seen.add(specifier)
    }
  }
  visit(entry)
  return seen
}

describe('the generated channel list (src/shared/channels.generated.ts)', () => {
  it('is what scripts/generate-channels.ts writes from the contract now (run `npm run generate:channels` when this fails)', () => {
    expect(readFileSync(CHANNELS_FILE, 'utf8')).toBe(channelsSource())
  })

  it('names exactly the contract’s requests and events, in its order', () => {
    expect(REQUEST_NAMES).toEqual(CONTRACT_REQUESTS)
    expect(EVENT_NAMES).toEqual(CONTRACT_EVENTS)
  })

  it('is stale as soon as the contract gains a request', () => {
    expect(channelsSource([...CONTRACT_REQUESTS, 'labels.new'])).not.toBe(readFileSync(CHANNELS_FILE, 'utf8'))
  })

  it('keeps the preload free of zod and of the schemas: it loads only the name lists', () => {
    const graph = runtimeGraph(resolve(root, 'src/preload/index.ts'))
    expect([...graph].map((file) => file.replace(`${root}/`, '')).sort()).toEqual(
      ['electron', 'src/preload/index.ts', 'src/shared/bench-api.ts', 'src/shared/channels.ts', 'src/shared/channels.generated.ts'].sort()
    )
  })
})
