import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * package.json's `engines.node` is the Node the suite is run on. A dependency whose own engines
 * leave out one of those versions makes `npm ci` warn EBADENGINE; each such dependency is listed
 * here with why it is fine there, and the why is checked, so a new warning or a reason that
 * stopped being true fails this test rather than being read past in the install log.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const require = createRequire(join(ROOT, 'package.json'))

interface Semver {
  satisfies(version: string, range: string): boolean
  minVersion(range: string): { version: string } | null
}
const semver = require('semver') as Semver

type Reason =
  /** Bundled into the renderer, which runs in Chromium: no Node code imports it. */
  | { kind: 'renderer-only' }
  /** Imported only by Electron adapters, so it runs on Electron's own Node, not the system's. */
  | { kind: 'electron-only' }
  /** Runs on the system's Node; `probe` exercises it on the Node running this test. */
  | { kind: 'runs-here'; why: string; probe: () => Promise<boolean> }

// ESM-only packages that CommonJS code loads with require(): Node 20.19 can, as 22.12 can, which
// is why these packages name 22.12 as their floor.
const REQUIRE_ESM = 'ESM loaded with require(), which Node 20.19+ supports'

const ENGINE_EXCEPTIONS: Record<string, Reason> = {
  i18next: { kind: 'renderer-only' },
  'react-i18next': { kind: 'renderer-only' },
  'electron-store': { kind: 'electron-only' },
  conf: {
    kind: 'runs-here',
    why: "electron-store's store; the settings tests run it as electron-store's Node twin",
    probe: async () => {
      type ConfStore = { set(key: string, value: unknown): void; get(key: string): unknown }
      const { default: Conf } = (await import('conf')) as { default: new (options: { cwd: string; projectName: string }) => ConfStore }
      const cwd = mkdtempSync(join(tmpdir(), 'rb-conf-'))
      try {
        const store = new Conf({ cwd, projectName: 'engines-probe' })
        store.set('answer', 42)
        return store.get('answer') === 42
      } finally {
        rmSync(cwd, { recursive: true, force: true })
      }
    }
  },
  // electron's install script (it downloads the binary, where the network allows) is CommonJS.
  electron: { kind: 'runs-here', why: `its install script requires @electron/get, ${REQUIRE_ESM}`, probe: async () => typeof fromPackage('electron', '@electron/get').downloadArtifact === 'function' },
  '@electron/get': { kind: 'runs-here', why: REQUIRE_ESM, probe: async () => typeof fromPackage('electron', '@electron/get').downloadArtifact === 'function' },
  '@electron-internal/extract-zip': { kind: 'runs-here', why: REQUIRE_ESM, probe: async () => typeof fromPackage('electron', '@electron-internal/extract-zip').default === 'function' },
  // electron-builder's install-app-deps (npm start, npm run dist) rebuilds native modules with these.
  '@electron/rebuild': { kind: 'runs-here', why: REQUIRE_ESM, probe: async () => typeof fromPackage('app-builder-lib', '@electron/rebuild').rebuild === 'function' },
  'node-abi': {
    kind: 'runs-here',
    why: REQUIRE_ESM,
    probe: async () => {
      const nodeAbi = createRequire(join(packageDir('app-builder-lib', '@electron/rebuild'), 'package.json'))('node-abi') as { getAbi(target: string, runtime: string): string }
      return Number(nodeAbi.getAbi(electronVersion(), 'electron')) > 0
    }
  }
}

/** `dependency` as `dependent` (from its own folder) requires it. */
function fromPackage(dependent: string, dependency: string): Record<string, unknown> {
  return createRequire(join(ROOT, 'node_modules', dependent, 'package.json'))(dependency) as Record<string, unknown>
}

function packageDir(dependent: string, dependency: string): string {
  const lockPaths = [`node_modules/${dependent}/node_modules/${dependency}`, `node_modules/${dependency}`]
  const found = lockPaths.find((path) => lock.packages[path])
  return join(ROOT, found ?? lockPaths[1]!)
}

function electronVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version
}

interface LockEntry {
  version?: string
  engines?: { node?: string }
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }

/** The lowest version of each `||` alternative: every Node line we claim, at its floor. */
const ourFloors = pkg.engines.node.split('||').map((range) => semver.minVersion(range.trim())!.version)

/** Installed packages (by name) whose engines leave out one of our floors. */
function warnings(): Map<string, { version: string; engines: string; rejects: string[] }> {
  const found = new Map<string, { version: string; engines: string; rejects: string[] }>()
  for (const [path, entry] of Object.entries(lock.packages)) {
    const engines = entry.engines?.node
    if (!path || !engines) continue
    const rejects = ourFloors.filter((floor) => !semver.satisfies(floor, engines))
    if (rejects.length > 0) found.set(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), { version: entry.version ?? '?', engines, rejects })
  }
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|mjs|cjs|js)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

/** Files of the project (not node_modules, not build output) that import `name`. */
function importers(name: string): string[] {
  const pattern = new RegExp(`(from\\s+|import\\(|require\\()'${name.replace(/[/.-]/g, '\\$&')}'`)
  return ['src', 'server', 'bench', 'scripts', 'test']
    .flatMap((dir) => sourceFiles(join(ROOT, dir)))
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((file) => relative(ROOT, file))
}

describe('Node versions (package.json engines) and the dependencies that ask for more', () => {
  it('claims no Node older than 20.19, the first that loads ESM packages with require()', () => {
    expect(ourFloors.length).toBeGreaterThan(0)
    for (const floor of ourFloors) expect(semver.satisfies(floor, '>=20.19.0'), floor).toBe(true)
  })

  it('lists every dependency that warns EBADENGINE, and no more', () => {
    expect([...warnings().keys()].sort()).toEqual(Object.keys(ENGINE_EXCEPTIONS).sort())
  })

  describe.each(Object.entries(ENGINE_EXCEPTIONS))('%s', (name, reason) => {
    if (reason.kind === 'renderer-only') {
      it('is imported by the renderer only (it runs in Chromium)', () => {
        const outside = importers(name).filter((file) => !file.startsWith('src/renderer/'))
        expect(outside).toEqual([])
      })
    } else if (reason.kind === 'electron-only') {
      it("is imported by Electron adapters only (it runs on Electron's Node)", () => {
        const files = importers(name)
        expect(files.length).toBeGreaterThan(0)
        expect(files.filter((file) => !/^src\/main\/(index\.ts$|electron\/)/.test(file) && !file.startsWith('test/'))).toEqual([])
      })
    } else {
      it(`runs on this Node (${reason.why})`, async () => {
        expect(await reason.probe()).toBe(true)
      })
    }
  })
})
