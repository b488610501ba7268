import { afterEach, describe, expect, it } from 'vitest'
import { createNodeWorkerSpawner } from '../../../src/main/platform/worker-pool/node-worker'
import {
  createWorkerPool,
  PoolStoppedError,
  TaskTimeoutError,
  WorkerCrashedError,
  WorkerTaskError,
  type IdleTimer,
  type SpawnWorker,
  type WorkerPool
} from '../../../src/main/platform/worker-pool/worker-pool'
import { isAlive, startPool, until } from './queue-fixture'

describe('worker pool with real processes', () => {
  let pool: WorkerPool | null = null
  afterEach(async () => {
    await pool?.stop()
    pool = null
  })

  it('runs tasks in separate worker processes, started as tasks need them, and carries bytes intact', async () => {
    pool = startPool()
    // Nothing to do yet: no worker process.
    expect(pool.workers()).toEqual([])
    await pool.ready()

    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256)
    const echoed = await pool.run('diagnostics.echo', { bytes, path: '/tmp/out.pdf' })
    expect(echoed).toEqual({ bytes, path: '/tmp/out.pdf' })
    expect((echoed as { bytes: unknown }).bytes).toBeInstanceOf(Uint8Array)
    expect(pool.workers()).toHaveLength(1)

    // A burst finds the one worker busy and starts the second: it spreads over both.
    const results = await Promise.all(Array.from({ length: 8 }, () => pool!.run('diagnostics.sleep', { ms: 20 })))
    const pids = pool.workers().map((worker) => worker.pid)
    expect(new Set(pids).size).toBe(2)
    expect(pids).not.toContain(process.pid)
    const used = new Set(results.map((result) => (result as { pid: number }).pid))
    expect([...used].every((pid) => pids.includes(pid))).toBe(true)
    expect(used.size).toBe(2)
  })

  it('passes progress from the worker to the caller', async () => {
    pool = startPool()
    const seen: number[] = []
    await pool.run('diagnostics.sleep', { ms: 30, steps: 3 }, { onProgress: (p) => seen.push(Math.round(p.percent)) })
    expect(seen).toEqual([33, 67, 100])
  })

  it('replaces a worker killed with SIGKILL and fails its task as retryable', async () => {
    pool = startPool({ size: 1 })
    pool.warm()
    await pool.ready()
    const [before] = pool.workers()
    const running = pool.run('diagnostics.sleep', { ms: 20_000 })
    await until(() => pool!.workers()[0]!.inFlight === 1, 'task in flight')
    process.kill(before!.pid!, 'SIGKILL')
    await expect(running).rejects.toBeInstanceOf(WorkerCrashedError)

    const result = (await pool.run('diagnostics.sleep', { ms: 1 })) as { pid: number }
    const [after] = pool.workers()
    expect(after!.pid).not.toBe(before!.pid)
    expect(after!.restarts).toBe(1)
    expect(result.pid).toBe(after!.pid)
  })

  it('fails the tasks of a worker that exits by itself, and keeps serving', async () => {
    pool = startPool({ size: 1 })
    await expect(pool.run('diagnostics.crash', { code: 9 })).rejects.toThrow(/exited with code 9/)
    await expect(pool.run('noop', null)).resolves.toMatchObject({ startedAt: expect.any(Number) })
  })

  it('cancels a task inside the worker without replacing the worker', async () => {
    pool = startPool({ size: 1 })
    pool.warm()
    await pool.ready()
    const pid = pool.workers()[0]!.pid
    const controller = new AbortController()
    const running = pool.run('diagnostics.sleep', { ms: 20_000 }, { signal: controller.signal })
    controller.abort(new Error('user cancelled'))
    await expect(running).rejects.toThrow('user cancelled')
    // The worker acknowledges, so its slot frees up and it stays the same process.
    await until(() => pool!.workers()[0]!.inFlight === 0, 'cancel acknowledged')
    expect(pool.workers()[0]!.pid).toBe(pid)
    expect(isAlive(pid!)).toBe(true)
  })

  it('replaces a worker that cannot stop a cancelled task', async () => {
    pool = startPool({ size: 1, cancelGraceMs: 100 })
    pool.warm()
    await pool.ready()
    const pid = pool.workers()[0]!.pid!
    const controller = new AbortController()
    const stuck = pool.run('diagnostics.spin', { ms: 20_000 }, { signal: controller.signal })
    await until(() => pool!.workers()[0]!.inFlight === 1, 'task in flight')
    controller.abort(new Error('cancelled'))
    await expect(stuck).rejects.toThrow('cancelled')
    await until(() => pool!.workers()[0]!.pid !== pid, 'worker replaced')
    await until(() => !isAlive(pid), 'stuck worker gone')
    await expect(pool.run('noop', null)).resolves.toBeTruthy()
  })

  it('kills and replaces a worker that overruns a task timeout', async () => {
    pool = startPool({ size: 1 })
    pool.warm()
    await pool.ready()
    const pid = pool.workers()[0]!.pid!
    await expect(pool.run('diagnostics.spin', { ms: 20_000 }, { timeoutMs: 200 })).rejects.toBeInstanceOf(TaskTimeoutError)
    await until(() => !isAlive(pid), 'overrunning worker killed')
    expect(pool.workers()[0]!.pid).not.toBe(pid)
    await expect(pool.run('noop', null)).resolves.toBeTruthy()
  })

  it('reports task errors with their permanent flag', async () => {
    pool = startPool()
    const transient = await pool.run('diagnostics.fail', { message: 'disk busy' }).catch((error: unknown) => error)
    expect(transient).toBeInstanceOf(WorkerTaskError)
    expect(transient).toMatchObject({ message: 'disk busy', permanent: false })
    const permanent = await pool.run('diagnostics.fail', { message: 'no such template', permanent: true }).catch((e: unknown) => e)
    expect(permanent).toMatchObject({ message: 'no such template', permanent: true, errorName: 'PermanentTaskError' })
    const unknown = await pool.run('no.such.task', null).catch((error: unknown) => error)
    expect(unknown).toMatchObject({ permanent: true })
  })

  it('queues tasks beyond its capacity instead of dropping them', async () => {
    pool = startPool({ size: 1, tasksPerWorker: 2 })
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pool!.run('diagnostics.echo', i)))
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i))
  })

  it('offers no diagnostics tasks unless the environment asks for them', async () => {
    pool = createWorkerPool({ spawn: createNodeWorkerSpawner(), size: 1 })
    await expect(pool.run('diagnostics.crash', {})).rejects.toMatchObject({ permanent: true })
    await expect(pool.run('noop', null)).resolves.toBeTruthy()
  })

  it('rejects waiting and running tasks when stopped, and kills its workers', async () => {
    pool = startPool({ size: 1, tasksPerWorker: 1 })
    pool.warm()
    await pool.ready()
    const pid = pool.workers()[0]!.pid!
    const running = pool.run('diagnostics.sleep', { ms: 20_000 }).catch((error: unknown) => error)
    const waiting = pool.run('diagnostics.sleep', { ms: 1 }).catch((error: unknown) => error)
    await pool.stop()
    expect(await running).toBeInstanceOf(PoolStoppedError)
    expect(await waiting).toBeInstanceOf(PoolStoppedError)
    await until(() => !isAlive(pid), 'worker gone')
    await expect(pool.run('noop', null)).rejects.toBeInstanceOf(PoolStoppedError)
  })
})

