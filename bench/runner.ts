/**
 * The bench runner: runs each area, judges every figure against its budget, and says whether the
 * bench passed. It fails (exit status 1) when a figure is over its budget, when a budgeted key is
 * missing (its area threw or did not report it), or when a figure has no budget at all, since
 * nobody would ever judge it. An area that cannot run on this machine (no PostgreSQL) throws
 * AreaSkipped: its keys are reported as skipped with the reason, like a test that cannot run. The areas and the budgets come in as arguments, so a test can run
 * the real runner on fake areas.
 */

export type Budget = { readonly below: number; readonly unit: string } | { readonly above: number; readonly unit: string }

/** Area name → the keys it must report → their budgets. The areas run in this order. */
export type Budgets = Readonly<Record<string, Readonly<Record<string, Budget>>>>

export type Figures = Record<string, number>

/** Thrown by an area that cannot run here; the message says why ("skipped: no PostgreSQL …"). */
export class AreaSkipped extends Error {
  override name = 'AreaSkipped'
}

/** What every bench/areas/<area>.ts exports. */
export interface AreaModule {
  run(): Promise<Figures>
}

export interface AreaResult {
  area: string
  /** As reported, before rounding. */
  figures: Figures
  /** Why the area ended without figures, or null. */
  error: string | null
  /** Why the area could not run on this machine (its keys are skipped, not missing). */
  skipped?: string
}

export type VerdictState = 'ok' | 'over' | 'missing' | 'unbudgeted' | 'skipped'

export interface Verdict {
  area: string
  key: string
  /** Rounded to four significant digits, as printed and as judged; null when missing. */
  value: number | null
  budget: Budget | null
  state: VerdictState
}

/** The one object `--json` prints. */
export interface BenchReport {
  passed: boolean
  figures: Figures
  budgets: Record<string, Budget>
  over: string[]
  missing: string[]
  unbudgeted: string[]
  /** Area → the error that stopped it. */
  errors: Record<string, string>
  /** Key → why its area could not run here. */
  skipped: Record<string, string>
}

export interface BenchArgs {
  json: boolean
  only: string[] | null
  areasDir: string | null
  budgetsFile: string | null
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { json: false, only: null, areasDir: null, budgetsFile: null }
  for (const arg of argv) {
    const [name, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null]
    if (name === '--json' && value === null) args.json = true
    else if (name === '--only' && value) args.only = value.split(',').filter(Boolean)
    else if (name === '--areas' && value) args.areasDir = value
    else if (name === '--budgets' && value) args.budgetsFile = value
    else throw new Error(`unknown option ${arg} (use --json, --only=AREA[,AREA], --areas=DIR, --budgets=FILE)`)
  }
  return args
}

/** The figure as printed and judged: four significant digits. */
export const rounded = (value: number): number => Number(value.toPrecision(4))

export function withinBudget(value: number, budget: Budget): boolean {
  return 'below' in budget ? value < budget.below : value > budget.above
}

export function describeBudget(budget: Budget): string {
  return 'below' in budget ? `< ${budget.below} ${budget.unit}` : `> ${budget.above} ${budget.unit}`
}

/** Every budgeted key of the areas that ran, then every figure nobody budgeted. */
export function judge(budgets: Budgets, results: readonly AreaResult[]): Verdict[] {
  const verdicts: Verdict[] = []
  for (const { area, figures, skipped } of results) {
    const areaBudgets = budgets[area] ?? {}
    if (skipped !== undefined) {
      for (const [key, budget] of Object.entries(areaBudgets)) verdicts.push({ area, key, value: null, budget, state: 'skipped' })
      continue
    }
    for (const [key, budget] of Object.entries(areaBudgets)) {
      const reported = figures[key]
      if (typeof reported !== 'number' || !Number.isFinite(reported)) {
        verdicts.push({ area, key, value: null, budget, state: 'missing' })
        continue
      }
      const value = rounded(reported)
      verdicts.push({ area, key, value, budget, state: withinBudget(value, budget) ? 'ok' : 'over' })
    }
    for (const [key, reported] of Object.entries(figures)) {
      if (key in areaBudgets) continue
      verdicts.push({ area, key, value: Number.isFinite(reported) ? rounded(reported) : null, budget: null, state: 'unbudgeted' })
    }
  }
  return verdicts
}

