import type { Catalogue } from '../catalogue'

/** Exports to CSV and XLSX. */
const es = {
  title: 'Exportar',
  csv: 'CSV',
  xlsx: 'Excel',
  exportSearch: 'Exportar esta búsqueda',
  workOrders: {
    title: 'Exportar líneas de órdenes de trabajo',
    exportStatus: 'Exportar líneas de órdenes de trabajo ({{status}})',
    veterinarian: 'Veterinario de las órdenes a exportar',
    allVeterinarians: 'Todos los veterinarios',
    from: 'Exportar desde (fecha)',
    to: 'Exportar hasta (fecha)',
    dateHint: 'Fecha de emisión; la de creación para los borradores'
  },
  statistics: 'Exportar las cifras de este periodo',
  running: 'Exportando… {{rows}} de {{total}} filas',
  queued: 'Exportación en cola…',
  done_one: '{{count}} fila guardada en {{path}}',
  done_other: '{{count}} filas guardadas en {{path}}',
  savedInBench: 'No hay diálogo de guardado aquí: el archivo está en la carpeta de datos del puesto.',
  failed: 'La exportación falló: {{error}}',
  cancelled: 'Exportación cancelada.',
  reveal: 'Mostrar en la carpeta'
}

const en: Catalogue<typeof es> = {
  title: 'Export',
  csv: 'CSV',
  xlsx: 'Excel',
  exportSearch: 'Export this search',
  workOrders: {
    title: 'Export work-order lines',
    exportStatus: 'Export work-order lines ({{status}})',
    veterinarian: 'Veterinarian of the orders to export',
    allVeterinarians: 'All veterinarians',
    from: 'Export from (date)',
    to: 'Export to (date)',
    dateHint: 'Issue date; creation date for drafts'
  },
  statistics: 'Export this period’s figures',
  running: 'Exporting… {{rows}} of {{total}} rows',
  queued: 'Export queued…',
  done_one: '{{count}} row saved to {{path}}',
  done_other: '{{count}} rows saved to {{path}}',
  savedInBench: 'There is no save dialog here: the file is in the bench’s data folder.',
  failed: 'The export failed: {{error}}',
  cancelled: 'Export cancelled.',
  reveal: 'Show in folder'
}

export const exportsMessages = { es, en }
