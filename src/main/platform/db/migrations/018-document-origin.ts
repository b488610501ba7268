import type { Migration } from './index'

/**
 * A read-only copy of a work order or report says which bench made it: the server names the
 * owning bench on each document row it sends (`ownerBench`, docs/sync-api.md "Pull"). Copies
 * that arrived before this keep NULL and are shown as made at "another bench".
 */
export const documentOriginSchema: Migration = {
  version: 18,
  name: 'document-origin',
  up(db) {
    db.exec(`ALTER TABLE document_copies ADD COLUMN origin_bench TEXT;`)
  }
}
