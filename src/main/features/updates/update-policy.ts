/**
 * When to check for updates and when to offer a restart: pure decisions, no timers, no Electron.
 * The controller (update-controller.ts) feeds it events and the clock; electron-updater.ts is the
 * engine underneath.
 */
import type { UpdatePhase, UpdateStatus } from '../../../shared/diagnostics'
import { isAllowedServerUrl } from '../../../shared/sync-status'

/** The first check waits for the bench to settle after start. */
export const FIRST_CHECK_DELAY_MS = 60_000
/** Then every few hours, online or not: an offline check costs nothing and says nothing. */
export const CHECK_INTERVAL_MS = 4 * 60 * 60_000

export interface UpdatePolicyState {
  readonly supported: boolean
  readonly phase: UpdatePhase
  readonly startedAt: number
  readonly lastCheckedAt: number | null
  readonly availableVersion: string | null
  readonly percent: number | null
  readonly downloadedVersion: string | null
  readonly dismissedVersion: string | null
  readonly busy: boolean
  readonly lastError: string | null
}

export type UpdateEvent =
  | { type: 'check-started'; at: number }
  | { type: 'up-to-date'; at: number }
  | { type: 'available'; version: string }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'failed'; message: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'dismissed' }

export function initialUpdateState(supported: boolean, startedAt: number): UpdatePolicyState {
  return {
    supported,
    phase: supported ? 'idle' : 'unsupported',
    startedAt,
    lastCheckedAt: null,
    availableVersion: null,
    percent: null,
    downloadedVersion: null,
    dismissedVersion: null,
    busy: false,
    lastError: null
  }
}

const OFFLINE_PATTERNS = [
  /ENOTFOUND/,
  /EAI_AGAIN/,
  /ECONNREFUSED/,
  /ECONNRESET/,
  /ETIMEDOUT/,
  /ENETUNREACH/,
  /EHOSTUNREACH/,
  /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_(REFUSED|RESET|TIMED_OUT|CLOSED|FAILED)|NETWORK_CHANGED|ADDRESS_UNREACHABLE|TIMED_OUT|PROXY_CONNECTION_FAILED)/,
  /socket hang up/i
]

/** A failure that only means "the server cannot be reached now": said nowhere, tried again later. */
export function isOfflineFailure(message: string): boolean {
  return OFFLINE_PATTERNS.some((pattern) => pattern.test(message))
}

export function reduceUpdate(state: UpdatePolicyState, event: UpdateEvent): UpdatePolicyState {
  switch (event.type) {
    case 'busy':
      return { ...state, busy: event.busy }
    case 'dismissed':
      return state.downloadedVersion ? { ...state, dismissedVersion: state.downloadedVersion } : state
    default:
      break
  }
  if (!state.supported) return state
  switch (event.type) {
    case 'check-started':
      // A download already finished stays ready to install whatever a later check says.
      return { ...state, lastCheckedAt: event.at, phase: state.downloadedVersion ? 'downloaded' : 'checking' }
    case 'up-to-date':
      return { ...state, lastCheckedAt: event.at, phase: state.downloadedVersion ? 'downloaded' : 'idle', lastError: null }
    case 'available':
      return { ...state, phase: 'downloading', availableVersion: event.version, percent: 0, lastError: null }
    case 'progress':
      return state.phase === 'downloading' ? { ...state, percent: Math.max(0, Math.min(100, event.percent)) } : state
    case 'downloaded':
      return { ...state, phase: 'downloaded', availableVersion: event.version, downloadedVersion: event.version, percent: 100, lastError: null }
    case 'failed': {
      const phase: UpdatePhase = state.downloadedVersion ? 'downloaded' : 'idle'
      // Offline is normal on a bench: back to idle, nothing to tell. Anything else is kept for Diagnostics.
      if (isOfflineFailure(event.message)) return { ...state, phase, percent: null }
      return { ...state, phase: state.downloadedVersion ? 'downloaded' : 'error', percent: null, lastError: event.message }
    }
  }
}

/** When the next check is due (epoch ms), or null when no check will be made. */
export function nextCheckAt(state: UpdatePolicyState, hasFeed: boolean): number | null {
  if (!state.supported || !hasFeed) return null
  // Once an update waits to be installed there is nothing more to fetch until the restart.
  if (state.downloadedVersion) return null
  // A download in progress ends in "downloaded" or "failed"; checking again would start a second one.
  if (state.phase === 'downloading') return null
  // A check that never answered is simply made again at the next interval.
  if (state.lastCheckedAt === null) return state.startedAt + FIRST_CHECK_DELAY_MS
  return state.lastCheckedAt + CHECK_INTERVAL_MS
}

/** The banner shows once per downloaded version, never while a receive form is open. */
export function shouldOfferRestart(state: UpdatePolicyState): boolean {
  return state.downloadedVersion !== null && state.dismissedVersion !== state.downloadedVersion && !state.busy
}

export type RestartDecision = { ok: true } | { ok: false; reason: 'nothing_to_install' | 'busy' }

/** A restart asked by the clerk: only with an update ready and no reception in progress. */
export function decideRestart(state: UpdatePolicyState): RestartDecision {
  if (!state.downloadedVersion) return { ok: false, reason: 'nothing_to_install' }
  if (state.busy) return { ok: false, reason: 'busy' }
  return { ok: true }
}

/**
 * The generic-provider feed the central server serves (server/src/updates.ts). No feed from a
 * plain-HTTP address on the network (one an older version accepted): updates come over HTTPS.
 */
export function feedUrlFor(serverUrl: string | null | undefined): string | null {
  if (!serverUrl || !isAllowedServerUrl(serverUrl)) return null
  try {
    const url = new URL(serverUrl)
    return `${url.href.replace(/\/+$/, '')}/updates/`
  } catch {
    return null
  }
}

export function toUpdateStatus(state: UpdatePolicyState, context: { currentVersion: string; feedUrl: string | null }): UpdateStatus {
  const next = nextCheckAt(state, context.feedUrl !== null)
  return {
    phase: state.phase,
    currentVersion: context.currentVersion,
    availableVersion: state.availableVersion,
    percent: state.percent,
    lastCheckedAt: state.lastCheckedAt === null ? null : new Date(state.lastCheckedAt).toISOString(),
    nextCheckAt: next === null ? null : new Date(next).toISOString(),
    feedUrl: context.feedUrl,
    busy: state.busy,
    offerRestart: shouldOfferRestart(state),
    lastError: state.lastError
  }
}
