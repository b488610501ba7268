import type { TaskRegistry } from './protocol'

/** Work-order and report PDFs (being written). */
export const documentTasks: TaskRegistry = {}
