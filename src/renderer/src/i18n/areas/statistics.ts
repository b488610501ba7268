import type { Catalogue } from '../catalogue'

/** Statistics page (being written). */
const es = { title: 'Estadísticas' }
const en: Catalogue<typeof es> = { title: 'Statistics' }

export const statisticsMessages = { es, en }
