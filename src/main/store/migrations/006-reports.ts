import type { Migration } from './index'

/** Reports, cassettes and their finalized PDFs (being written). */
export const reportsSchema: Migration = {
  version: 6,
  name: 'reports',
  up() {}
}
