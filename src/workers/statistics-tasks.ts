import type { TaskRegistry } from './protocol'

/** The weekly statistics PDF (being written). */
export const statisticsTasks: TaskRegistry = {}
