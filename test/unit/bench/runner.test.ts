/**
 * The bench runner run for real (`tsx bench/run.ts`, as `npm run bench` does) on fake areas,
 * so its exit status and its `--json` object are what the tests see, with no timing involved.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { judge, parseArgs, report } from '../../../bench/runner'
import { BUDGETS as FAKE_BUDGETS } from './fake-areas/budgets'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const FAKE_AREAS = fileURLToPath(new URL('./fake-areas', import.meta.url))

interface Ran {
  status: number | null
  stdout: string
  stderr: string
}

function bench(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', `--areas=${FAKE_AREAS}`, `--budgets=${FAKE_AREAS}/budgets.ts`, ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
    )
  })
}

/** The whole of stdout must be one JSON object (a trailing newline allowed). */
function onlyJson(stdout: string): Record<string, unknown> {
  const parsed = JSON.parse(stdout) as unknown
  expect(typeof parsed).toBe('object')
  expect(Array.isArray(parsed)).toBe(false)
  return parsed as Record<string, unknown>
}

describe('npm run bench on fake areas', () => {
  it('exits 0 when every budgeted figure is reported and within budget', async () => {
    const ran = await bench('--only=fine')
    expect(ran.stderr).toBe('')
    expect(ran.status).toBe(0)
    expect(ran.stdout).toMatch(/ok +fine_p95_ms +9\.5 +budget < 10 ms/)
    expect(ran.stdout).toMatch(/ok +fine_per_s +250 +budget > 100 \/s/)
    expect(ran.stdout).toContain('bench passed')
  })

  it('exits 1 when a figure is over budget, and names it', async () => {
    const ran = await bench('--only=over')
    expect(ran.status).toBe(1)
    expect(ran.stdout).toMatch(/OVER +over_per_s +99\.99 +budget > 100 \/s/)
    expect(ran.stdout).toMatch(/ok +over_p95_ms/)
    expect(ran.stdout).toContain('bench FAILED (over budget: over_per_s)')
  })

  it('exits 1 when an area leaves out a budgeted key', async () => {
    const ran = await bench('--only=omits')
    expect(ran.status).toBe(1)
    expect(ran.stdout).toMatch(/MISSING +omits_forgotten_ms +— +budget < 10 ms/)
    expect(ran.stdout).toContain('missing: omits_forgotten_ms')
  })

  it('exits 1 when an area throws (an error answer), with its message, and still runs the areas after it', async () => {
    const ran = await bench('--only=throws,fine')
    expect(ran.status).toBe(1)
    expect(ran.stdout).toContain('area failed: Error: preferences.get answered an error: internal: disk full')
    expect(ran.stdout).toMatch(/MISSING +throws_p95_ms/)
    expect(ran.stdout).toMatch(/ok +fine_p95_ms/)
  })

  it('exits 1 on a figure no budget names', async () => {
    const ran = await bench('--only=extra')
    expect(ran.status).toBe(1)
    expect(ran.stdout).toMatch(/NO BUDGET +extra_p59_ms/)
  })

  it('reports the keys of an area that cannot run here as skipped, with its reason, and still passes', async () => {
    const ran = await bench('--only=skips,fine')
    expect(ran.status).toBe(0)
    expect(ran.stdout).toContain('area skipped: no PostgreSQL (SYNC_TEST_DATABASE_URL is not set)')
    expect(ran.stdout).toMatch(/SKIPPED +skips_p95_ms +— +budget < 10 ms/)
    expect(ran.stdout).toContain('bench passed: 2 figures within budget; skipped: skips_p95_ms')
  })

  it('--json prints exactly one JSON object on stdout: figures, budgets and verdicts', async () => {
    const ran = await bench('--json')
    expect(ran.status).toBe(1)
    const result = onlyJson(ran.stdout)
    expect(result).toEqual({
      passed: false,
      figures: { fine_p95_ms: 9.5, fine_per_s: 250, over_p95_ms: 3, over_per_s: 99.99, omits_reported_ms: 1, extra_p95_ms: 1, extra_p59_ms: 2 },
      budgets: {
        fine_p95_ms: { below: 10, unit: 'ms' },
        fine_per_s: { above: 100, unit: '/s' },
        over_p95_ms: { below: 10, unit: 'ms' },
        over_per_s: { above: 100, unit: '/s' },
        omits_reported_ms: { below: 10, unit: 'ms' },
        omits_forgotten_ms: { below: 10, unit: 'ms' },
        throws_p95_ms: { below: 10, unit: 'ms' },
        extra_p95_ms: { below: 10, unit: 'ms' },
        skips_p95_ms: { below: 10, unit: 'ms' }
      },
      over: ['over_per_s'],
      missing: ['omits_forgotten_ms', 'throws_p95_ms'],
      unbudgeted: ['extra_p59_ms'],
      errors: { throws: 'preferences.get answered an error: internal: disk full' },
      skipped: { skips_p95_ms: 'skipped: no PostgreSQL (SYNC_TEST_DATABASE_URL is not set)' }
    })
    // The progress lines a person reads went to stderr, out of the JSON's way.
    expect(ran.stderr).toContain('bench FAILED')
  })

  it('--json --only=fine passes with only that area judged', async () => {
    const ran = await bench('--json', '--only=fine')
    expect(ran.status).toBe(0)
    const result = onlyJson(ran.stdout)
    expect(result.passed).toBe(true)
    expect(result.figures).toEqual({ fine_p95_ms: 9.5, fine_per_s: 250 })
    expect(result.missing).toEqual([])
  })

  it('refuses an unknown area or option with exit 2 instead of passing with nothing run', async () => {
    const area = await bench('--only=fien')
    expect(area.status).toBe(2)
    expect(area.stderr).toContain('unknown area fien')
    const option = await bench('--jsn')
    expect(option.status).toBe(2)
    expect(option.stderr).toContain('unknown option --jsn')
  })
})

describe('judging figures', () => {
  it('judges the figure as printed (four significant digits), and a budget edge is over', () => {
    const verdicts = judge(FAKE_BUDGETS, [{ area: 'fine', figures: { fine_p95_ms: 9.99995, fine_per_s: 100 }, error: null }])
    expect(verdicts.map((v) => [v.key, v.value, v.state])).toEqual([
      ['fine_p95_ms', 10, 'over'],
      ['fine_per_s', 100, 'over']
    ])
  })

  it('counts a figure that is not a finite number as missing', () => {
    const results = [{ area: 'omits', figures: { omits_reported_ms: Number.NaN, omits_forgotten_ms: Number.POSITIVE_INFINITY }, error: null }]
    const outcome = report(judge(FAKE_BUDGETS, results), results)
    expect(outcome.missing).toEqual(['omits_reported_ms', 'omits_forgotten_ms'])
    expect(outcome.figures).toEqual({})
    expect(outcome.passed).toBe(false)
  })

  it('reads --only as a list of areas', () => {
    expect(parseArgs(['--only=queue,labels', '--json'])).toEqual({ json: true, only: ['queue', 'labels'], areasDir: null, budgetsFile: null })
  })
})
