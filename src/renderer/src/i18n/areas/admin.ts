import type { Catalogue } from '../catalogue'

const es = {
  title: 'Administración del puesto',
  vets: {
    title: 'Veterinarios',
    search: 'Buscar veterinario',
    none: 'No hay veterinarios.',
    edit: 'Corregir',
    save: 'Guardar cambios',
    cancel: 'Cancelar',
    saved: 'Veterinario guardado; se sincronizará con el servidor.',
    columns: { name: 'Nombre', clinic: 'Clínica', email: 'E-mail', phone: 'Teléfono', licence: 'Nº colegiado' }
  }
}
const en: Catalogue<typeof es> = {
  title: 'Bench administration',
  vets: {
    title: 'Veterinarians',
    search: 'Search veterinarian',
    none: 'No veterinarians.',
    edit: 'Correct',
    save: 'Save changes',
    cancel: 'Cancel',
    saved: 'Veterinarian saved; it will be synchronised with the server.',
    columns: { name: 'Name', clinic: 'Clinic', email: 'E-mail', phone: 'Phone', licence: 'Licence no.' }
  }
}

export const adminMessages = { es, en }
