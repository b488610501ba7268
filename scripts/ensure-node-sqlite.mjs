// better-sqlite3 is a native module built for one ABI at a time: `npm start` rebuilds it for
// Electron, the tests and the harness need it for Node. Rebuild only when the current build
// does not load in this Node, so `npm start` then `npm test` (and the reverse) both work.
import { execSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
try {
  const Database = require('better-sqlite3')
  new Database(':memory:').close()
} catch (error) {
  console.log(`better-sqlite3 does not load in Node ${process.version} (${error.code ?? error.message}); rebuilding for Node…`)
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' })
}
