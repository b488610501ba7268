/**
 * The words the document PDFs print, per locale, and the guard that keeps every string inside
 * what the standard PDF fonts can show. The standard Helvetica is used with WinAnsiEncoding:
 * it covers Spanish (á é í ó ú ü ñ ¿ ¡ €, ordinals º ª) without embedding a font, which keeps
 * renders fast and files small. Anything outside WinAnsi would print as garbage, so it is
 * transliterated first.
 */
import type { DocumentLocale, WorkOrderStatus } from '../../shared/documents'
import type { Sex } from '../../shared/domain'

export interface PdfLabels {
  page: (n: number, total: number) => string
  verify: string
  taxId: string
  version: string
  date: string
  workOrder: {
    title: string
    number: string
    status: Record<WorkOrderStatus, string>
    veterinarian: string
    clinic: string
    licence: string
    email: string
    phone: string
    columns: { protocol: string; code: string; description: string; unitPrice: string; quantity: string; discount: string; tax: string; amount: string }
    subtotal: string
    orderDiscount: (percent: string) => string
    taxBase: (rate: string) => string
    tax: (rate: string) => string
    total: string
    noLines: string
  }
  report: {
    title: Record<'HP' | 'CT', string>
    protocol: string
    patient: string
    animalName: string
    species: string
    breed: string
    sex: string
    sexes: Record<Sex, string>
    age: string
    owner: string
    veterinarian: string
    clinic: string
    licence: string
    sampleType: string
    containers: string
    received: string
    finalized: string
    notFinalized: string
    amendment: (version: number, amends: number) => string
    macroscopy: string
    cassettes: string
    columns: { code: string; tissue: string; pieces: string; microscopy: string }
    noCassettes: string
    diagnosis: string
    comments: string
    pathologist: string
  }
}

const ES: PdfLabels = {
  page: (n, total) => `Página ${n} de ${total}`,
  verify: 'Verifique este documento en',
  taxId: 'NIF',
  version: 'Versión',
  date: 'Fecha',
  workOrder: {
    title: 'ORDEN DE TRABAJO',
    number: 'Nº',
    status: { draft: 'BORRADOR', issued: 'EMITIDA', cancelled: 'ANULADA' },
    veterinarian: 'Veterinario',
    clinic: 'Clínica',
    licence: 'Nº colegiado',
    email: 'Correo',
    phone: 'Teléfono',
    columns: {
      protocol: 'Protocolo',
      code: 'Código',
      description: 'Descripción',
      unitPrice: 'Precio',
      quantity: 'Cant.',
      discount: 'Dto.',
      tax: 'IVA',
      amount: 'Importe'
    },
    subtotal: 'Suma',
    orderDiscount: (percent) => `Descuento ${percent}`,
    taxBase: (rate) => `Base imponible ${rate}`,
    tax: (rate) => `IVA ${rate}`,
    total: 'TOTAL',
    noLines: 'Sin servicios'
  },
  report: {
    title: { HP: 'INFORME HISTOPATOLÓGICO', CT: 'INFORME CITOLÓGICO' },
    protocol: 'Protocolo',
    patient: 'Paciente',
    animalName: 'Nombre',
    species: 'Especie',
    breed: 'Raza',
    sex: 'Sexo',
    sexes: { male: 'Macho', female: 'Hembra', male_neutered: 'Macho castrado', female_spayed: 'Hembra esterilizada', unknown: 'Desconocido' },
    age: 'Edad',
    owner: 'Propietario',
    veterinarian: 'Veterinario remitente',
    clinic: 'Clínica',
    licence: 'Nº colegiado',
    sampleType: 'Muestra',
    containers: 'Recipientes',
    received: 'Recibido',
    finalized: 'Finalizado',
    notFinalized: 'Borrador',
    amendment: (version, amends) => `Versión ${version}: rectifica y sustituye a la versión ${amends} de este informe.`,
    macroscopy: 'Descripción macroscópica',
    cassettes: 'Casetes y descripción microscópica',
    columns: { code: 'Casete', tissue: 'Tejido', pieces: 'Piezas', microscopy: 'Microscopía' },
    noCassettes: 'Sin casetes',
    diagnosis: 'Diagnóstico',
    comments: 'Comentarios',
    pathologist: 'Patólogo/a'
  }
}

