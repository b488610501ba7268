import { afterEach, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'

let bench: TestHost | undefined
afterEach(async () => {
  await bench?.close()
  bench = undefined
})

it('an unpaired bench trying the app shows its demo price list as demo, and none once the demo data is removed', async () => {
  bench = await startTestHost({ demoProtocols: 5 })
  const demo = await bench.call('workOrders.priceList', {})
  expect(demo.source).toBe('demo')
  expect(demo.services.length).toBeGreaterThan(0)
  await bench.call('demo.remove', {})
  expect(await bench.call('workOrders.priceList', {})).toEqual({ services: [], source: 'none' })
})
