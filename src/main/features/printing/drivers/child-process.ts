/**
 * Runs a spooler command (`lp`, `lpstat`, `powershell`) with the label bytes on stdin - no temp
 * files to leak or clean - and reports how it ended as data, so each driver maps the outcome to
 * its own errors.
 */
import { spawn } from 'node:child_process'

export type CommandOutcome =
  | { kind: 'exited'; code: number; stdout: string; stderr: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'spawn_failed'; code: string }

export interface RunOptions {
  input?: Uint8Array
  timeoutMs: number
  signal?: AbortSignal
  env?: NodeJS.ProcessEnv
}

/** English messages whatever the desktop's language, so the drivers can read them. */
export const C_LOCALE_ENV: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' }

export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ kind: 'aborted' })
    const child = spawn(command, args, { env: options.env ?? C_LOCALE_ENV, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let settled = false
    const settle = (outcome: CommandOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      if (outcome.kind === 'timeout' || outcome.kind === 'aborted') child.kill('SIGKILL')
      resolve(outcome)
    }
    const onAbort = () => settle({ kind: 'aborted' })
    const timer = setTimeout(() => settle({ kind: 'timeout' }), options.timeoutMs)
    options.signal?.addEventListener('abort', onAbort, { once: true })

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.once('error', (error: NodeJS.ErrnoException) => settle({ kind: 'spawn_failed', code: error.code ?? 'EUNKNOWN' }))
    child.once('close', (code, signal) =>
      settle({
        kind: 'exited',
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8')
      })
    )
    // A command that exits without reading all of stdin closes the pipe under us: its exit code
    // tells the story, not the EPIPE.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? new Uint8Array(0))
  })
}
