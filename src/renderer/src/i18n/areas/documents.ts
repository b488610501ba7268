import type { Catalogue } from '../catalogue'

/** PDF viewer: view, save, print (being written). */
const es = { title: 'Documento' }
const en: Catalogue<typeof es> = { title: 'Document' }

export const documentsMessages = { es, en }
