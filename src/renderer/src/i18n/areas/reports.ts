import type { Catalogue } from '../catalogue'

/** Reports page: find a protocol, write its report, finalize it in the background, open its PDF. */
const es = {
  title: 'Informes',
  searchLabel: 'Buscar protocolo',
  searchPlaceholder: 'Escanee o escriba el número (HP 26/0123), animal o propietario y pulse Intro',
  noMatches: 'Ningún protocolo coincide.',
  matches: 'Protocolos encontrados',
  choose: 'Busque un protocolo para ver o escribir su informe.',
  versions: 'Versiones',
  version: 'Versión {{version}}',
  amends: 'rectifica la v{{version}}',
  noReport: 'Este protocolo aún no tiene informe: el borrador empieza aquí.',
  notReportable: 'Un protocolo en estado «{{status}}» no lleva informe.',
  status: { draft: 'Borrador', finalizing: 'Finalizando', finalized: 'Finalizado' },
  sections: {
    macroscopy: 'Descripción macroscópica',
    cassettes: 'Casetes y microscopía',
    diagnosis: 'Diagnóstico',
    comments: 'Comentarios',
    pathologist: 'Patólogo/a',
    licence: 'Nº colegiado'
  },
  cassette: {
    code: 'Código',
    tissue: 'Tejido',
    pieces: 'Piezas',
    microscopy: 'Microscopía',
    add: 'Añadir casete',
    remove: 'Quitar',
    removeLabel: 'Quitar el casete {{code}}',
    none: 'Sin casetes.'
  },
  save: 'Guardar',
  saved: 'Borrador guardado',
  unsaved: 'Cambios sin guardar',
  finalize: 'Finalizar',
  confirm: '¿Finalizar la versión {{version}}? Quedará firmada, no podrá modificarse y se enviará al veterinario.',
  confirmYes: 'Sí, finalizar',
  confirmNo: 'Seguir editando',
  missing: 'Para finalizar falta: {{list}}.',
  issues: { pathologist: 'el nombre del patólogo/a', diagnosis: 'el diagnóstico', duplicateCassette: 'que cada casete tenga un código distinto' },
  progress: {
    title: 'Generando informe…',
    requested: 'En cola',
    render: 'Generando el PDF',
    store: 'Guardando el PDF y su huella',
    finalize: 'Finalizando y avisando al veterinario',
    done: 'Informe finalizado',
    failed: 'No se pudo finalizar: {{reason}}. Puede corregir el borrador o reintentar.',
    retrying: 'Reintentando: {{reason}}',
    retry: 'Reintentar'
  },
  finalizedOn: 'Finalizado el {{date}} · SHA-256 {{hash}}',
  copiedFrom: 'Informe hecho en el puesto «{{bench}}»: aquí solo se consulta (no se edita ni se finaliza).',
  copiedFromUnknown: 'Informe hecho en otro puesto: aquí solo se consulta (no se edita ni se finaliza).',
  copiedBadge: 'de {{bench}}',
  copiedBadgeUnknown: 'de otro puesto',
  reportedElsewhere:
    'Este protocolo ya se informó en otro puesto. Su informe llega con la sincronización y se verá aquí; este puesto no admite un informe nuevo para él.',
  readOnly: 'Versión finalizada: ya no cambia. Para corregirla, rectifíquela (se crea una versión nueva).',
  openPdf: 'Abrir PDF',
  amend: 'Rectificar',
  pdfTitle: 'Informe {{number}} · v{{version}}',
  keys: 'Ctrl+S guarda · Ctrl+Intro finaliza · Alt+A añade casete · Ctrl+Supr quita el casete'
}

const en: Catalogue<typeof es> = {
  title: 'Reports',
  searchLabel: 'Find protocol',
  searchPlaceholder: 'Scan or type the number (HP 26/0123), animal or owner and press Enter',
  noMatches: 'No protocol matches.',
  matches: 'Protocols found',
  choose: 'Find a protocol to view or write its report.',
  versions: 'Versions',
  version: 'Version {{version}}',
  amends: 'amends v{{version}}',
  noReport: 'This protocol has no report yet: the draft starts here.',
  notReportable: 'A protocol in state "{{status}}" gets no report.',
  status: { draft: 'Draft', finalizing: 'Finalizing', finalized: 'Finalized' },
  sections: {
    macroscopy: 'Gross description',
    cassettes: 'Cassettes and microscopy',
    diagnosis: 'Diagnosis',
    comments: 'Comments',
    pathologist: 'Pathologist',
    licence: 'Licence no.'
  },
  cassette: {
    code: 'Code',
    tissue: 'Tissue',
    pieces: 'Pieces',
    microscopy: 'Microscopy',
    add: 'Add cassette',
    remove: 'Remove',
    removeLabel: 'Remove cassette {{code}}',
    none: 'No cassettes.'
  },
  save: 'Save',
  saved: 'Draft saved',
  unsaved: 'Unsaved changes',
  finalize: 'Finalize',
  confirm: 'Finalize version {{version}}? It will be signed, can no longer change and will be sent to the veterinarian.',
  confirmYes: 'Yes, finalize',
  confirmNo: 'Keep editing',
  missing: 'Before finalizing, add: {{list}}.',
  issues: { pathologist: "the pathologist's name", diagnosis: 'the diagnosis', duplicateCassette: 'a distinct code for every cassette' },
  progress: {
    title: 'Generating report…',
    requested: 'Queued',
    render: 'Rendering the PDF',
    store: 'Storing the PDF and its hash',
    finalize: 'Finalizing and notifying the veterinarian',
    done: 'Report finalized',
    failed: 'Could not finalize: {{reason}}. Correct the draft or retry.',
    retrying: 'Retrying: {{reason}}',
    retry: 'Retry'
  },
  finalizedOn: 'Finalized on {{date}} · SHA-256 {{hash}}',
  copiedFrom: 'Report made at bench “{{bench}}”: read-only here (it is not edited or finalized here).',
  copiedFromUnknown: 'Report made at another bench: read-only here (it is not edited or finalized here).',
  copiedBadge: 'from {{bench}}',
  copiedBadgeUnknown: 'from another bench',
  reportedElsewhere:
    'This protocol was already reported at another bench. Its report comes with sync and shows here; this bench takes no new report for it.',
  readOnly: 'Finalized version: it no longer changes. To correct it, amend it (a new version is made).',
  openPdf: 'Open PDF',
  amend: 'Amend',
  pdfTitle: 'Report {{number}} · v{{version}}',
  keys: 'Ctrl+S saves · Ctrl+Enter finalizes · Alt+A adds a cassette · Ctrl+Del removes the cassette'
}

export const reportsMessages = { es, en }
