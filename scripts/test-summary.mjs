// Adds up what every runner in an `npm test` log reported (vitest and each Playwright suite)
// and prints one closing line: `tests: N passed, N failed, N skipped`.
import { readFileSync } from 'node:fs'

// Colour codes start with ESC; built from its code so the pattern holds no control character.
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')
const log = readFileSync(process.argv[2], 'utf8').replace(ansi, '')
const totals = { passed: 0, failed: 0, skipped: 0 }
for (const line of log.split('\n')) {
  // vitest: "      Tests  287 passed (287)" or "Tests  1 failed | 286 passed (287)"
  const vitest = /^\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line)
  if (vitest) {
    for (const [, n, what] of vitest[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[what] += Number(n)
    continue
  }
  // Playwright's list reporter: "  5 passed (15.5s)", "  1 skipped", "  2 failed"
  const playwright = /^\s{2}(\d+) (passed|failed|skipped|flaky)\b/.exec(line)
  if (playwright) totals[playwright[2] === 'flaky' ? 'passed' : playwright[2]] += Number(playwright[1])
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
