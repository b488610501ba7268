import { describe, expect, it } from 'vitest'
import {
  CHECK_INTERVAL_MS,
  decideRestart,
  feedUrlFor,
  FIRST_CHECK_DELAY_MS,
  initialUpdateState,
  isOfflineFailure,
  nextCheckAt,
  reduceUpdate,
  shouldOfferRestart,
  toUpdateStatus,
  type UpdateEvent,
  type UpdatePolicyState
} from '../../../src/main/features/updates/update-policy'

const T0 = Date.parse('2026-05-01T08:00:00Z')
const run = (events: UpdateEvent[], state: UpdatePolicyState = initialUpdateState(true, T0)) => events.reduce(reduceUpdate, state)

describe('update policy: when to check', () => {
  it('checks a minute after start, then every interval after the last check', () => {
    const fresh = initialUpdateState(true, T0)
    expect(nextCheckAt(fresh, true)).toBe(T0 + FIRST_CHECK_DELAY_MS)
    const checked = run([{ type: 'check-started', at: T0 + 60_000 }, { type: 'up-to-date', at: T0 + 61_000 }])
    expect(nextCheckAt(checked, true)).toBe(T0 + 61_000 + CHECK_INTERVAL_MS)
  })

  it('never checks without a feed (bench not paired) or where updating is unsupported', () => {
    expect(nextCheckAt(initialUpdateState(true, T0), false)).toBeNull()
    expect(nextCheckAt(initialUpdateState(false, T0), true)).toBeNull()
  })

  it('stops checking while downloading and once an update waits for the restart', () => {
    const downloading = run([{ type: 'check-started', at: T0 }, { type: 'available', version: '0.2.0' }])
    expect(nextCheckAt(downloading, true)).toBeNull()
    expect(nextCheckAt(reduceUpdate(downloading, { type: 'downloaded', version: '0.2.0' }), true)).toBeNull()
  })

  it('tries again at the next interval after a check that never answered', () => {
    const stuck = run([{ type: 'check-started', at: T0 }])
    expect(stuck.phase).toBe('checking')
    expect(nextCheckAt(stuck, true)).toBe(T0 + CHECK_INTERVAL_MS)
  })
})

describe('update policy: silent when offline', () => {
  it('tells network failures from real ones', () => {
    for (const message of ['getaddrinfo ENOTFOUND lab.example', 'connect ECONNREFUSED 10.0.0.2:443', 'net::ERR_INTERNET_DISCONNECTED', 'net::ERR_NAME_NOT_RESOLVED', 'socket hang up']) {
      expect(isOfflineFailure(message)).toBe(true)
    }
    for (const message of ['sha512 checksum mismatch', 'HttpError: 404 Not Found "latest-linux.yml"', 'Cannot parse update info']) {
      expect(isOfflineFailure(message)).toBe(false)
    }
  })

  it('an offline check goes back to idle with nothing to tell; a real failure is kept for Diagnostics', () => {
    const offline = run([{ type: 'check-started', at: T0 }, { type: 'failed', message: 'getaddrinfo EAI_AGAIN lab.example' }])
    expect(offline.phase).toBe('idle')
    expect(offline.lastError).toBeNull()
    const broken = run([{ type: 'check-started', at: T0 }, { type: 'failed', message: 'sha512 checksum mismatch' }])
    expect(broken.phase).toBe('error')
    expect(broken.lastError).toBe('sha512 checksum mismatch')
    expect(shouldOfferRestart(broken)).toBe(false)
  })

  it('a failed later check keeps a downloaded update ready', () => {
    const ready = run([{ type: 'available', version: '0.2.0' }, { type: 'downloaded', version: '0.2.0' }, { type: 'check-started', at: T0 }, { type: 'failed', message: 'boom' }])
    expect(ready.phase).toBe('downloaded')
    expect(shouldOfferRestart(ready)).toBe(true)
  })
})

