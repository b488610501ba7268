import type { Catalogue } from '../catalogue'

/** The shell's notices when a job the clerk waits on ends (components/NoticeTray.tsx). */
const es = {
  title: 'Avisos',
  dismiss: 'Cerrar aviso',
  dismissAll: 'Cerrar todos los avisos',
  bulk: { done: 'La acción en bloque ha terminado.', failed: 'La acción en bloque no terminó.', link: 'Ver resultado' },
  export: { done: 'La exportación está lista.', failed: 'La exportación falló.', link: 'Mostrar el archivo' },
  report: { done: 'El informe está finalizado.', failed: 'El informe no se pudo finalizar.', link: 'Abrir el informe' },
  label: { done: 'Etiqueta impresa.', failed: 'La etiqueta no se imprimió.', link: 'Abrir el protocolo' }
}

const en: Catalogue<typeof es> = {
  title: 'Notices',
  dismiss: 'Dismiss notice',
  dismissAll: 'Dismiss all notices',
  bulk: { done: 'The bulk action has finished.', failed: 'The bulk action did not finish.', link: 'See the result' },
  export: { done: 'The export is ready.', failed: 'The export failed.', link: 'Show the file' },
  report: { done: 'The report is finalized.', failed: 'The report could not be finalized.', link: 'Open the report' },
  label: { done: 'Label printed.', failed: 'The label was not printed.', link: 'Open the protocol' }
}

export const noticesMessages = { es, en }
