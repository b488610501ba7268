import type { Catalogue } from '../catalogue'

/** Reports page (being written). */
const es = { title: 'Informes' }
const en: Catalogue<typeof es> = { title: 'Reports' }

export const reportsMessages = { es, en }
