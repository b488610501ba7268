import type { Catalogue } from '../catalogue'

/** The bench's health panel and badge: one sentence per reason, with the facts main measured. */
const es = {
  title: 'Estado del puesto',
  badge: 'Estado del puesto: {{level}}',
  checkNow: 'Comprobar ahora',
  checking: 'Comprobando…',
  notYet: 'Aún no se ha comprobado.',
  checkedAt: 'Comprobado a las {{time}}',
  level: { green: 'correcto', amber: 'atención', red: 'problema' },
  check: {
    database: 'Base de datos',
    disk: 'Disco',
    printer: 'Impresora de etiquetas',
    sync: 'Sincronización',
    workers: 'Procesos de trabajo',
    backlog: 'Cambios sin enviar'
  },
  reason: {
    database_ok: 'Integridad comprobada a las {{time}}: correcta.',
    database_unchecked: 'La integridad no se ha comprobado en los últimos días.',
    database_damaged: 'La comprobación de integridad encontró errores: avise a soporte y no apague el equipo.',
    disk_ok: '{{freeMb}} MB libres.',
    disk_low: 'Quedan {{freeMb}} MB libres (aviso por debajo de {{warnMb}} MB): libere espacio pronto.',
    disk_critical: 'Solo quedan {{freeMb}} MB libres: el puesto dejará de guardar datos.',
    disk_unknown: 'No se pudo leer el espacio libre.',
    printer_ready: '{{printer}} preparada.',
    printer_none: 'No hay impresora configurada: las etiquetas no se imprimen.',
    printer_unreachable: '{{printer}} no responde (apagada, desconectada o sin red).',
    printer_paper_out: '{{printer}} sin etiquetas.',
    printer_head_open: '{{printer}} con el cabezal abierto.',
    printer_paused: '{{printer}} en pausa.',
    printer_ribbon_out: '{{printer}} sin cinta.',
    printer_offline: '{{printer}} fuera de línea.',
    printer_unknown: '{{printer}} no informa de su estado.',
    sync_unpaired: 'Puesto sin vincular con el servidor central.',
    sync_recent: 'Última sincronización a las {{time}}.',
    sync_late: 'Sin sincronizar desde hace {{minutes}} min.',
    sync_stale: 'Sin sincronizar desde hace más de un día ({{time}}).',
    sync_never: 'Vinculado, pero aún no ha sincronizado nunca.',
    workers_ok: '{{ready}} de {{total}} en marcha.',
    workers_idle: 'Ningún proceso de trabajo en marcha: arranca uno cuando hace falta un PDF.',
    workers_starting: '{{ready}} de {{total}} en marcha: el resto está arrancando.',
    workers_down: 'Ningún proceso de trabajo en marcha: los PDF y las etiquetas PDF esperan.',
    backlog_empty: 'Todo enviado.',
    backlog_unpaired: '{{count}} cambios guardados solo en este puesto (sin servidor).',
    backlog_waiting: '{{count}} cambios esperando al servidor.',
    backlog_old: '{{count}} cambios sin enviar desde hace {{minutes}} min.',
    backlog_very_old: '{{count}} cambios sin enviar desde hace más de un día.'
  }
}

const en: Catalogue<typeof es> = {
  title: 'Bench health',
  badge: 'Bench health: {{level}}',
  checkNow: 'Check now',
  checking: 'Checking…',
  notYet: 'Not checked yet.',
  checkedAt: 'Checked at {{time}}',
  level: { green: 'fine', amber: 'attention', red: 'problem' },
  check: {
    database: 'Database',
    disk: 'Disk',
    printer: 'Label printer',
    sync: 'Sync',
    workers: 'Worker processes',
    backlog: 'Unsent changes'
  },
  reason: {
    database_ok: 'Integrity checked at {{time}}: fine.',
    database_unchecked: 'Integrity has not been checked in the last days.',
    database_damaged: 'The integrity check found errors: call support and do not switch the computer off.',
    disk_ok: '{{freeMb}} MB free.',
    disk_low: '{{freeMb}} MB left (warning below {{warnMb}} MB): free some space soon.',
    disk_critical: 'Only {{freeMb}} MB left: the bench is about to stop saving.',
    disk_unknown: 'The free space could not be read.',
    printer_ready: '{{printer}} ready.',
    printer_none: 'No printer configured: labels are not printed.',
    printer_unreachable: '{{printer}} does not answer (off, unplugged or off the network).',
    printer_paper_out: '{{printer}} is out of labels.',
    printer_head_open: '{{printer}} has its head open.',
    printer_paused: '{{printer}} is paused.',
    printer_ribbon_out: '{{printer}} is out of ribbon.',
    printer_offline: '{{printer}} is offline.',
    printer_unknown: '{{printer}} does not report its state.',
    sync_unpaired: 'Bench not paired with the central server.',
    sync_recent: 'Last sync at {{time}}.',
    sync_late: 'Not synced for {{minutes}} min.',
    sync_stale: 'Not synced for more than a day ({{time}}).',
    sync_never: 'Paired, but never synced yet.',
    workers_ok: '{{ready}} of {{total}} running.',
    workers_idle: 'No worker process running: one starts when a PDF is needed.',
    workers_starting: '{{ready}} of {{total}} running: the others are starting.',
    workers_down: 'No worker process running: PDFs and PDF labels wait.',
    backlog_empty: 'Everything sent.',
    backlog_unpaired: '{{count}} changes kept on this bench only (no server).',
    backlog_waiting: '{{count}} changes waiting for the server.',
    backlog_old: '{{count}} changes unsent for {{minutes}} min.',
    backlog_very_old: '{{count}} changes unsent for more than a day.'
  }
}

export const healthMessages = { es, en }
