import { describe, expect, it } from 'vitest'
import { createUpdateController, type TimerPort, type UpdateEngine } from '../../../src/main/features/updates/update-controller'
import { CHECK_INTERVAL_MS, FIRST_CHECK_DELAY_MS, type UpdateEvent } from '../../../src/main/features/updates/update-policy'
import type { UpdateStatus } from '../../../src/shared/diagnostics'

/** Timers the test fires by hand: what is pending, and when it is due. */
function manualTimers(clock: { now: number }) {
  const pending = new Map<number, { due: number; callback: () => void }>()
  let next = 1
  const port: TimerPort = {
    set: (callback, ms) => {
      const id = next++
      pending.set(id, { due: clock.now + ms, callback })
      return id
    },
    clear: (handle) => pending.delete(handle as number)
  }
  return {
    port,
    dueTimes: () => [...pending.values()].map((entry) => entry.due),
    async fireNext() {
      const [id, entry] = [...pending.entries()].sort((a, b) => a[1].due - b[1].due)[0]!
      pending.delete(id)
      clock.now = entry.due
      entry.callback()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}

/** An engine that answers each check with scripted events, and records installs. */
function scriptedEngine(answers: UpdateEvent[][]) {
  let emit: (event: UpdateEvent) => void = () => {}
  const checks: string[] = []
  let installs = 0
  const engine: UpdateEngine = {
    check: async (feed) => {
      checks.push(feed)
      for (const event of answers.shift() ?? []) emit(event)
    },
    quitAndInstall: () => {
      installs++
    },
    onEvent: (listener) => {
      emit = listener
    }
  }
  return { engine, checks, installs: () => installs }
}

describe('update controller', () => {
  it('checks after start, silently survives an offline check, downloads, and offers the restart once nobody is receiving', async () => {
    const clock = { now: 1_000_000 }
    const timers = manualTimers(clock)
    const { engine, checks, installs } = scriptedEngine([
      [{ type: 'failed', message: 'getaddrinfo ENOTFOUND lab.example' }],
      [
        { type: 'available', version: '0.2.0' },
        { type: 'progress', percent: 50 },
        { type: 'downloaded', version: '0.2.0' }
      ]
    ])
    const seen: UpdateStatus[] = []
    const updater = createUpdateController({ engine, currentVersion: '0.1.0', feedUrl: () => 'https://lab.example/updates/', clock: () => clock.now, timers: timers.port })
    updater.subscribe((status) => seen.push(status))
    updater.start()
    expect(timers.dueTimes()).toEqual([1_000_000 + FIRST_CHECK_DELAY_MS])

    await timers.fireNext()
    expect(checks).toEqual(['https://lab.example/updates/'])
    expect(updater.status()).toMatchObject({ phase: 'idle', lastError: null })
    expect(timers.dueTimes()).toEqual([clock.now + CHECK_INTERVAL_MS])

    updater.setBusy(true)
    await timers.fireNext()
    expect(checks).toHaveLength(2)
    expect(seen.map((status) => status.phase)).toContain('downloading')
    expect(updater.status()).toMatchObject({ phase: 'downloaded', availableVersion: '0.2.0', offerRestart: false, busy: true })
    expect(updater.restart()).toEqual({ ok: false, reason: 'busy' })
    expect(installs()).toBe(0)
    // Nothing more to fetch until the restart.
    expect(timers.dueTimes()).toEqual([])

    expect(updater.setBusy(false).offerRestart).toBe(true)
    expect(seen.at(-1)?.offerRestart).toBe(true)
    const restarted = updater.restart()
    expect(restarted.ok).toBe(true)
    expect(installs()).toBe(1)
    updater.stop()
  })

  it('makes no check while the bench is not paired, and picks the server up at the next due time', async () => {
    const clock = { now: 0 }
    const timers = manualTimers(clock)
    let feed: string | null = null
    const { engine, checks } = scriptedEngine([[{ type: 'up-to-date', at: 0 }]])
    const updater = createUpdateController({ engine, currentVersion: '0.1.0', feedUrl: () => feed, clock: () => clock.now, timers: timers.port })
    updater.start()
    expect(timers.dueTimes()).toEqual([])
    expect((await updater.checkNow()).phase).toBe('idle')
    expect(checks).toEqual([])
    feed = 'https://lab.example/updates/'
    await updater.checkNow()
    expect(checks).toEqual(['https://lab.example/updates/'])
    expect(updater.status().lastCheckedAt).not.toBeNull()
    updater.stop()
    expect(timers.dueTimes()).toEqual([])
  })

  it('keeps a thrown check as a failure rather than an unhandled rejection', async () => {
    const engine: UpdateEngine = {
      check: () => Promise.reject(new Error('Cannot parse update info')),
      quitAndInstall: () => {},
      onEvent: () => {}
    }
    const updater = createUpdateController({ engine, currentVersion: '0.1.0', feedUrl: () => 'https://lab.example/updates/' })
    expect(await updater.checkNow()).toMatchObject({ phase: 'error', lastError: 'Cannot parse update info' })
  })
})
