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
  },
  failedMail: {
    title: 'E-mails fallidos',
    none: 'Ningún e-mail ha fallado.',
    hint: 'Corrija antes el e-mail del veterinario si era erróneo: se reenvía a la dirección que tenga ahora.',
    columns: { when: 'Fecha', kind: 'Aviso', subject: 'Asunto', recipient: 'Destinatario', error: 'Error' }
  },
  audit: {
    title: 'Registro de auditoría',
    search: 'Buscar en el registro',
    anyActor: 'Cualquier administrativo',
    anyEntity: 'Cualquier elemento',
    actor: 'Administrativo',
    entity: 'Elemento',
    count: '{{count}} entradas',
    none: 'Ninguna entrada coincide.',
    export: 'Exportar el registro',
    columns: { at: 'Fecha', actor: 'Quién', action: 'Acción', entity: 'Elemento', change: 'Cambio' },
    entities: {
      protocol: 'Protocolo',
      veterinarian: 'Veterinario',
      work_order: 'Orden de trabajo',
      report: 'Informe',
      notification: 'Aviso al veterinario',
      printer: 'Impresora',
      letterhead: 'Membrete',
      clerk: 'Administrativo',
      admin_pin: 'PIN de administración',
      settings: 'Ajustes'
    }
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
  },
  failedMail: {
    title: 'Failed e-mails',
    none: 'No e-mail has failed.',
    hint: "Correct the veterinarian's e-mail first if it was wrong: it is sent to the address they have now.",
    columns: { when: 'Date', kind: 'Message', subject: 'Subject', recipient: 'Recipient', error: 'Error' }
  },
  audit: {
    title: 'Audit log',
    search: 'Search the log',
    anyActor: 'Any clerk',
    anyEntity: 'Anything',
    actor: 'Clerk',
    entity: 'Entity',
    count: '{{count}} entries',
    none: 'No entry matches.',
    export: 'Export the log',
    columns: { at: 'Date', actor: 'Who', action: 'Action', entity: 'Entity', change: 'Change' },
    entities: {
      protocol: 'Protocol',
      veterinarian: 'Veterinarian',
      work_order: 'Work order',
      report: 'Report',
      notification: 'Message to the veterinarian',
      printer: 'Printer',
      letterhead: 'Letterhead',
      clerk: 'Clerk',
      admin_pin: 'Admin PIN',
      settings: 'Settings'
    }
  }
}

export const adminMessages = { es, en }
