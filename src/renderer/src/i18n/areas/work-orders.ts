import type { Catalogue } from '../catalogue'

/** Work orders page (being written). */
const es = { title: 'Órdenes de trabajo' }
const en: Catalogue<typeof es> = { title: 'Work orders' }

export const workOrdersMessages = { es, en }
