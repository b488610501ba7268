import type { Catalogue } from '../catalogue'

/** Sync page and the status badge. */
const es = {
  title: 'Sincronización',
  states: { unpaired: 'Sin vincular', idle: 'Sincronizado', syncing: 'Sincronizando…', offline: 'Sin conexión', error: 'Error de sincronización' },
  badge: { pending_one: '{{count}} cambio pendiente', pending_other: '{{count}} cambios pendientes', conflicts_one: '{{count}} conflicto', conflicts_other: '{{count}} conflictos' },
  pair: {
    heading: 'Vincular con el servidor central',
    help: 'El administrador del laboratorio le dará la dirección del servidor (https://) y un código de un solo uso.',
    serverUrl: 'Dirección del servidor',
    code: 'Código de vinculación',
    benchName: 'Nombre de este puesto',
    submit: 'Vincular'
  },
  status: {
    heading: 'Estado',
    server: 'Servidor',
    bench: 'Puesto',
    pending: 'Cambios pendientes de enviar',
    conflicts: 'Conflictos por revisar',
    lastSuccess: 'Última sincronización correcta',
    lastAttempt: 'Último intento',
    nextRound: 'Próximo intento',
    lastError: 'Último error',
    never: 'nunca',
    snapshot: 'Pendiente: descarga completa del servidor',
    drift: 'La copia local no coincide con el servidor: se descargará de nuevo.',
    secretPlain: 'La clave del puesto se guarda en un archivo protegido solo por permisos (sin llavero del sistema).',
    secretProtected: 'La clave del puesto está protegida por el llavero del sistema.'
  },
  restore: {
    heading: 'Recuperación desde el servidor',
    states: {
      rows: 'Descargando los registros…',
      pdfs: 'Descargando los PDF…',
      done: 'Terminada: este puesto tiene todo lo que guarda el servidor.',
      failed: 'Interrumpida: sigue sola en la próxima sincronización.'
    },
    kinds: { protocol: 'Protocolos', work_order: 'Órdenes de trabajo', report: 'Informes', pdf: 'PDF' },
    of: '{{done}} de {{total}}',
    so: '{{done}}',
    started: 'Empezó {{time}}',
    finished: 'Terminó {{time}}'
  },
  actions: { syncNow: 'Sincronizar ahora', replace: 'Descargar de nuevo todo', unpair: 'Desvincular', confirmUnpair: 'Pulse otra vez para desvincular' },
  admin: {
    pin: 'PIN de administración',
    firstPin: 'Este puesto aún no tiene PIN de administración: el que escriba aquí (4-8 cifras) será el suyo.',
    changeServer: 'Cambiar la dirección del servidor',
    saveServer: 'Guardar dirección',
    rotateSecret: 'Renovar la clave de sincronización',
    rotateExplain: 'El servidor da una clave nueva a este puesto; la anterior sigue valiendo unos minutos. Se hace también cada mes.',
    rotateConfirm: 'Renovar clave',
    secretRotated: 'Clave renovada ({{time}}).',
    cancel: 'Cancelar'
  },
  conflicts: {
    heading: 'Conflictos por revisar',
    none: 'No hay conflictos.',
    reviewed: 'Revisado',
    renumber: 'Renumerar',
    renumbered: 'Renumerado: {{before}} → {{after}}.',
    renumberedLabel: 'Renumerado: {{before}} → {{after}}. La etiqueta nueva va a la impresora.',
    renumberedOrder: 'Orden renumerada: {{before}} → {{after}}. Su PDF lleva ya el número nuevo.',
    local: 'Este puesto',
    server: 'Servidor',
    kinds: { field: 'Campo de otro propietario', rejected: 'Rechazado por el servidor', refused: 'No aceptado (datos no válidos)', apply_failed: 'No aplicado en este puesto' },
    codes: {
      lab_owned: 'El laboratorio cambió este campo antes: se mantiene su valor.',
      bench_owned: 'Este campo pertenece al puesto que recibió el protocolo: se mantiene su valor.',
      base_version_ahead: 'El cambio se hizo sobre una versión que el servidor no tiene (¿servidor restaurado?). Revise el registro y repita el cambio si sigue haciendo falta.',
      not_owner: 'El registro pertenece a otro puesto: solo ese puesto o el laboratorio pueden borrarlo.',
      lab_only: 'Solo el laboratorio puede cambiarlo (tarifas, informes finalizados).',
      range_taken:
        'El rango local de numeración coincide con el de otro puesto. Se ha cerrado: este puesto numera ahora con bloques del servidor. Los protocolos ya numerados con números de otro puesto aparecerán como conflictos.'
    }
  },
  entities: { protocol: 'Protocolo', veterinarian: 'Veterinario', service: 'Servicio', work_order: 'Orden de trabajo', report: 'Informe', notification: 'Notificación' }
}

