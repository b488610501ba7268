import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * Pure-JavaScript packages the main process (and the worker entry) carries inside its bundle
 * instead of loading from node_modules at start: zod alone is some sixty module files to resolve
 * and compile one by one, about 70 ms of every start; bundled, only what is used is kept. Native
 * and Electron-only packages (better-sqlite3, electron-store, electron-updater), those loaded on
 * demand (jspdf, exceljs, nodemailer, pg) and fflate (its ESM build declares a top-level
 * `require`, which collides with the bundle's own) stay outside. The bench's built harness uses
 * the same list; test/unit/shell/built-app.test.ts loads the built main process.
 */
export const MAIN_BUNDLED_PACKAGES = ['zod', 'croner', 'uuid']

export default defineConfig({
  main: {
    // The release key is built in, never read at run time; a lab signing its own releases sets it here (release-key.ts).
    define: { __RB_UPDATE_PUBLIC_KEY__: JSON.stringify(process.env['RB_UPDATE_PUBLIC_KEY'] ?? '') },
    build: {
      externalizeDeps: { exclude: MAIN_BUNDLED_PACKAGES },
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // The worker entry is its own file so utilityProcess.fork can start it (see electron-worker.ts).
          worker: resolve('src/workers/entry.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): one self-contained CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      // What the first screen loads is parsed on every start: minified, it is a fraction of the source.
      minify: true,
      sourcemap: process.env['RENDERER_SOURCEMAP'] === '1',
      rolldownOptions: {
        input: { index: resolve('src/renderer/index.html') },
        // A schema built at module level and never used is dead code: without this hint every
        // z.object(...) of a shared module the page imports for one constant stays in the bundle.
        treeshake: { manualPureFunctions: ['z'] }
      }
    },
    plugins: [react()]
  }
})
