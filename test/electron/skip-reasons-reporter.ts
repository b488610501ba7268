import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter'

/**
 * Names the reason beside every skipped scenario (the list reporter shows only a dash), so a
 * machine without the Electron binary reads "skipped: no Electron binary" for each of them.
 */
export default class SkipReasonsReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return
    const skip = [...result.annotations, ...test.annotations].find((annotation) => annotation.type === 'skip')
    console.log(`${skip?.description ?? 'skipped: no reason given'} — ${test.titlePath().slice(2).join(' › ')}`)
  }

  printsToStdio(): boolean {
    return false
  }
}
