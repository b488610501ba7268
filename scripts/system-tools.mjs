#!/usr/bin/env node
// First step of `npm test` (and so of `.ci/run`): the system tools the suite drives for real
// must be on this machine. As root with apt-get the missing Debian/Ubuntu packages are installed;
// otherwise the run stops at once with one line naming the packages and the command to run,
// instead of dozens of failures deep into the suite.
//
// Where tools are looked for: $PATH, then SYSTEM_TOOLS_EXTRA_DIRS (default below: cupsd and
// lpadmin live in /usr/sbin, which is not on a normal user's PATH; Debian keeps the PostgreSQL
// server binaries under /usr/lib/postgresql/<version>/bin, which is on nobody's PATH). Tests
// set SYSTEM_TOOLS_EXTRA_DIRS='' to see this machine as a fresh one.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, readdirSync, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The one list: each package and the commands of it the suite (or test/support) runs. */
export const REQUIREMENTS = [
  // End-to-end suite and renderer benchmark (Playwright drives Debian's Chromium, CHROMIUM_PATH overrides).
  { package: 'chromium', tools: ['chromium'] },
  // A private CUPS scheduler for the raw-queue printing tests (test/support/cups.ts).
  { package: 'cups', tools: ['cupsd'] },
  // lp/lpstat are what the CUPS driver runs; lpadmin/cupsenable make the tests' raw queues.
  // (lpr and friends, in cups-bsd, are not used.)
  { package: 'cups-client', tools: ['lp', 'lpstat', 'lpadmin', 'cupsenable'] },
  // The PDF tests read back labels, work orders and reports.
  { package: 'poppler-utils', tools: ['pdftoppm', 'pdftotext', 'pdfinfo'] },
  // A display for the Electron suite where there is none (xvfb-run needs xauth).
  { package: 'xvfb', tools: ['Xvfb', 'xvfb-run'] },
  { package: 'xauth', tools: ['xauth'] },
  // The throwaway cluster of the sync server's PostgreSQL tests (test/support/postgres.sh).
  { package: 'postgresql', tools: ['initdb', 'pg_ctl', 'createdb'] }
]

export const DEFAULT_EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/lib/postgresql/*/bin'].join(delimiter)

/** Directories a `*` segment stands for (one level, as a shell glob would expand it). */
function expand(pattern) {
  const star = pattern.split('/').indexOf('*')
  if (star < 0) return [pattern]
  const segments = pattern.split('/')
  const parent = segments.slice(0, star).join('/') || '/'
  let names
  try {
    names = readdirSync(parent)
  } catch {
    return []
  }
  return names.flatMap((name) => expand([parent, name, ...segments.slice(star + 1)].join('/')))
}

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** A `which` over the given directories (PATH first, then the extra ones). */
export function toolFinder(env) {
  const dirs = [...(env.PATH ?? '').split(delimiter), ...(env.SYSTEM_TOOLS_EXTRA_DIRS ?? DEFAULT_EXTRA_DIRS).split(delimiter)]
    .filter(Boolean)
    .flatMap(expand)
  if (env.PG_BIN) dirs.push(env.PG_BIN)
  return (tool) => {
    if (tool === 'chromium' && env.CHROMIUM_PATH && isExecutableFile(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH
    for (const dir of dirs) {
      const candidate = join(dir, tool)
      if (isExecutableFile(candidate)) return candidate
    }
    return null
  }
}

/** Requirements with at least one tool `which` cannot find, each with the tools it lacks. */
export function missingRequirements(which, requirements = REQUIREMENTS) {
  return requirements
    .map((requirement) => ({ package: requirement.package, tools: requirement.tools.filter((tool) => !which(tool)) }))
    .filter((requirement) => requirement.tools.length > 0)
}

export function installCommand(packages, asRoot) {
  const sudo = asRoot ? '' : 'sudo '
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(' ')}`
}

/** The one line that stops the run. */
export function missingMessage(missing, { root, aptGet }) {
  const packages = missing.map((requirement) => requirement.package)
  const tools = missing.flatMap((requirement) => requirement.tools)
  const head = `Missing system tools for the tests: ${tools.join(', ')} (packages: ${packages.join(' ')}).`
  if (!aptGet) return `${head} No apt-get here: install these Debian/Ubuntu packages (or their equivalents) with this system's package manager, then run npm test again.`
  if (root) return `${head} Installing them failed: run ${installCommand(packages, true)} and read its error.`
  return `${head} Install them with: ${installCommand(packages, false)} (or run npm test as root, which installs them).`
}

function main() {
  const env = process.env
  let which = toolFinder(env)
  const missing = missingRequirements(which)
  if (missing.length === 0) {
    console.log(`system tools: all present (${REQUIREMENTS.map((requirement) => requirement.package).join(', ')})`)
    return 0
  }
  const root = process.getuid?.() === 0
  const aptGet = which('apt-get')
  if (!root || !aptGet) {
    console.error(missingMessage(missing, { root, aptGet: Boolean(aptGet) }))
    return 1
  }
  const packages = missing.map((requirement) => requirement.package)
  console.log(`system tools: installing ${packages.join(' ')} (apt-get, as root)`)
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [['update', '-q'], ['install', '-y', '-q', ...packages]]) {
    const result = spawnSync(aptGet, args, { stdio: 'inherit', env: aptEnv })
    if (result.status !== 0) {
      console.error(missingMessage(missing, { root, aptGet: true }))
      return 1
    }
  }
  which = toolFinder(env)
  const still = missingRequirements(which)
  if (still.length > 0) {
    console.error(missingMessage(still, { root, aptGet: true }))
    return 1
  }
  console.log(`system tools: installed ${packages.join(' ')}`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main()
