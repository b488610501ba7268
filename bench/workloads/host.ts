/**
 * The real app core the bench areas measure, on a fresh data folder, with every answer checked:
 * an error answer ends the area with its message instead of counting as a fast call.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBenchHost, type BenchHost, type BenchHostOptions } from '../../src/main/host'
import type { RequestInput, RequestName, RequestOutput, Result } from '../../src/shared/contract'
import { DEFAULT_LABEL_SETTINGS } from '../../src/shared/label-settings'
import type { PrinterConfig } from '../../src/shared/printer-config'
import type { ReceiveInput } from '../../src/shared/reception'

/** The value of an ok answer; an error answer throws, naming the request. */
export function okValue<T>(request: string, result: Result<T>): T {
  if (!result.ok) throw new Error(`${request} answered an error: ${result.error.code}: ${result.error.message}`)
  return result.value
}

export interface RunningHost {
  readonly host: BenchHost
  readonly dataDir: string
  call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>>
  /** Closes the host and removes its data folder. */
  close(): Promise<void>
}

/**
 * A demo bench (veterinarians, a price list, a local numbering range, two clerks) with Ana on
 * duty, as a clerk finds it on a first start; `demoProtocols: 0` gives an empty database and
 * nobody on duty, for areas that seed their own volume.
 */
export async function startHost(options: Partial<BenchHostOptions> = {}): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rb-bench-'))
  const demoProtocols = options.demoProtocols ?? 10
  const bench = openHost(dataDir, { ...options, demoProtocols }, () => rmSync(dataDir, { recursive: true, force: true }))
  try {
    if (demoProtocols > 0) await bench.call('session.setClerk', { name: 'Ana (demo)' })
  } catch (error) {
    await bench.close()
    throw error
  }
  return bench
}

/** The host on a data folder that already holds a bench (a copy of a cached dataset); closing leaves the folder. */
export async function startHostOn(dataDir: string, options: Partial<BenchHostOptions> = {}): Promise<RunningHost> {
  return openHost(dataDir, options, () => undefined)
}

function openHost(dataDir: string, options: Partial<BenchHostOptions>, removeData: () => void): RunningHost {
  const host = createBenchHost({ dataDir, shell: 'browser-harness', appVersion: 'bench', log: () => undefined, ...options })
  const call = async <K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> =>
    okValue(name, (await host.dispatch(name, input)) as Result<RequestOutput<K>>)
  const close = async () => {
    await host.close()
    removeData()
  }
  return { host, dataDir, call, close }
}

/** A ZPL label printer on a raw TCP port (the printer sink's). */
export function zplPrinterAt(port: number): PrinterConfig {
  return { id: 'bench-sink', name: 'Sink', driver: 'tcp9100', language: 'zpl', host: '127.0.0.1', port, label: DEFAULT_LABEL_SETTINGS }
}

/** A walk-in biopsy with one container, as the clerk types it at the counter. */
export function walkIn(veterinarianId: string, animalName = 'Benchmark'): ReceiveInput {
  return {
    type: 'HP',
    veterinarianId,
    animal: { name: animalName, species: 'Perro', breed: 'Mestizo', owner: 'Peña Núñez' },
    sample: { sampleType: 'Biopsia cutánea', fixative: 'formol 10%', containers: [{}] }
  }
}
