import { demoDataTriedThenRemoved, firstRunPairedToTheFirstReceivedSample, firstRunWithATypedRangeToTheFirstReceivedSample } from '../scenarios/first-run'
import { test } from './fixtures'

// A real install, started without demo data, in Chromium through the browser harness.
test.describe('first run', () => {
  test('setup without demo data: name, language, printer with a test label, pairing with the lab server, then the first received sample', ({ freshBench }) =>
    firstRunPairedToTheFirstReceivedSample(freshBench))
  test('setup without a server: a range typed by the administrator numbers the first received sample', ({ freshBench }) =>
    firstRunWithATypedRangeToTheFirstReceivedSample(freshBench))
  test('"Probar con datos de demostración" loads the demo data, and removing it brings the setup back', ({ freshBench }) => demoDataTriedThenRemoved(freshBench))
})
