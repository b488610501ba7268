/** Server configuration from the environment (what `npm run server` reads). */
import type { ServerOptions } from './server'

export const ENV_HELP = `Environment:
  PORT             port to listen on (default 8787; 0 = any free port)
  HOST             address to bind (default 127.0.0.1; put HTTPS in front for production)
  DATA_DIR         folder of the SQLite database sync.sqlite (default ./server-data)
  DATABASE_URL     postgres://... selects PostgreSQL instead of SQLite
  SMTP_URL         smtp://user:pass@host:587 (or smtps://...) for notifications; unset = mail stays queued
  MAIL_FROM        From: of notification mail (default "Reception Bench <reception-bench@localhost>")
  ADMIN_TOKEN      bearer token of the /v1/admin endpoints (unset = admin endpoints disabled)
  UPDATES_DIR      folder served at /updates/ (latest.yml, installers, blockmaps, their .sig files)
  TRUST_PROXY      1 = count pairing attempts per X-Forwarded-For address (only behind a proxy that sets it)
  BLOCK_SIZE       protocol numbers per leased block (default 100)
  BLOCK_LOW_WATER  a block with this many numbers left no longer counts as a spare (default BLOCK_SIZE/5)`

function intFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${text}"`)
  return value
}

const text = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] ? env[name] : undefined)

export function serverOptionsFromEnv(env: NodeJS.ProcessEnv): ServerOptions {
  const blockSize = intFrom(env, 'BLOCK_SIZE')
  if (blockSize === 0) throw new Error('BLOCK_SIZE must be at least 1')
  return {
    port: intFrom(env, 'PORT') ?? 8787,
    host: text(env, 'HOST') ?? '127.0.0.1',
    dataDir: text(env, 'DATA_DIR') ?? 'server-data',
    databaseUrl: text(env, 'DATABASE_URL'),
    smtpUrl: text(env, 'SMTP_URL'),
    mailFrom: text(env, 'MAIL_FROM'),
    adminToken: text(env, 'ADMIN_TOKEN'),
    updatesDir: text(env, 'UPDATES_DIR'),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    blockSize,
    blockLowWater: intFrom(env, 'BLOCK_LOW_WATER')
  }
}
