import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    // The release key is built in, never read at run time; a lab signing its own releases sets it here (release-key.ts).
    define: { __RB_UPDATE_PUBLIC_KEY__: JSON.stringify(process.env['RB_UPDATE_PUBLIC_KEY'] ?? '') },
    build: {
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
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } }
    },
    plugins: [react()]
  }
})
