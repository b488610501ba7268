import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BUDGETS } from '../../../bench/budgets'
import { describeBudget, type Budget } from '../../../bench/runner'

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
const SECTION = README.slice(README.indexOf('## Performance bench'), README.indexOf('\n## ', README.indexOf('## Performance bench') + 1))

/** The README's bench table: key → the budget column, as written. */
function readmeBudgets(): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of SECTION.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim())
    const key = /^`([a-z0-9_]+)`/.exec(cells[2] ?? '')?.[1]
    if (key && cells.length === 5) rows.set(key, cells[3]!)
  }
  return rows
}

describe('the README states the bench budgets of bench/budgets.ts', () => {
  it('has one row per budgeted key, with that budget, and no other', () => {
    const budgets = Object.entries(BUDGETS as Record<string, Record<string, Budget>>).flatMap(([, keys]) => Object.entries(keys))
    expect(budgets.length).toBeGreaterThan(0)
    const rows = readmeBudgets()
    expect([...rows.keys()].sort()).toEqual(budgets.map(([key]) => key).sort())
    for (const [key, budget] of budgets) expect(rows.get(key), key).toBe(describeBudget(budget))
  })
})
