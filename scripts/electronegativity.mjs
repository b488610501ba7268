#!/usr/bin/env node
/**
 * `npm run security`: Electronegativity over the sources, offline. Fails on any HIGH or MEDIUM
 * finding that the reviewed allow-list (security/electronegativity-allowlist.json) does not
 * explain by check id + file + reason. Writes the findings as JSON and CSV for CI artifacts.
 *
 *   node scripts/electronegativity.mjs [--input src] [--allowlist FILE] [--out-dir test-results/security]
 */
import Module, { createRequire } from 'node:module'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'

const root = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    input: { type: 'string', default: 'src' },
    allowlist: { type: 'string', default: 'security/electronegativity-allowlist.json' },
    'out-dir': { type: 'string', default: 'test-results/security' }
  }
})
const input = resolve(root, values.input)
const require = createRequire(import.meta.url)

/**
 * Offline by construction: the tool fetches translations (and, in one global check, Electron's
 * release list) with `got`. That module is replaced before the tool loads, so nothing leaves the
 * machine and the run does not wait for a network timeout.
 */
function stubNetwork() {
  const toolRequire = Module.createRequire(require.resolve('@doyensec/electronegativity/dist/locales/i18n.js'))
  const offline = () => Promise.reject(new Error('offline: electronegativity runs without network here'))
  for (const id of ['got']) {
    const resolved = toolRequire.resolve(id)
    require.cache[resolved] = { id: resolved, filename: resolved, loaded: true, exports: Object.assign(offline, { default: offline }) }
  }
}

/** Fails where the scanner could not read a file that talks to Electron: unscanned is not clean. */
const mustParse = (file) => /^src\/(main\/(index|electron-[^/]+)\.ts|preload\/)/.test(file)

const SEVERE = new Set(['HIGH', 'MEDIUM'])

function loadAllowlist(file) {
  const entries = JSON.parse(readFileSync(file, 'utf8'))
  if (!Array.isArray(entries)) throw new Error(`${file}: expected an array of { check, file, reason }`)
  for (const entry of entries) {
    if (typeof entry.check !== 'string' || typeof entry.file !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim().length < 20) {
      throw new Error(`${file}: every entry needs check, file and a real reason (got ${JSON.stringify(entry)})`)
    }
  }
  return entries
}

const csvCell = (value) => `"${String(value).replace(/"/g, '""')}"`

async function main() {
  stubNetwork()
  const run = require('@doyensec/electronegativity')
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
  const result = await run(
    {
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      // Needs GitHub's release list; Electron upgrades are Dependabot's job, not this gate's.
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      severitySet: 'informational',
      confidenceSet: 'tentative'
    },
    false
  )
  const allowlist = loadAllowlist(resolve(root, values.allowlist))
  const used = new Set()
  const findings = result.issues.map((issue) => {
    const file = relative(root, join(input, issue.file)).split(sep).join('/')
    const severity = issue.severity.name
    const entry = allowlist.find((candidate) => candidate.check === issue.id && candidate.file === file)
    if (entry) used.add(entry)
    return {
      check: issue.id,
      severity,
      confidence: issue.confidence.name,
      file,
      line: issue.location.line,
      column: issue.location.column,
      manualReview: Boolean(issue.manualReview),
      description: issue.description,
      allowed: entry ? entry.reason : null
    }
  })
  const unexplained = findings.filter((finding) => SEVERE.has(finding.severity) && !finding.allowed)
  const parseFailures = result.errors.filter((error) => !error.tolerable).map((error) => ({ file: relative(root, error.file).split(sep).join('/'), message: error.message }))

  const outDir = resolve(root, values['out-dir'])
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'electronegativity.json'), `${JSON.stringify({ electronVersion, input: relative(root, input), findings, parseFailures }, null, 2)}\n`)
  const header = ['check', 'severity', 'confidence', 'file', 'line', 'column', 'allowed']
  writeFileSync(
    join(outDir, 'electronegativity.csv'),
    [header.join(','), ...findings.map((finding) => header.map((key) => csvCell(finding[key] ?? '')).join(','))].join('\n') + '\n'
  )

  console.log(`electronegativity ${result.globalChecks + result.atomicChecks} checks on ${relative(root, input)}/ (Electron ${electronVersion}): ${findings.length} findings`)
  for (const finding of findings) {
    const mark = finding.allowed ? 'allowed' : SEVERE.has(finding.severity) ? 'FAIL   ' : 'note   '
    console.log(`  ${mark} ${finding.severity.padEnd(13)} ${finding.check} ${finding.file}:${finding.line}${finding.allowed ? ` (${finding.allowed})` : ''}`)
  }
  for (const entry of allowlist.filter((candidate) => !used.has(candidate))) {
    console.log(`  stale allow-list entry (nothing matches it any more, remove it): ${entry.check} ${entry.file}`)
  }
  for (const failure of parseFailures) console.log(`  could not scan ${failure.file}: ${failure.message}`)
  const unscanned = parseFailures.filter((failure) => mustParse(failure.file))
  if (unexplained.length > 0 || unscanned.length > 0) {
    console.error(
      `electronegativity: ${unexplained.length} high/medium finding(s) not explained in ${values.allowlist}` +
        (unscanned.length > 0 ? `, ${unscanned.length} Electron file(s) could not be scanned` : '') +
        '. Fix them, or add a reviewed { check, file, reason } entry.'
    )
    process.exitCode = 1
  } else {
    console.log(`electronegativity: no unexplained high or medium findings (report in ${relative(root, outDir)}/)`)
  }
}

await main()
