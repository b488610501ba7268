import type { Catalogue } from '../catalogue'

/** PDF viewer: view, save, print. */
const es = {
  title: 'Documento',
  viewer: 'Visor de PDF: {{title}}',
  loading: 'Abriendo el PDF…',
  pages_one: '{{count}} página',
  pages_other: '{{count}} páginas',
  pageLabel: 'Página {{n}} de {{count}}',
  failed: 'No se pudo mostrar el PDF: {{reason}}',
  save: 'Guardar',
  print: 'Imprimir',
  close: 'Cerrar',
  zoomIn: 'Ampliar',
  zoomOut: 'Reducir',
  saving: 'Guardando…',
  printing: 'Abriendo el diálogo de impresión…',
  saved: 'Guardado en {{path}}',
  printUnavailable: 'Este entorno no tiene diálogo de impresión: guarde el PDF e imprímalo desde otra aplicación.'
}
const en: Catalogue<typeof es> = {
  title: 'Document',
  viewer: 'PDF viewer: {{title}}',
  loading: 'Opening the PDF…',
  pages_one: '{{count}} page',
  pages_other: '{{count}} pages',
  pageLabel: 'Page {{n}} of {{count}}',
  failed: 'The PDF could not be shown: {{reason}}',
  save: 'Save',
  print: 'Print',
  close: 'Close',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  saving: 'Saving…',
  printing: 'Opening the print dialog…',
  saved: 'Saved to {{path}}',
  printUnavailable: 'This environment has no print dialog: save the PDF and print it from another application.'
}

export const documentsMessages = { es, en }
