import type { AuditRepository } from '../../platform/journal/audit-repository'
import { AuditFilter } from '../../../shared/audit'
import { defineExportSource, type ExportColumn } from '../exports/export-source'

export const AUDIT_COLUMNS: readonly ExportColumn[] = [
  { key: 'at', header: { es: 'Fecha', en: 'Date' }, kind: 'datetime' },
  { key: 'actor', header: { es: 'Quién', en: 'Who' }, kind: 'text', width: 18 },
  { key: 'action', header: { es: 'Acción', en: 'Action' }, kind: 'text', width: 22 },
  { key: 'entity', header: { es: 'Entidad', en: 'Entity' }, kind: 'text', width: 14 },
  { key: 'entityId', header: { es: 'Identificador', en: 'Identifier' }, kind: 'text', width: 38 },
  { key: 'before', header: { es: 'Antes', en: 'Before' }, kind: 'text', width: 60 },
  { key: 'after', header: { es: 'Después', en: 'After' }, kind: 'text', width: 60 }
]

const json = (value: unknown): string => (value === null || value === undefined ? '' : JSON.stringify(value))

/** The audit log as the administration page filters it (clerk, entity, words), newest first. */
export function auditExportSource(audit: Pick<AuditRepository, 'count' | 'chunks'>) {
  return defineExportSource({
    name: 'audit',
    params: AuditFilter,
    columns: () => AUDIT_COLUMNS,
    count: (filter) => audit.count(filter),
    *chunks(filter, chunkSize) {
      for (const rows of audit.chunks(filter, chunkSize)) {
        yield rows.map((entry) => [new Date(entry.at), entry.actor, entry.action, entry.entity, entry.entityId, json(entry.before), json(entry.after)])
      }
    }
  })
}
