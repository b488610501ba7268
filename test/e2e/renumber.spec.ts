import { renumberARefusedNumberFromTheConflictsList } from '../scenarios/renumber'
import { test } from './fixtures'

// Renumbering, on a real install (no demo data: a demo bench cannot pair), in Chromium through the browser harness.
test('a number the server refused gets "Renumerar" in the Sync conflicts list: a leased number, the new label at the printer, the old one still found', ({ freshBench }) =>
  renumberARefusedNumberFromTheConflictsList(freshBench))
