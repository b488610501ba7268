import type { Catalogue } from '../catalogue'

/**
 * Every job kind by the name a clerk reads (Jobs page, reception, progress, notices): the one place
 * these names live, keyed by the kind with dots as underscores (`label.print` -> `label_print`).
 * Pages say a kind through `jobKindName` (error-text.ts); a kind missing here reads as "Tarea".
 */
const es = {
  any: 'Tarea',
  label_print: 'Etiqueta',
  bulk_run: 'Acción en bloque',
  export_write: 'Exportación',
  report_finalize: 'Finalizar informe',
  sync_round: 'Sincronización',
  artifacts_render: 'PDF de orden de trabajo',
  artifacts_prune: 'Limpieza de PDF guardados',
  statistics_summarize: 'Resumen de estadísticas',
  statistics_refresh: 'Estadísticas de días ya cerrados, recalculadas',
  maintenance_prune_jobs: 'Limpieza de tareas antiguas',
  maintenance_wal_checkpoint: 'Mantenimiento de la base de datos',
  backups_daily: 'Copia de seguridad diaria',
  health_check: 'Comprobación del estado del puesto',
  work_order_notify: 'Aviso de orden de trabajo emitida',
  sync_rotate_secret: 'Renovación de la clave de sincronización',
  noop: 'Prueba de la cola'
}

const en: Catalogue<typeof es> = {
  any: 'Job',
  label_print: 'Label',
  bulk_run: 'Bulk action',
  export_write: 'Export',
  report_finalize: 'Finalize report',
  sync_round: 'Sync',
  artifacts_render: 'Work order PDF',
  artifacts_prune: 'Stored PDF clean-up',
  statistics_summarize: 'Statistics summary',
  statistics_refresh: 'Statistics of closed days, recomputed',
  maintenance_prune_jobs: 'Old jobs clean-up',
  maintenance_wal_checkpoint: 'Database maintenance',
  backups_daily: 'Daily backup',
  health_check: 'Bench health check',
  work_order_notify: 'Work order issued notice',
  sync_rotate_secret: 'Sync secret renewal',
  noop: 'Queue test'
}

export const jobKindsMessages = { es, en }
