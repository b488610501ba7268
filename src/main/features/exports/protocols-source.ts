import type { Db } from '../../platform/db/database'
import { ProtocolFilter } from '../../../shared/exports'
import type { ProtocolStatus, Sex } from '../../../shared/domain'
import type { Language } from '../../../shared/languages'
import { defineExportSource, type ExportCell, type ExportColumn } from './export-source'
import { protocolMatchSql } from '../protocols/protocol-query'

/** [es, en]: the words a spreadsheet reader filters by, in the language of the headers. */
const STATUS_WORDS: Record<ProtocolStatus, readonly [string, string]> = {
  registered: ['Pre-registrado', 'Pre-registered'],
  received: ['Recibido', 'Received'],
  rejected: ['Rechazado', 'Rejected'],
  processing: ['En proceso', 'Processing'],
  reported: ['Informado', 'Reported'],
  voided: ['Anulado', 'Voided']
}
const SEX_WORDS: Record<Sex, readonly [string, string]> = {
  male: ['Macho', 'Male'],
  female: ['Hembra', 'Female'],
  male_neutered: ['Macho castrado', 'Neutered male'],
  female_spayed: ['Hembra esterilizada', 'Spayed female'],
  unknown: ['Desconocido', 'Unknown']
}
const word = (words: readonly [string, string], language: Language) => (language === 'es' ? words[0] : words[1])

const column = (key: string, es: string, en: string, kind: ExportColumn['kind'] = 'text', width = 18): ExportColumn => ({ key, header: { es, en }, kind, width })

export const PROTOCOL_COLUMNS: readonly ExportColumn[] = [
  column('number', 'Número', 'Number', 'text', 14),
  column('type', 'Tipo', 'Type', 'text', 6),
  column('status', 'Estado', 'Status', 'text', 14),
  column('externalId', 'Solicitud', 'Submission'),
  column('animal', 'Animal', 'Animal'),
  column('species', 'Especie', 'Species', 'text', 12),
  column('breed', 'Raza', 'Breed'),
  column('sex', 'Sexo', 'Sex', 'text', 16),
  column('age', 'Edad', 'Age', 'text', 10),
  column('owner', 'Propietario', 'Owner', 'text', 24),
  column('veterinarian', 'Veterinario', 'Veterinarian', 'text', 26),
  column('sampleType', 'Tipo de muestra', 'Sample type', 'text', 24),
  column('fixative', 'Fijador', 'Fixative', 'text', 12),
  column('containers', 'Recipientes', 'Containers', 'number', 10),
  column('receivedAt', 'Recibido', 'Received', 'datetime'),
  column('receivedBy', 'Recibido por', 'Received by'),
  column('rejectionReason', 'Motivo del rechazo', 'Rejection reason', 'text', 28),
  column('createdAt', 'Registrado', 'Registered', 'datetime')
]

interface ExportRow {
  k: number
  number: string | null
  type: string
  status: ProtocolStatus
  external_id: string | null
  animal_name: string
  species: string
  breed: string
  sex: Sex
  age: string
  owner: string
  veterinarian_name: string
  sample_type: string
  fixative: string
  containers: number
  received_at: string | null
  received_by: string | null
  rejection_reason: string | null
  created_at: string
}

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso))

function toCells(row: ExportRow, language: Language): ExportCell[] {
  return [
    row.number,
    row.type,
    word(STATUS_WORDS[row.status], language),
    row.external_id,
    row.animal_name,
    row.species,
    row.breed,
    word(SEX_WORDS[row.sex] ?? SEX_WORDS.unknown, language),
    row.age,
    row.owner,
    row.veterinarian_name,
    row.sample_type,
    row.fixative,
    row.containers,
    date(row.received_at),
    row.received_by,
    row.rejection_reason,
    date(row.created_at)
  ]
}

/** Every protocol a Protocols-page search matches, newest first like the list. */
export function protocolsExportSource(db: Db) {
  return defineExportSource({
    name: 'protocols',
    params: ProtocolFilter,
    columns: () => PROTOCOL_COLUMNS,
    count(filter) {
      const match = protocolMatchSql(db, filter)
      return db.prepare(`SELECT count(*) FROM ${match.from} WHERE ${match.where}`).pluck().get(...match.params) as number
    },
    *chunks(filter, chunkSize, language) {
      const match = protocolMatchSql(db, filter)
      // Keyset paging: each chunk is one short query, so the connection is free between chunks.
      const page = db.prepare<unknown[], ExportRow>(
        `SELECT ${match.key} AS k, p.number, p.type, p.status, p.external_id, p.animal_name, p.species, p.breed, p.sex, p.age,
           p.owner, v.name AS veterinarian_name, p.sample_type, p.fixative, json_array_length(p.containers_json) AS containers,
           p.received_at, p.received_by, p.rejection_reason, p.created_at
         FROM ${match.from} WHERE ${match.where} AND ${match.key} < ? ORDER BY ${match.key} DESC LIMIT ?`
      )
      let after = Number.MAX_SAFE_INTEGER
      for (;;) {
        const rows = page.all(...match.params, after, chunkSize)
        if (rows.length === 0) return
        after = rows[rows.length - 1]!.k
        yield rows.map((row) => toCells(row, language))
        if (rows.length < chunkSize) return
      }
    }
  })
}
