/**
 * `npm run server` entry.
 *   npm run server                         start the sync server (see ENV_HELP)
 *   npm run server -- pairing-code [--role bench|lab] [--ttl-minutes N]
 *                                          print a one-time pairing code without going through HTTP
 *   npm run server -- price-list FILE.csv|FILE.json
 *                                          make FILE the lab's price list (benches pull it)
 *   npm run server -- price-list           print the price list the server holds
 */
import { DeviceRole } from '../../src/shared/sync-protocol'
import { ENV_HELP, serverOptionsFromEnv } from './config'
import { createPairingCode } from './pairing'
import { readPriceList, readPriceListFile, setPriceList } from './price-list'
import { startServer, storageOptionsFor } from './server'
import { openStorage } from './storage/open'

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index >= 0 ? args[index + 1] : undefined
}

async function printPairingCode(args: string[]): Promise<void> {
  const options = serverOptionsFromEnv(process.env)
  const role = DeviceRole.parse(flag(args, '--role') ?? 'bench')
  const ttlMinutes = Number(flag(args, '--ttl-minutes') ?? 24 * 60)
  const storage = await openStorage(storageOptionsFor(options))
  try {
    const code = await createPairingCode(storage, { role, ttlMinutes, now: Date.now() })
    console.log(`Pairing code for one ${role}: ${code.code} (valid until ${new Date(code.expiresAt).toISOString()})`)
  } finally {
    await storage.close()
  }
}

const euros = (cents: number): string => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`

async function priceList(args: string[]): Promise<void> {
  const [file] = args
  // The file is read and checked before the storage opens: a bad file touches nothing.
  const entries = file ? await readPriceListFile(file) : null
  const storage = await openStorage(storageOptionsFor(serverOptionsFromEnv(process.env)))
  try {
    if (entries) {
      const change = await setPriceList(storage, entries)
      console.log(`Price list set: ${change.created.length} new, ${change.changed.length} changed, ${change.deactivated.length} made inactive, ${change.unchanged} unchanged`)
      for (const [what, codes] of [['new', change.created], ['changed', change.changed], ['inactive', change.deactivated]] as const) {
        if (codes.length > 0) console.log(`  ${what}: ${codes.join(', ')}`)
      }
      console.log('Benches take it on their next sync.')
      return
    }
    for (const service of await readPriceList(storage)) {
      console.log(`${service.code}\t${service.description}\t${euros(service.unitPriceCents)} EUR\t${service.taxRatePercent} %${service.active ? '' : '\t(inactive)'}`)
    }
  } finally {
    await storage.close()
  }
}

async function serve(): Promise<void> {
  const options = serverOptionsFromEnv(process.env)
  if (process.env.SYNC_FAULT_PAUSE_MID_PUSH === '1') {
    // Test-only: hold the first push transaction open halfway so a test can kill the process there.
    options.hooks = {
      midBatch: () => {
        console.log('fault: paused mid-push')
        return new Promise<void>(() => undefined)
      }
    }
  }
  const server = await startServer(options)
  console.log(`Reception Bench sync server (protocol v1) listening on ${server.url}`)
  console.log(`storage: ${server.storageKind} ${server.storageLocation}`)
  if (options.updatesDir) console.log(`auto-update files: ${server.url}/updates/ from ${options.updatesDir}`)
  if (!options.adminToken) console.log('admin endpoints disabled (set ADMIN_TOKEN); pairing codes: npm run server -- pairing-code')
  if ((await server.pairedDeviceCount()) === 0) {
    const code = await server.createPairingCode('bench')
    console.log(`No bench is paired yet. Pairing code: ${code.code} (one bench, valid 24 h)`)
  }
  // Last start-up line: supervisors and tests know everything above has been printed.
  console.log('ready')
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: closing`)
    void server.close().then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

const [command = 'serve', ...rest] = process.argv.slice(2)
const commands: Record<string, () => Promise<void>> = {
  serve,
  'pairing-code': () => printPairingCode(rest),
  'price-list': () => priceList(rest),
  help: async () => console.log(`usage: npm run server [-- serve | pairing-code [--role bench|lab] [--ttl-minutes N] | price-list [FILE.csv|FILE.json]]\n${ENV_HELP}`)
}
const run = commands[command] ?? commands.help!
run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
