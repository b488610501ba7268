import type { Catalogue } from '../catalogue'

/** Diagnostics (logs, export) and application updates. */
const es = {
  title: 'Diagnóstico',
  version: 'Versión',
  shell: 'Entorno',
  system: 'Sistema',
  runtime: 'Electron / Chromium / Node',
  dataDir: 'Carpeta de datos',
  logDir: 'Registros (log)',
  noLogFile: 'Este entorno escribe el registro solo en la consola.',
  crashDumps: 'Informes de fallo (locales, no se envían)',
  openLogs: 'Mostrar los registros en su carpeta',
  slow: {
    title: 'Operaciones lentas',
    explain: 'Peticiones y consultas SQL que tardaron más del límite. Se anota su nombre o su SQL y la duración, nunca los datos.',
    requestLimit: 'Límite de peticiones (ms)',
    queryLimit: 'Límite de consultas SQL (ms)',
    save: 'Guardar límites',
    saved: 'Límites guardados',
    refresh: 'Actualizar',
    none: 'Ninguna operación lenta desde que se abrió la aplicación.',
    when: 'Hora',
    kind: 'Tipo',
    duration: 'Duración',
    name: 'Petición o SQL',
    ms: '{{ms}} ms',
    kinds: { request: 'Petición', query: 'Consulta SQL' }
  },
  export: {
    title: 'Exportar diagnóstico',
    explain: 'Un archivo ZIP para soporte: registros, versiones, ajustes sin PIN ni claves, estadísticas de tareas, operaciones lentas y la comprobación de integridad de la base de datos. Sin datos de pacientes.',
    includePatientData: 'Incluir una copia de la base de datos (contiene datos de pacientes y propietarios)',
    patientDataWarning: 'Solo si soporte lo pide y el laboratorio lo autoriza: la copia incluye todos los protocolos.',
    button: 'Exportar diagnóstico…',
    working: 'Preparando el archivo…',
    done: 'Guardado en {{path}} ({{size}})',
    reveal: 'Mostrar en su carpeta'
  },
  updates: {
    title: 'Actualizaciones',
    check: 'Buscar actualizaciones ahora',
    restartNow: 'Reiniciar e instalar',
    phase: {
      unsupported: 'Este entorno no se actualiza solo (navegador o desarrollo).',
      idle: 'Al día.',
      checking: 'Buscando actualizaciones…',
      downloading: 'Descargando la versión {{version}}… {{percent}} %',
      downloaded: 'La versión {{version}} está lista: se instala al reiniciar.',
      error: 'La última búsqueda falló (se reintentará).'
    },
    notPaired: 'Se buscan en el servidor central cuando el puesto está vinculado.',
    feed: 'Origen',
    lastChecked: 'Última búsqueda',
    nextCheck: 'Próxima búsqueda',
    never: 'nunca',
    busy: 'Hay una recepción en curso: no se reiniciará hasta terminarla.',
    banner: 'La versión {{version}} de Reception Bench está lista.',
    bannerHint: 'Se instalará al cerrar la aplicación si no reinicia ahora.',
    later: 'Más tarde'
  }
}

const en: Catalogue<typeof es> = {
  title: 'Diagnostics',
  version: 'Version',
  shell: 'Shell',
  system: 'System',
  runtime: 'Electron / Chromium / Node',
  dataDir: 'Data folder',
  logDir: 'Logs',
  noLogFile: 'This shell logs to the console only.',
  crashDumps: 'Crash reports (kept locally, never sent)',
  openLogs: 'Show the logs in their folder',
  slow: {
    title: 'Slow operations',
    explain: 'Requests and SQL statements that took longer than their limit. Their name or SQL and the duration are noted, never the data.',
    requestLimit: 'Request limit (ms)',
    queryLimit: 'SQL statement limit (ms)',
    save: 'Save limits',
    saved: 'Limits saved',
    refresh: 'Refresh',
    none: 'No slow operation since the app was opened.',
    when: 'Time',
    kind: 'Kind',
    duration: 'Duration',
    name: 'Request or SQL',
    ms: '{{ms}} ms',
    kinds: { request: 'Request', query: 'SQL statement' }
  },
  export: {
    title: 'Export diagnostics',
    explain: 'A ZIP file for support: logs, versions, settings without PINs or keys, job statistics, slow operations and the database integrity check. No patient data.',
    includePatientData: 'Include a copy of the database (contains patient and owner data)',
    patientDataWarning: 'Only when support asks for it and the laboratory allows it: the copy holds every protocol.',
    button: 'Export diagnostics…',
    working: 'Preparing the file…',
    done: 'Saved to {{path}} ({{size}})',
    reveal: 'Show in folder'
  },
  updates: {
    title: 'Updates',
    check: 'Check for updates now',
    restartNow: 'Restart and install',
    phase: {
      unsupported: 'This shell does not update itself (browser or development).',
      idle: 'Up to date.',
      checking: 'Checking for updates…',
      downloading: 'Downloading version {{version}}… {{percent}} %',
      downloaded: 'Version {{version}} is ready: it installs on restart.',
      error: 'The last check failed (it will be retried).'
    },
    notPaired: 'Updates come from the central server once the bench is paired.',
    feed: 'Source',
    lastChecked: 'Last check',
    nextCheck: 'Next check',
    never: 'never',
    busy: 'A reception is in progress: no restart until it is finished.',
    banner: 'Reception Bench {{version}} is ready.',
    bannerHint: 'It installs when the app is closed if you do not restart now.',
    later: 'Later'
  }
}

export const diagnosticsMessages = { es, en }
