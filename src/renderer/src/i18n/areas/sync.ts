import type { Catalogue } from '../catalogue'

/** Sync page and status (being written). */
const es = { title: 'Sincronización' }
const en: Catalogue<typeof es> = { title: 'Sync' }

export const syncMessages = { es, en }
