import type { TaskRegistry } from '../shared/worker-protocol'

/**
 * Exports need no worker task: the export job streams rows from SQLite in keyset chunks and
 * writes them in the main process, yielding between chunks (see src/main/exports/exports-module.ts
 * for why). Kept so the registry in tasks.ts stays one import per area.
 */
export const exportTasks: TaskRegistry = {}
