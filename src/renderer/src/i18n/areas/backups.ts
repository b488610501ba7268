import type { Catalogue } from '../catalogue'

/** Local backups (Settings) and the damaged-database screen. */
const es = {
  title: 'Copias de seguridad',
  protectsFirst:
    'Una copia protege ante todo los cambios que aún no se han enviado al servidor central ({{count}} ahora): lo ya sincronizado también está en el servidor, lo no enviado solo está en este puesto y en sus copias.',
  lastGood: 'Última copia buena',
  none: 'ninguna todavía',
  folder: 'Carpeta de las copias (un disco USB o una carpeta de red)',
  defaultFolder: 'Carpeta predeterminada: {{path}}',
  useDefault: 'Usar la predeterminada',
  keepDays: 'Días que se conservan',
  save: 'Guardar',
  daily: 'Se hace una copia cada día (y al abrir el puesto si se pasó la hora); cada una se comprueba con integrity_check.',
  now: 'Hacer una copia ahora',
  working: 'Haciendo la copia…',
  made: 'Copia {{name}} hecha y comprobada.',
  list: 'Copias guardadas',
  empty: 'No hay copias en esta carpeta.',
  columns: { when: 'Fecha', size: 'Tamaño', verified: 'Comprobada', unsynced: 'Cambios sin enviar' },
  verified: 'sí',
  unverified: 'no comprobada',
  restore: 'Restaurar…',
  confirmRestore:
    'Se sustituirá la base de datos de este puesto por la copia del {{when}}. Lo hecho después de esa copia deja de verse aquí (el archivo actual se guarda aparte, no se borra). ¿Restaurar?',
  confirm: 'Sí, restaurar',
  cancel: 'Cancelar',
  restoring: 'Restaurando…',
  failure: {
    title: 'La última copia falló ({{when}})',
    disk_full: 'El disco de las copias está lleno.',
    folder_read_only: 'No se puede escribir en la carpeta de las copias.',
    folder_missing: 'No se encuentra la carpeta de las copias (¿disco USB o unidad de red desconectada?).',
    verification_failed: 'La copia no superó la comprobación de integridad y se descartó.',
    database_damaged: 'La base de datos está dañada: no se hizo copia.',
    internal: 'Error inesperado (ver registros).'
  },
  damaged: {
    title: 'La base de datos de este puesto está dañada',
    explain:
      'La comprobación de integridad falló ({{when}}, {{foundBy}}). Para no perder nada, el puesto no guarda ningún cambio hasta que se restaure una copia buena.',
    foundBy: { start: 'al abrir el puesto', daily: 'en la comprobación diaria' },
    keptAside: 'El archivo dañado se ha guardado aparte, sin tocarlo: {{path}}',
    notKeptAside: 'El archivo dañado no se pudo copiar aparte (¿disco lleno?); sigue en su sitio, sin tocar.',
    step1: '1. Restaurar la última copia buena',
    latest: 'Copia del {{when}} ({{unsynced}} cambios sin enviar entonces)',
    noSnapshot: 'No hay ninguna copia buena en {{folder}}. Conecte el disco de las copias o elija su carpeta:',
    step2: '2. Descargar del servidor lo posterior a la copia',
    step2Explain: 'Restaurada la copia del {{when}}. Ahora descargue del servidor central lo que se hizo después en este y otros puestos.',
    numberingClosed:
      'La numeración no se pudo leer del archivo dañado: para no repetir ningún número, los bloques de números se han cerrado. Descargue del servidor para obtener un bloque nuevo, o añada un rango en Ajustes.',
    pull: 'Descargar del servidor',
    pulled: 'Descarga terminada.',
    done: 'Continuar',
    detail: 'Detalle para soporte'
  }
}

const en: Catalogue<typeof es> = {
  title: 'Backups',
  protectsFirst:
    'A backup first of all protects the changes not yet sent to the central server ({{count}} now): what is synced is also on the server, what is unsent is only on this bench and in its backups.',
  lastGood: 'Last good backup',
  none: 'none yet',
  folder: 'Backup folder (a USB disk or a network folder)',
  defaultFolder: 'Default folder: {{path}}',
  useDefault: 'Use the default',
  keepDays: 'Days kept',
  save: 'Save',
  daily: 'A backup is made every day (and when the bench opens if the time was missed); each one is checked with integrity_check.',
  now: 'Back up now',
  working: 'Backing up…',
  made: 'Backup {{name}} made and checked.',
  list: 'Saved backups',
  empty: 'No backups in this folder.',
  columns: { when: 'Date', size: 'Size', verified: 'Checked', unsynced: 'Unsent changes' },
  verified: 'yes',
  unverified: 'not checked',
  restore: 'Restore…',
  confirmRestore:
    "This bench's database will be replaced by the backup of {{when}}. What was done after that backup is no longer seen here (the current file is kept aside, not deleted). Restore?",
  confirm: 'Yes, restore',
  cancel: 'Cancel',
  restoring: 'Restoring…',
  failure: {
    title: 'The last backup failed ({{when}})',
    disk_full: 'The backup disk is full.',
    folder_read_only: 'The backup folder cannot be written.',
    folder_missing: 'The backup folder cannot be found (USB disk or network drive disconnected?).',
    verification_failed: 'The backup failed its integrity check and was discarded.',
    database_damaged: 'The database is damaged: no backup was made.',
    internal: 'Unexpected error (see the logs).'
  },
  damaged: {
    title: "This bench's database is damaged",
    explain: 'The integrity check failed ({{when}}, {{foundBy}}). So that nothing is lost, the bench saves no change until a good backup is restored.',
    foundBy: { start: 'when the bench opened', daily: 'in the daily check' },
    keptAside: 'The damaged file has been kept aside, untouched: {{path}}',
    notKeptAside: 'The damaged file could not be copied aside (disk full?); it stays where it is, untouched.',
    step1: '1. Restore the latest good backup',
    latest: 'Backup of {{when}} ({{unsynced}} unsent changes at the time)',
    noSnapshot: 'There is no good backup in {{folder}}. Connect the backup disk or choose its folder:',
    step2: '2. Pull from the server what came after the backup',
    step2Explain: 'The backup of {{when}} is restored. Now pull from the central server what was done afterwards on this and other benches.',
    numberingClosed:
      'The numbering could not be read from the damaged file: so that no number is repeated, the number blocks have been closed. Pull from the server to get a new block, or add a range in Settings.',
    pull: 'Pull from the server',
    pulled: 'Pull finished.',
    done: 'Continue',
    detail: 'Detail for support'
  }
}

export const backupsMessages = { es, en }
