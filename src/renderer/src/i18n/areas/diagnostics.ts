import type { Catalogue } from '../catalogue'

/** Diagnostics and updates (being written). */
const es = { title: 'Diagnóstico' }
const en: Catalogue<typeof es> = { title: 'Diagnostics' }

export const diagnosticsMessages = { es, en }