/** An idle timer the test fires by hand: no assertion waits for real time to pass. */
function manualIdleTimer() {
  const armed: { ms: number; fire: () => void; cancelled: boolean }[] = []
  const timer: IdleTimer = (onIdle, ms) => {
    const entry = { ms, fire: onIdle, cancelled: false }
    armed.push(entry)
    return () => {
      entry.cancelled = true
    }
  }
  return { timer, waiting: () => armed.filter((entry) => !entry.cancelled) }
}

/** The real Node spawner, keeping each started process so the test can wait for its exit event. */
function recordingSpawner() {
  const spawn = createNodeWorkerSpawner({ env: { BENCH_WORKER_DIAGNOSTICS: '1' } })
  const started: { name: string; pid: number; exited: Promise<number | null> }[] = []
  const recorded: SpawnWorker = (name) => {
    const handle = spawn(name)
    started.push({ name, pid: handle.pid!, exited: new Promise((resolve) => handle.onExit(resolve)) })
    return handle
  }
  return { spawn: recorded, started }
}

describe('worker processes on demand', () => {
  let pool: WorkerPool | null = null
  afterEach(async () => {
    await pool?.stop()
    pool = null
  })

  it('starts a worker for the first task, ends its process after the idle wait, and starts a new one for the next task', async () => {
    const idle = manualIdleTimer()
    const spawner = recordingSpawner()
    pool = startPool({ spawn: spawner.spawn, idleTimer: idle.timer, idleExitMs: 90_000 })
    expect(spawner.started).toEqual([])

    const first = (await pool.run('diagnostics.sleep', { ms: 1 })) as { pid: number }
    expect(spawner.started.map((worker) => worker.pid)).toEqual([first.pid])
    // Answered, nothing else to do: the idle wait is armed, with the pool's wait.
    expect(idle.waiting().map((wait) => wait.ms)).toEqual([90_000])
    expect(isAlive(first.pid)).toBe(true)

    idle.waiting()[0]!.fire()
    // The process itself ends (its exit event), and the pool lists no worker.
    await spawner.started[0]!.exited
    expect(isAlive(first.pid)).toBe(false)
    expect(pool.workers()).toEqual([])

    const second = (await pool.run('diagnostics.sleep', { ms: 1 })) as { pid: number }
    expect(spawner.started).toHaveLength(2)
    expect(second.pid).toBe(spawner.started[1]!.pid)
    expect(second.pid).not.toBe(first.pid)
    // An idle exit is not a crash: the Jobs page counts no restart.
    expect(pool.workers()).toMatchObject([{ name: 'worker-1', restarts: 0, ready: true }])
  })

  it('a task that comes during the idle wait cancels it and runs on the same worker', async () => {
    const idle = manualIdleTimer()
    const spawner = recordingSpawner()
    pool = startPool({ spawn: spawner.spawn, idleTimer: idle.timer, size: 1 })
    const first = (await pool.run('diagnostics.sleep', { ms: 1 })) as { pid: number }
    const [wait] = idle.waiting()
    const second = (await pool.run('diagnostics.sleep', { ms: 1 })) as { pid: number }
    expect(wait!.cancelled).toBe(true)
    expect(second.pid).toBe(first.pid)
    expect(spawner.started).toHaveLength(1)
    // Idle again after the second task: one wait armed anew, none left over from the first.
    expect(idle.waiting()).toHaveLength(1)
    expect(idle.waiting()[0]).not.toBe(wait)
  })

  it('a busy worker is never ended by its idle wait; a worker warmed ahead exits when no task comes', async () => {
    const idle = manualIdleTimer()
    const spawner = recordingSpawner()
    pool = startPool({ spawn: spawner.spawn, idleTimer: idle.timer, size: 2 })
    pool.warm(2)
    await pool.ready()
    expect(pool.workers().map((worker) => worker.ready)).toEqual([true, true])
    expect(idle.waiting()).toHaveLength(2)

    const running = pool.run('diagnostics.sleep', { ms: 300 })
    await until(() => pool!.workers().some((worker) => worker.inFlight === 1), 'task in flight')
    const busy = pool.workers().find((worker) => worker.inFlight === 1)!
    // The busy worker's wait was cancelled when its task came; the other's still stands.
    const [other] = idle.waiting()
    expect(idle.waiting()).toHaveLength(1)
    other!.fire()
    const idleWorker = spawner.started.find((worker) => worker.pid !== busy.pid)!
    await idleWorker.exited
    expect(await running).toMatchObject({ pid: busy.pid })
    expect(pool.workers().map((worker) => worker.pid)).toEqual([busy.pid])
  })
})
