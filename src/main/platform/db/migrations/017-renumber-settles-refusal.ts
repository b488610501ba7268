import type { Migration } from './index'

/** The refusals of a row's number, as push and pull file them in the conflicts list. */
const NUMBER_REFUSALS = `('number_outside_block', 'number_taken')`

const settleRefusals = (table: 'protocols' | 'work_orders', entity: 'protocol' | 'work_order') => `
      CREATE TRIGGER ${entity}_renumber_settles_refusal
        AFTER UPDATE OF number_refused ON ${table}
        WHEN OLD.number_refused IS NOT NULL AND NEW.number_refused IS NULL AND NEW.number IS NOT NULL
      BEGIN
        UPDATE sync_conflicts SET resolved_at = NEW.updated_at
          WHERE entity = '${entity}' AND entity_id = NEW.id AND code IN ${NUMBER_REFUSALS} AND resolved_at IS NULL;
      END;

      UPDATE sync_conflicts SET resolved_at = (SELECT r.updated_at FROM ${table} r WHERE r.id = sync_conflicts.entity_id)
        WHERE entity = '${entity}' AND code IN ${NUMBER_REFUSALS} AND resolved_at IS NULL
          AND EXISTS (SELECT 1 FROM ${table} r WHERE r.id = sync_conflicts.entity_id AND r.number_refused IS NULL AND r.number IS NOT NULL);`

/**
 * "Renumerar" is the one action a refused number needs: the renumber that clears a row's
 * refusal also marks its refusals in the conflicts list reviewed, in the same transaction, by
 * triggers (so neither the protocol nor the work-order path can forget to, and a clerk is not
 * left a second click on a row already mended). Refusals of rows renumbered before this
 * migration are settled here too. A refused typed range (`range_taken`) is not a row's refusal
 * and stays for the clerk to review.
 */
export const renumberSettlesRefusalSchema: Migration = {
  version: 17,
  name: 'renumber-settles-refusal',
  up(db) {
    db.exec(`${settleRefusals('protocols', 'protocol')}
      ${settleRefusals('work_orders', 'work_order')}`)
  }
}
