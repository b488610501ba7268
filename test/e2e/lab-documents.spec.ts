import { reportMadeOnAOpenedOnB, wipedBenchRestoredWithProgress } from '../scenarios/lab-documents'
import { test } from './fixtures'

// Documents of the whole lab, on real installs (a demo bench cannot pair) with a real reference
// server, in Chromium through the browser harness. Two benches and a restore take longer than one bench's page.
test.describe('lab documents', () => {
  test.describe.configure({ timeout: 180_000 })
  test('the report and the work order made on bench A opened on bench B: read-only, from A, in the viewer, no second report, no correction', ({ freshBench, otherFreshBench }) =>
    reportMadeOnAOpenedOnB(freshBench, otherFreshBench))
  test('restore with progress: a wiped bench paired again sees protocols, reports and PDFs come back, ending with the counts it had', ({ freshBench }) =>
    wipedBenchRestoredWithProgress(freshBench))
})
