import type { Catalogue } from '../catalogue'

/** Exports (being written). */
const es = { title: 'Exportar' }
const en: Catalogue<typeof es> = { title: 'Export' }

export const exportsMessages = { es, en }
