/**
 * The first-run setup's state in main: a new install asks for it, "Probar con datos de
 * demostración" replaces it, it is done once (kept across restarts), a bad name is refused with
 * the field's rule and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { testClock } from '../../support/test-clock'

describe('first-run setup', () => {
  const benches: TestHost[] = []
  afterEach(async () => {
    for (const bench of benches.splice(0)) await bench.close()
  })
  const start = async (demoProtocols = 0) => {
    const bench = await startTestHost({ demoProtocols, clock: testClock, clerk: null })
    benches.push(bench)
    return bench
  }

  it('a new install asks for the setup; completing it names the bench and is kept across a restart', async () => {
    const bench = await start()
    expect(await bench.call('firstRun.status', {})).toEqual({ needed: true, demoMode: false, demoData: false })
    expect(await bench.call('firstRun.complete', { benchName: '  Recepción Norte ' })).toEqual({ needed: false, demoMode: false, demoData: false })
    expect((await bench.call('app.info', {})).benchName).toBe('Recepción Norte')
    await bench.restart()
    expect((await bench.call('firstRun.status', {})).needed).toBe(false)
    expect((await bench.call('app.info', {})).benchName).toBe('Recepción Norte')
  })

  it('refuses an empty or too long bench name with the field and its rule, and changes nothing', async () => {
    const bench = await start()
    const before = (await bench.call('app.info', {})).benchName
    for (const [benchName, rule] of [['   ', 'required'], ['x'.repeat(61), 'too_long']] as const) {
      const refusal = bench.call('firstRun.complete', { benchName })
      await expect(refusal).rejects.toMatchObject({ code: 'invalid_input' })
      const issues = ((await refusal.catch((error: unknown) => error)) as { issues: { path: string; rule?: string }[] }).issues
      expect(issues.map((issue) => [issue.path, issue.rule])).toEqual([['benchName', rule]])
    }
    expect(await bench.call('firstRun.status', {})).toMatchObject({ needed: true })
    expect((await bench.call('app.info', {})).benchName).toBe(before)
  })

  it('trying the app with demo data takes the place of the setup until the demo data is removed', async () => {
    const bench = await start()
    expect(await bench.call('demo.start', {})).toEqual({ needed: false, demoMode: true, demoData: true })
    const { status } = await bench.call('demo.remove', {})
    expect(status).toEqual({ needed: true, demoMode: false, demoData: false })
  })
})
