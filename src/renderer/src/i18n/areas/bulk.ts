import type { Catalogue } from '../catalogue'

/** Bulk actions on the Protocols page: selection, the action bar and a batch's results. */
const es = {
  title: 'Acciones en bloque',
  select: 'Seleccionar {{number}}',
  selectPage: 'Seleccionar los visibles',
  selected_one: '{{count}} seleccionado',
  selected_other: '{{count}} seleccionados',
  allMatching: 'Todos los que coinciden ({{count}})',
  selectAllMatching: 'Seleccionar los {{count}} que coinciden',
  clear: 'Quitar selección',
  shortcuts: 'Ctrl+Espacio marca la fila actual · Mayús+clic marca un tramo · Ctrl+Mayús+A marca todo lo que coincide · Esc quita la selección',
  actions: {
    receive: 'Recibir',
    status: 'Cambiar estado',
    statusTo: 'Nuevo estado',
    apply: 'Aplicar',
    assignWorkOrder: 'Asignar a orden de trabajo',
    workOrder: 'Orden de trabajo',
    chooseDraft: 'Elegir borrador…',
    noDrafts: 'No hay borradores',
    draft: 'borrador',
    correction: 'corrección de {{number}} (v{{version}})',
    draftOption_one: '{{veterinarian}} · {{order}} · {{count}} línea',
    draftOption_other: '{{veterinarian}} · {{order}} · {{count}} líneas',
    assign: 'Asignar',
    reprint: 'Reimprimir etiquetas',
    undo: 'Deshacer'
  },
  batch: {
    receive: 'Recepción en bloque',
    status: 'Cambio de estado a «{{status}}»',
    assignWorkOrder: 'Asignación a una orden de trabajo',
    reprint: 'Reimpresión de etiquetas',
    undo: 'Deshacer acción en bloque'
  },
  progress: '{{done}} de {{total}}',
  state: { queued: 'En cola', running: 'En curso', done: 'Terminado', cancelled: 'Detenido' },
  counts: '{{succeeded}} correctos · {{failed}} con error · {{unavailable}} no disponibles',
  failures: 'Elementos con error',
  noNumber: 'sin número',
  retry: 'Reintentar los fallidos',
  retryOne: 'Reintentar',
  undo: 'Deshacer todo',
  undone: 'Deshecho',
  cancel: 'Detener',
  close: 'Cerrar',
  keepWorking: 'Puede seguir trabajando mientras termina.',
  moreFailures: 'y {{count}} más'
}

const en: Catalogue<typeof es> = {
  title: 'Bulk actions',
  select: 'Select {{number}}',
  selectPage: 'Select the visible rows',
  selected_one: '{{count}} selected',
  selected_other: '{{count}} selected',
  allMatching: 'All matching ({{count}})',
  selectAllMatching: 'Select all {{count}} matching',
  clear: 'Clear selection',
  shortcuts: 'Ctrl+Space marks the current row · Shift+click marks a range · Ctrl+Shift+A marks everything matching · Esc clears the selection',
  actions: {
    receive: 'Receive',
    status: 'Change status',
    statusTo: 'New status',
    apply: 'Apply',
    assignWorkOrder: 'Assign to work order',
    workOrder: 'Work order',
    chooseDraft: 'Choose a draft…',
    noDrafts: 'No drafts',
    draft: 'draft',
    correction: 'correction of {{number}} (v{{version}})',
    draftOption_one: '{{veterinarian}} · {{order}} · {{count}} line',
    draftOption_other: '{{veterinarian}} · {{order}} · {{count}} lines',
    assign: 'Assign',
    reprint: 'Reprint labels',
    undo: 'Undo'
  },
  batch: {
    receive: 'Bulk receive',
    status: 'Status change to “{{status}}”',
    assignWorkOrder: 'Assignment to a work order',
    reprint: 'Label reprint',
    undo: 'Undo of a bulk action'
  },
  progress: '{{done}} of {{total}}',
  state: { queued: 'Queued', running: 'Running', done: 'Finished', cancelled: 'Stopped' },
  counts: '{{succeeded}} done · {{failed}} failed · {{unavailable}} unavailable',
  failures: 'Items that failed',
  noNumber: 'no number',
  retry: 'Retry the failed ones',
  retryOne: 'Retry',
  undo: 'Undo all',
  undone: 'Undone',
  cancel: 'Stop',
  close: 'Close',
  keepWorking: 'You can keep working while it finishes.',
  moreFailures: 'and {{count}} more'
}

export const bulkMessages = { es, en }
