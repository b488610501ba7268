import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'

// A 1x1 transparent PNG.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

describe('document and notification settings', () => {
  let bench: TestHost
  beforeEach(async () => {
    bench = await startTestHost()
  })
  afterEach(async () => {
    await bench.close()
  })

  it('keeps letterhead, tax, signature and notification switches across a restart', async () => {
    await bench.call('settings.update', {
      letterhead: { name: 'Laboratorio Peñalara', address: 'Calle Ñ 1\n28001 Madrid', taxId: 'B12345678', logoPngDataUrl: PNG },
      defaultTaxRatePercent: 10,
      reportSignaturePng: PNG,
      notify: { sampleReceived: false, sampleRejected: true, reportReady: true }
    })
    await bench.restart()
    const settings = await bench.call('settings.get', {})
    expect(settings.letterhead).toEqual({ name: 'Laboratorio Peñalara', address: 'Calle Ñ 1\n28001 Madrid', taxId: 'B12345678', logoPngDataUrl: PNG })
    expect(settings.defaultTaxRatePercent).toBe(10)
    expect(settings.reportSignaturePng).toBe(PNG)
    expect(settings.notify.sampleReceived).toBe(false)
  })

  it('refuses a letterhead without a name, a tax over 100 % and a signature that is not a PNG, changing nothing', async () => {
    const before = await bench.call('settings.get', {})
    for (const patch of [
      { letterhead: { name: '  ', address: '', taxId: '' } },
      { defaultTaxRatePercent: 121 },
      { defaultTaxRatePercent: 10.005 },
      { reportSignaturePng: 'data:image/jpeg;base64,AAAA' },
      { notify: { sampleReceived: true } }
    ]) {
      await expect(bench.call('settings.update', patch as never), JSON.stringify(patch)).rejects.toMatchObject({ code: 'invalid_input' })
    }
    expect(await bench.call('settings.get', {})).toEqual(before)
  })
})
