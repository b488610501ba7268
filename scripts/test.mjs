#!/usr/bin/env node
// `npm test`: every check, in order, each step's output shown as it runs, stopping at the first
// step that fails with that step's exit code. Each step is also an npm script of its own
// (`npm run test:unit` …), so any one of them still runs alone.
//
// Set-up the steps share lives here rather than in each of them: the system tools are checked
// (and installed as root) first, and a throwaway PostgreSQL is started for the sync server's
// PostgreSQL cases when SYNC_TEST_DATABASE_URL is not set, and removed at the end. With CI set,
// a PostgreSQL that does not start fails the run; elsewhere those cases are reported skipped.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toolFinder } from './system-tools.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const env = { ...process.env }
const inCi = Boolean(env.CI) && !['false', '0'].includes(env.CI.toLowerCase())
const which = toolFinder(env)

let pgCluster = null
let child = null
let signalled = null

const say = (line) => console.log(`[npm test] ${line}`)

/** Runs one command with the terminal as its output; resolves to its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    child = spawn(command, args, { cwd: root, env, stdio: 'inherit' })
    child.on('error', (error) => {
      console.error(`[npm test] could not run ${command}: ${error.message}`)
      resolve(127)
    })
    child.on('exit', (code, signal) => {
      child = null
      resolve(code ?? 128 + (constants.signals[signal] ?? 0))
    })
  })
}

const npmRun = (script) => ({ name: `npm run ${script}`, go: () => run('npm', ['run', script]) })

function startPostgres() {
  if (env.SYNC_TEST_DATABASE_URL) {
    say(`PostgreSQL cases run against SYNC_TEST_DATABASE_URL (${env.SYNC_TEST_DATABASE_URL})`)
    return 0
  }
  const scratch = mkdtempSync(join(tmpdir(), 'rb-test-run-'))
  const clusterFile = join(scratch, 'cluster')
  const started = spawnSync('bash', ['test/support/postgres.sh'], {
    cwd: root,
    env: { ...env, PG_CLUSTER_FILE: clusterFile },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 120_000
  })
  try {
    if (started.status === 0) {
      env.SYNC_TEST_DATABASE_URL = started.stdout.trim()
      pgCluster = readFileSync(clusterFile, 'utf8').trim()
      say(`PostgreSQL for the sync server tests: ${env.SYNC_TEST_DATABASE_URL} (removed at the end)`)
      return 0
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  if (inCi) {
    console.error('[npm test] PostgreSQL did not start (see above) and CI is set: the PostgreSQL cases must run in CI, so the run fails.')
    return 1
  }
  say('PostgreSQL did not start (see above): the PostgreSQL cases of test/server are reported as skipped.')
  return 0
}

function stopPostgres() {
  if (!pgCluster) return
  spawnSync('bash', ['test/support/postgres.sh', 'stop', pgCluster], { cwd: root, stdio: 'inherit', timeout: 60_000 })
  pgCluster = null
}

// Without a display the Electron suite gets a virtual one (where the binary exists it opens windows).
const electronStep = {
  name: 'npm run test:electron',
  go: () => (!env.DISPLAY && which('xvfb-run') ? run('xvfb-run', ['-a', 'npm', 'run', 'test:electron']) : run('npm', ['run', 'test:electron']))
}

const steps = [
  { name: 'system tools', go: () => run(process.execPath, ['scripts/system-tools.mjs']) },
  { name: 'PostgreSQL', go: async () => startPostgres() },
  npmRun('rebuild:node'),
  npmRun('typecheck'),
  npmRun('lint'),
  npmRun('security'),
  npmRun('test:unit'),
  npmRun('build'),
  npmRun('test:e2e'),
  electronStep
]

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    signalled = signal
    child?.kill(signal)
  })
}

let status = 0
let failedStep = null
try {
  for (const [index, step] of steps.entries()) {
    say(`step ${index + 1}/${steps.length}: ${step.name}`)
    status = await step.go()
    if (signalled) status ||= 130
    if (status !== 0) {
      failedStep = step.name
      break
    }
  }
} finally {
  stopPostgres()
}
if (signalled) say(`stopped by ${signalled}`)
else if (failedStep) console.error(`[npm test] failed at "${failedStep}" (exit ${status})`)
else say(`all ${steps.length} steps passed`)
process.exit(status)