const EN: PdfLabels = {
  page: (n, total) => `Page ${n} of ${total}`,
  verify: 'Verify this document at',
  taxId: 'Tax ID',
  version: 'Version',
  date: 'Date',
  workOrder: {
    title: 'WORK ORDER',
    number: 'No.',
    status: { draft: 'DRAFT', issued: 'ISSUED', cancelled: 'CANCELLED' },
    veterinarian: 'Veterinarian',
    clinic: 'Clinic',
    licence: 'Licence no.',
    email: 'E-mail',
    phone: 'Phone',
    columns: {
      protocol: 'Protocol',
      code: 'Code',
      description: 'Description',
      unitPrice: 'Price',
      quantity: 'Qty',
      discount: 'Disc.',
      tax: 'VAT',
      amount: 'Amount'
    },
    subtotal: 'Subtotal',
    orderDiscount: (percent) => `Discount ${percent}`,
    taxBase: (rate) => `Taxable base ${rate}`,
    tax: (rate) => `VAT ${rate}`,
    total: 'TOTAL',
    noLines: 'No services'
  },
  report: {
    title: { HP: 'HISTOPATHOLOGY REPORT', CT: 'CYTOLOGY REPORT' },
    protocol: 'Protocol',
    patient: 'Patient',
    animalName: 'Name',
    species: 'Species',
    breed: 'Breed',
    sex: 'Sex',
    sexes: { male: 'Male', female: 'Female', male_neutered: 'Male neutered', female_spayed: 'Female spayed', unknown: 'Unknown' },
    age: 'Age',
    owner: 'Owner',
    veterinarian: 'Referring veterinarian',
    clinic: 'Clinic',
    licence: 'Licence no.',
    sampleType: 'Sample',
    containers: 'Containers',
    received: 'Received',
    finalized: 'Finalized',
    notFinalized: 'Draft',
    amendment: (version, amends) => `Version ${version}: amends and replaces version ${amends} of this report.`,
    macroscopy: 'Gross description',
    cassettes: 'Cassettes and microscopic description',
    columns: { code: 'Cassette', tissue: 'Tissue', pieces: 'Pieces', microscopy: 'Microscopy' },
    noCassettes: 'No cassettes',
    diagnosis: 'Diagnosis',
    comments: 'Comments',
    pathologist: 'Pathologist'
  }
}

export function pdfLabels(locale: DocumentLocale): PdfLabels {
  return locale === 'es' ? ES : EN
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `2026-01-15` -> "15/01/2026" (es) / "15 Jan 2026" (en); no time zone can shift the day. */
export function formatDocumentDate(isoDate: string, locale: DocumentLocale): string {
  const [year = '', month = '', day = ''] = isoDate.split('-')
  return locale === 'es' ? `${day}/${month}/${year}` : `${Number(day)} ${MONTHS_EN[Number(month) - 1] ?? month} ${year}`
}

// The 0x80-0x9F block of WinAnsi (cp1252); 0x20-0x7E and 0xA0-0xFF are Latin-1 as in Unicode.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
const SUBSTITUTES: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '′': "'",
  '″': '"',
  'Ł': 'L',
  'ł': 'l',
  'Đ': 'D',
  'đ': 'd',
  'ı': 'i',
  'α': 'alfa',
  'β': 'beta',
  'γ': 'gamma',
  'κ': 'kappa',
  'λ': 'lambda',
  'μ': 'µ',
  '\t': ' ',
  '\r': ''
}
const OUTSIDE_WIN_ANSI = /[^\n\x20-\x7E\xA0-\xFF]/

function toWinAnsiChar(char: string): string {
  if (WIN_ANSI_EXTRA.has(char)) return char
  const substitute = SUBSTITUTES[char]
  if (substitute !== undefined) return substitute
  // Letters with a diacritic WinAnsi lacks (ő, ą, č) keep their base letter.
  const base = char.normalize('NFD').replace(/\p{M}+/gu, '')
  return base.length > 0 && !OUTSIDE_WIN_ANSI.test(base) ? base : '?'
}

/** Makes a string printable with a standard PDF font; WinAnsi text is returned unchanged. */
export function toWinAnsi(text: string): string {
  if (!OUTSIDE_WIN_ANSI.test(text)) return text
  let out = ''
  for (const char of text) out += OUTSIDE_WIN_ANSI.test(char) ? toWinAnsiChar(char) : char
  return out
}

/**
 * Applies `toWinAnsi` to every string of a renderer input. Image data URLs are skipped (base64
 * is ASCII; scanning it would only cost time).
 */
export function deepToWinAnsi<T>(value: T): T {
  return mapStrings(value, '') as T
}

function mapStrings(value: unknown, key: string): unknown {
  if (typeof value === 'string') return key.endsWith('DataUrl') ? value : toWinAnsi(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, key))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, k)
    return out
  }
  return value
}
