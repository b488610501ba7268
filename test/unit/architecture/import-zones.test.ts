import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const eslint = new ESLint({ cwd: root })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) })
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message)
}

/** The lint rule of docs/architecture.md: dependencies point one way. */
describe('import zones', () => {
  it.each([
    ['src/main/platform/queue/example.ts', "import { createSyncModule } from '../../features/sync/sync-module'\nexport const x = createSyncModule\n"],
    ['src/main/platform/db/example.ts', "import { createBenchHost } from '../../host'\nexport const x = createBenchHost\n"],
    ['src/main/features/reception/example.ts', "import { createBenchHost } from '../../host'\nexport const x = createBenchHost\n"],
    ['src/main/features/printing/example.ts', "import { hardenElectron } from '../../electron/security'\nexport const x = hardenElectron\n"],
    ['src/workers/renderers/example.ts', "import { openDatabase } from '../../main/platform/db/database'\nexport const x = openDatabase\n"],
    ['src/shared/example.ts', "import { openDatabase } from '../main/platform/db/database'\nexport const x = openDatabase\n"],
    ['src/shared/example.ts', "import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n"],
    ['src/main/features/sync/example.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/renderer/src/example.ts', "import { openDatabase } from '../../main/platform/db/database'\nexport const x = openDatabase\n"],
    ['server/src/example.ts', "import { createSyncModule } from '../../src/main/features/sync/sync-module'\nexport const x = createSyncModule\n"]
  ])('refuses a wrong-way import in %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toHaveLength(1)
  })

  it.each([
    ['src/main/features/reception/example.ts', "import { openDatabase } from '../../platform/db/database'\nexport const x = openDatabase\n"],
    ['src/main/features/bulk/example.ts', "import { createReceptionService } from '../reception/reception-service'\nexport const x = createReceptionService\n"],
    ['src/workers/renderers/example.ts', "import { layoutLabel } from '../../shared/label-layout'\nexport const x = layoutLabel\n"],
    ['server/src/example.ts', "import { signRequest } from '../../src/main/features/sync/signing'\nexport const x = signRequest\n"],
    ['src/main/electron/example.ts', "import { app } from 'electron'\nexport const x = app\n"]
  ])('allows the right-way import in %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([])
  })
})
