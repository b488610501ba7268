import type { Catalogue } from '../catalogue'

/** Bulk actions (being written). */
const es = { title: 'Acciones en bloque' }
const en: Catalogue<typeof es> = { title: 'Bulk actions' }

export const bulkMessages = { es, en }