describe('update policy: asking to restart', () => {
  const downloaded = run([{ type: 'check-started', at: T0 }, { type: 'available', version: '0.2.0' }, { type: 'progress', percent: 42.5 }, { type: 'downloaded', version: '0.2.0' }])

  it('follows the download and offers the restart once it is ready', () => {
    const midway = run([{ type: 'check-started', at: T0 }, { type: 'available', version: '0.2.0' }, { type: 'progress', percent: 42.5 }])
    expect(midway).toMatchObject({ phase: 'downloading', percent: 42.5, availableVersion: '0.2.0' })
    expect(shouldOfferRestart(midway)).toBe(false)
    expect(downloaded.phase).toBe('downloaded')
    expect(shouldOfferRestart(downloaded)).toBe(true)
    expect(decideRestart(downloaded)).toEqual({ ok: true })
  })

  it('never offers or restarts while a receive form is open, and offers again once it closes', () => {
    const receiving = reduceUpdate(downloaded, { type: 'busy', busy: true })
    expect(shouldOfferRestart(receiving)).toBe(false)
    expect(decideRestart(receiving)).toEqual({ ok: false, reason: 'busy' })
    const done = reduceUpdate(receiving, { type: 'busy', busy: false })
    expect(shouldOfferRestart(done)).toBe(true)
  })

  it('asks once per version: "later" hides it until a newer version is downloaded', () => {
    const later = reduceUpdate(downloaded, { type: 'dismissed' })
    expect(shouldOfferRestart(later)).toBe(false)
    // The clerk may still restart from Diagnostics.
    expect(decideRestart(later)).toEqual({ ok: true })
    const newer = run([{ type: 'available', version: '0.3.0' }, { type: 'downloaded', version: '0.3.0' }], later)
    expect(shouldOfferRestart(newer)).toBe(true)
  })

  it('has nothing to restart for before a download', () => {
    expect(decideRestart(initialUpdateState(true, T0))).toEqual({ ok: false, reason: 'nothing_to_install' })
    expect(reduceUpdate(initialUpdateState(true, T0), { type: 'dismissed' }).dismissedVersion).toBeNull()
  })

  it('unsupported shells ignore engine events but still track busy', () => {
    const unsupported = run([{ type: 'available', version: '0.2.0' }, { type: 'downloaded', version: '0.2.0' }, { type: 'busy', busy: true }], initialUpdateState(false, T0))
    expect(unsupported).toMatchObject({ phase: 'unsupported', downloadedVersion: null, busy: true })
  })
})

describe('update feed and status', () => {
  it('is the paired server\'s /updates/ folder', () => {
    expect(feedUrlFor('https://lab.example')).toBe('https://lab.example/updates/')
    expect(feedUrlFor('https://lab.example/central/')).toBe('https://lab.example/central/updates/')
    expect(feedUrlFor(null)).toBeNull()
    expect(feedUrlFor('file:///etc')).toBeNull()
    expect(feedUrlFor('not a url')).toBeNull()
    // Plain HTTP only to this machine: an http:// address on the network (an older version accepted one) is no feed.
    expect(feedUrlFor('http://lab.example:8787')).toBeNull()
    expect(feedUrlFor('http://192.168.1.20')).toBeNull()
    expect(feedUrlFor('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/updates/')
    expect(feedUrlFor('http://[::1]:8787')).toBe('http://[::1]:8787/updates/')
  })

  it('says what the renderer shows', () => {
    const status = toUpdateStatus(reduceUpdate(initialUpdateState(true, T0), { type: 'busy', busy: true }), { currentVersion: '0.1.0', feedUrl: 'https://lab.example/updates/' })
    expect(status).toEqual({
      phase: 'idle',
      currentVersion: '0.1.0',
      availableVersion: null,
      percent: null,
      lastCheckedAt: null,
      nextCheckAt: new Date(T0 + FIRST_CHECK_DELAY_MS).toISOString(),
      feedUrl: 'https://lab.example/updates/',
      busy: true,
      offerRestart: false,
      lastError: null
    })
  })
})
