import type { UpdateStatus } from '../../../shared/diagnostics'
import type { LogFn } from '../../platform/module'
import type { UpdaterPort } from '../../platform/shell-ports'
import {
  decideRestart,
  initialUpdateState,
  nextCheckAt,
  reduceUpdate,
  toUpdateStatus,
  type UpdateEvent,
  type UpdatePolicyState
} from './update-policy'

/** What actually downloads and installs (electron-updater in the packaged app). */
export interface UpdateEngine {
  /** Checks the feed; an update found is downloaded in the background. Outcomes arrive as events. */
  check(feedUrl: string): Promise<void>
  /** Quits the app and installs the downloaded update. */
  quitAndInstall(): void
  onEvent(listener: (event: UpdateEvent) => void): void
}

export interface TimerPort {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const realTimers: TimerPort = {
  set: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    // A pending update check must never keep the process alive on its own.
    handle.unref?.()
    return handle
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

export interface UpdateControllerOptions {
  /** Null where the shell cannot update itself: the state then says `unsupported`, busy is still tracked. */
  engine: UpdateEngine | null
  currentVersion: string
  /** Read at every check: pairing the bench (or changing its server) takes effect without a restart. */
  feedUrl: () => string | null
  clock?: () => number
  timers?: TimerPort
  log?: LogFn
}

/**
 * Runs the update policy: schedules checks, follows the engine's events, and says when the
 * restart banner shows. Timers and engine are ports so the whole flow is tested under Node.
 */
export function createUpdateController(options: UpdateControllerOptions): UpdaterPort {
  const clock = options.clock ?? Date.now
  const timers = options.timers ?? realTimers
  const log: LogFn = options.log ?? (() => {})
  const listeners = new Set<(status: UpdateStatus) => void>()
  let state: UpdatePolicyState = initialUpdateState(options.engine !== null, clock())
  let timer: unknown = null
  let running = false

  const status = (): UpdateStatus => toUpdateStatus(state, { currentVersion: options.currentVersion, feedUrl: options.feedUrl() })

  const schedule = () => {
    if (timer !== null) timers.clear(timer)
    timer = null
    if (!running) return
    const due = nextCheckAt(state, options.feedUrl() !== null)
    if (due === null) return
    timer = timers.set(() => {
      timer = null
      void check()
    }, Math.max(0, due - clock()))
  }

  const apply = (event: UpdateEvent) => {
    const before = state
    state = reduceUpdate(state, event)
    if (state === before) return
    if (event.type === 'failed') log(state.lastError ? 'warn' : 'info', `update check failed: ${event.message}`)
    if (event.type === 'downloaded') log('info', `update ${event.version} downloaded; it installs on restart`)
    schedule()
    const next = status()
    for (const listener of listeners) listener(next)
  }

  const check = async (): Promise<void> => {
    const feed = options.feedUrl()
    if (!options.engine || !feed) {
      schedule()
      return
    }
    apply({ type: 'check-started', at: clock() })
    try {
      await options.engine.check(feed)
    } catch (error) {
      apply({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
  }

  options.engine?.onEvent(apply)

  return {
    status,
    setBusy(busy) {
      apply({ type: 'busy', busy })
      return status()
    },
    async checkNow() {
      await check()
      return status()
    },
    restart() {
      const decision = decideRestart(state)
      if (!decision.ok) return decision
      log('info', `restarting to install ${state.downloadedVersion}`)
      options.engine?.quitAndInstall()
      return { ok: true, status: status() }
    },
    dismiss() {
      apply({ type: 'dismissed' })
      return status()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    start() {
      running = true
      schedule()
    },
    stop() {
      running = false
      schedule()
      listeners.clear()
    }
  }
}
