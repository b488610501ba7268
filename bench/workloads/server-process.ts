/**
 * The reference sync server as a real child process (`node --import tsx server/src/cli.ts`, as
 * `npm run server` runs it, so the pid is the server itself), and a throwaway PostgreSQL schema for
 * it. Shared by the bench's server areas and the server tests: both drive the same process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ServerProcess {
  child: ChildProcess
  url: string
  output(): string
}

/** Starts the server with `env` on top of this process's environment (PORT 0, 127.0.0.1) and waits for its `ready` line. */
export async function spawnServer(env: Record<string, string>, startTimeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + startTimeoutMs
  while (!/^ready$/m.test(output)) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`timed out waiting for the server to start:\n${output}`)
    }
    await sleep(50)
  }
  const url = /listening on (http:\/\/\S+)/.exec(output)![1]!
  return { child, url, output: () => output }
}

export function killProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

export interface Postgres {
  /** Connection URL of a database the caller may create schemas in. */
  url: string
  /** Stops the cluster when this process started it; leaves a given one running. */
  stop(): Promise<void>
}

/**
 * SYNC_TEST_DATABASE_URL when it is set, else a cluster of its own from test/support/postgres.sh
 * (stopped and deleted by `stop`). A string is the reason there is no PostgreSQL here.
 */
export function throwawayPostgres(): Postgres | string {
  const given = process.env.SYNC_TEST_DATABASE_URL
  if (given) return { url: given, stop: async () => undefined }
  const scratch = mkdtempSync(join(tmpdir(), 'rb-pg-file-'))
  const clusterFile = join(scratch, 'cluster')
  try {
    const started = spawnSync('bash', [join(ROOT, 'test/support/postgres.sh')], {
      env: { ...process.env, PG_CLUSTER_FILE: clusterFile },
      encoding: 'utf8'
    })
    if (started.status !== 0) {
      return `skipped: no PostgreSQL (SYNC_TEST_DATABASE_URL is not set and test/support/postgres.sh could not start one: ${started.stderr.trim().split('\n').pop() ?? ''})`
    }
    const cluster = readFileSync(clusterFile, 'utf8').trim()
    return {
      url: started.stdout.trim(),
      stop: async () => {
        spawnSync('bash', [join(ROOT, 'test/support/postgres.sh'), 'stop', cluster], { stdio: 'ignore' })
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

export interface PostgresSchema {
  name: string
  /** DATABASE_URL for a server process: the schema is its search path. */
  databaseUrl: string
  drop(): Promise<void>
}

/** A new empty schema, so a run never meets another run's tables on a shared cluster. */
export async function freshSchema(postgresUrl: string): Promise<PostgresSchema> {
  const name = `t_${randomBytes(6).toString('hex')}`
  const url = new URL(postgresUrl)
  url.searchParams.set('options', `-c search_path=${name}`)
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${name}`)
  await admin.end()
  return {
    name,
    databaseUrl: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl })
      await client.connect()
      await client.query(`DROP SCHEMA ${name} CASCADE`)
      await client.end()
    }
  }
}