const en: Catalogue<typeof es> = {
  title: 'Sync',
  states: { unpaired: 'Not paired', idle: 'Synchronised', syncing: 'Syncing…', offline: 'Offline', error: 'Sync error' },
  badge: { pending_one: '{{count}} pending change', pending_other: '{{count}} pending changes', conflicts_one: '{{count}} conflict', conflicts_other: '{{count}} conflicts' },
  pair: {
    heading: 'Pair with the central server',
    help: "The lab's administrator gives you the server address (https://) and a one-time code.",
    serverUrl: 'Server address',
    code: 'Pairing code',
    benchName: 'Name of this bench',
    submit: 'Pair'
  },
  status: {
    heading: 'Status',
    server: 'Server',
    bench: 'Bench',
    pending: 'Changes waiting to be sent',
    conflicts: 'Conflicts to review',
    lastSuccess: 'Last successful sync',
    lastAttempt: 'Last attempt',
    nextRound: 'Next attempt',
    lastError: 'Last error',
    never: 'never',
    snapshot: 'Pending: full download from the server',
    drift: 'The local copy differs from the server: it will be downloaded again.',
    secretPlain: "The bench's key is kept in a file protected only by permissions (no system keychain).",
    secretProtected: "The bench's key is protected by the system keychain."
  },
  restore: {
    heading: 'Restore from the server',
    states: {
      rows: 'Downloading the records…',
      pdfs: 'Downloading the PDFs…',
      done: 'Finished: this bench holds everything the server keeps.',
      failed: 'Interrupted: it goes on by itself at the next sync.'
    },
    kinds: { protocol: 'Protocols', work_order: 'Work orders', report: 'Reports', pdf: 'PDFs' },
    of: '{{done}} of {{total}}',
    so: '{{done}}',
    started: 'Started {{time}}',
    finished: 'Finished {{time}}'
  },
  actions: { syncNow: 'Sync now', replace: 'Download everything again', unpair: 'Unpair', confirmUnpair: 'Press again to unpair' },
  admin: {
    pin: 'Admin PIN',
    firstPin: 'This bench has no admin PIN yet: the one you type here (4-8 digits) becomes its admin PIN.',
    changeServer: 'Change the server address',
    saveServer: 'Save address',
    rotateSecret: 'Renew the sync secret',
    rotateExplain: 'The server gives this bench a new secret; the old one stays valid for a few minutes. This also happens every month.',
    rotateConfirm: 'Renew secret',
    secretRotated: 'Secret renewed ({{time}}).',
    cancel: 'Cancel'
  },
  conflicts: {
    heading: 'Conflicts to review',
    none: 'No conflicts.',
    reviewed: 'Reviewed',
    renumber: 'Renumber',
    renumbered: 'Renumbered: {{before}} → {{after}}.',
    renumberedLabel: 'Renumbered: {{before}} → {{after}}. The new label is on its way to the printer.',
    renumberedOrder: 'Work order renumbered: {{before}} → {{after}}. Its PDF now carries the new number.',
    local: 'This bench',
    server: 'Server',
    kinds: { field: "Another owner's field", rejected: 'Rejected by the server', refused: 'Not accepted (invalid data)', apply_failed: 'Not applied on this bench' },
    codes: {
      lab_owned: 'The lab changed this field first: its value is kept.',
      bench_owned: 'This field belongs to the bench that received the protocol: its value is kept.',
      base_version_ahead: 'The change was made on a version the server does not have (a restored server?). Check the record and make the change again if it is still needed.',
      not_owner: 'The record belongs to another bench: only that bench or the lab may delete it.',
      lab_only: 'Only the lab may change it (prices, finalized reports).',
      range_taken:
        "This bench's local numbering range overlaps another bench's. It has been closed: this bench now numbers from server blocks. Protocols already given another bench's numbers will show up as conflicts."
    }
  },
  entities: { protocol: 'Protocol', veterinarian: 'Veterinarian', service: 'Service', work_order: 'Work order', report: 'Report', notification: 'Notification' }
}

export const syncMessages = { es, en }