export function report(verdicts: readonly Verdict[], results: readonly AreaResult[]): BenchReport {
  const keys = (state: VerdictState) => verdicts.filter((v) => v.state === state).map((v) => v.key)
  const figures: Figures = {}
  const budgets: Record<string, Budget> = {}
  for (const verdict of verdicts) {
    if (verdict.value !== null) figures[verdict.key] = verdict.value
    if (verdict.budget) budgets[verdict.key] = verdict.budget
  }
  const errors: Record<string, string> = {}
  for (const result of results) if (result.error !== null) errors[result.area] = result.error
  const skipped: Record<string, string> = {}
  for (const verdict of verdicts) {
    if (verdict.state === 'skipped') skipped[verdict.key] = results.find((r) => r.area === verdict.area)?.skipped ?? 'skipped'
  }
  const over = keys('over')
  const missing = keys('missing')
  const unbudgeted = keys('unbudgeted')
  const passed = over.length === 0 && missing.length === 0 && unbudgeted.length === 0 && Object.keys(errors).length === 0
  return { passed, figures, budgets, over, missing, unbudgeted, errors, skipped }
}

const MARK: Record<VerdictState, string> = { ok: 'ok', over: 'OVER', missing: 'MISSING', unbudgeted: 'NO BUDGET', skipped: 'SKIPPED' }

export function verdictLine(verdict: Verdict): string {
  const value = verdict.value === null ? '—' : String(verdict.value)
  const budget = verdict.budget ? `budget ${describeBudget(verdict.budget)}` : 'no budget in bench/budgets.ts'
  return `  ${MARK[verdict.state].padEnd(9)} ${verdict.key.padEnd(36)} ${value.padStart(10)}   ${budget}`
}

export function summaryLine(result: BenchReport): string {
  const skipped = Object.keys(result.skipped)
  if (result.passed) {
    return `bench passed: ${Object.keys(result.figures).length} figures within budget${skipped.length > 0 ? `; skipped: ${skipped.join(', ')}` : ''}`
  }
  const parts = [
    result.over.length > 0 && `over budget: ${result.over.join(', ')}`,
    result.missing.length > 0 && `missing: ${result.missing.join(', ')}`,
    result.unbudgeted.length > 0 && `no budget: ${result.unbudgeted.join(', ')}`,
    Object.keys(result.errors).length > 0 && `failed areas: ${Object.keys(result.errors).join(', ')}`
  ].filter(Boolean)
  return `bench FAILED (${parts.join('; ')})`
}

export interface RunBenchOptions {
  budgets: Budgets
  /** Loads one area's module (bench/areas/<area>.ts in the real bench). */
  loadArea(area: string): Promise<AreaModule>
  only: readonly string[] | null
  /** Where progress and verdict lines go. */
  log(line: string): void
}

/** Runs the areas one after another (an area that throws does not stop the others) and judges them. */
export async function runBench(options: RunBenchOptions): Promise<BenchReport> {
  const areas = Object.keys(options.budgets)
  const unknown = (options.only ?? []).filter((area) => !areas.includes(area))
  if (unknown.length > 0) throw new Error(`unknown area ${unknown.join(', ')} (areas: ${areas.join(', ')})`)
  const results: AreaResult[] = []
  for (const area of areas) {
    if (options.only && !options.only.includes(area)) continue
    options.log(`\n${area}`)
    const { result, detail } = await runArea(area, options.loadArea)
    if (result.skipped !== undefined) options.log(`  area ${result.skipped}`)
    if (result.error !== null) options.log(`  area failed: ${detail}`)
    for (const verdict of judge(options.budgets, [result])) options.log(verdictLine(verdict))
    results.push(result)
  }
  const outcome = report(judge(options.budgets, results), results)
  options.log(`\n${summaryLine(outcome)}`)
  return outcome
}

/** The area's figures, or its error (message for the report, stack for the log). */
async function runArea(area: string, loadArea: RunBenchOptions['loadArea']): Promise<{ result: AreaResult; detail: string }> {
  try {
    const figures = await (await loadArea(area)).run()
    if (typeof figures !== 'object' || figures === null) throw new Error(`run() returned ${String(figures)}, not figures`)
    return { result: { area, figures, error: null }, detail: '' }
  } catch (error) {
    // By name: an area loaded from another folder may hold its own copy of this module.
    if (error instanceof Error && error.name === 'AreaSkipped') return { result: { area, figures: {}, error: null, skipped: error.message }, detail: '' }
    const message = error instanceof Error ? error.message : String(error)
    return { result: { area, figures: {}, error: message }, detail: error instanceof Error ? (error.stack ?? message) : message }
  }
}
