import type { TaskRegistry } from './protocol'

/** CSV and XLSX exports (being written). */
export const exportTasks: TaskRegistry = {}
