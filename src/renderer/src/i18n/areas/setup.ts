import type { Catalogue } from '../catalogue'

/** The first-run setup of a new bench (SetupPage). */
const es = {
  title: 'Puesta en marcha del puesto',
  intro: 'Unos pocos pasos antes de recibir la primera muestra. Solo el nombre del puesto es obligatorio; lo demás se puede hacer después en Ajustes y Sincronización.',
  steps: { bench: 'Puesto', printer: 'Impresora', numbers: 'Numeración' },
  stepOf: 'Paso {{n}} de {{total}}',
  next: 'Siguiente',
  back: 'Atrás',
  skip: 'Omitir',
  finish: 'Terminar y empezar a recibir',
  benchName: 'Nombre de este puesto',
  benchNameHelp: 'Aparece en la barra lateral, en las exportaciones y en el servidor del laboratorio.',
  clerk: 'Administrativo de turno (opcional)',
  clerkHelp: 'Quien recibe firma cada muestra; se pueden añadir más en Ajustes.',
  printerHelp: 'La impresora de etiquetas de 39×20 mm. Pruébela con «Imprimir etiqueta de prueba»; si aún no la tiene, omita este paso.',
  numbersHelp: 'Cada número de protocolo y de orden de trabajo lo asigna el laboratorio: vincule este puesto con el servidor central, o, si no lo alcanza todavía, escriba el rango que le dio el administrador.',
  pairHeading: 'Vincular con el servidor del laboratorio',
  paired: 'Vinculado con {{server}} como «{{bench}}».',
  rangeHeading: 'Sin servidor por ahora: rango escrito por el administrador',
  rangeHelp: 'El servidor registrará el rango en el primer contacto; si otro puesto ya lo usa, los números afectados se renumerarán.',
  numbersReady: 'Este puesto puede numerar: {{sources}}.',
  numbersMissing: 'Este puesto aún no tiene de dónde sacar números: no podrá recibir muestras hasta vincularlo o escribir un rango.',
  demoHeading: '¿Solo quiere probar la aplicación?',
  demoHelp: 'Carga protocolos, veterinarios y tarifas de ejemplo, claramente marcados. No se pueden vincular con el servidor y se quitan de una vez desde Ajustes.',
  demoStart: 'Probar con datos de demostración'
}

const en: Catalogue<typeof es> = {
  title: 'Setting up this bench',
  intro: 'A few steps before the first sample. Only the bench name is required; the rest can be done later in Settings and Sync.',
  steps: { bench: 'Bench', printer: 'Printer', numbers: 'Numbering' },
  stepOf: 'Step {{n}} of {{total}}',
  next: 'Next',
  back: 'Back',
  skip: 'Skip',
  finish: 'Finish and start receiving',
  benchName: 'Name of this bench',
  benchNameHelp: 'Shown in the side bar, on exports and on the lab server.',
  clerk: 'Clerk on duty (optional)',
  clerkHelp: 'Whoever receives signs each sample; add more in Settings.',
  printerHelp: 'The 39×20 mm label printer. Try it with "Print a test label"; if you do not have it yet, skip this step.',
  numbersHelp: 'Every protocol and work order number is assigned by the lab: pair this bench with the central server or, if it cannot reach it yet, type the range the administrator gave you.',
  pairHeading: 'Pair with the lab server',
  paired: 'Paired with {{server}} as "{{bench}}".',
  rangeHeading: 'No server for now: a range typed by the administrator',
  rangeHelp: 'The server records the range at first contact; if another bench already uses it, the numbers concerned are renumbered.',
  numbersReady: 'This bench can number: {{sources}}.',
  numbersMissing: 'This bench has no source of numbers yet: it cannot receive samples until it is paired or a range is typed.',
  demoHeading: 'Just trying the app?',
  demoHelp: 'Loads example protocols, veterinarians and prices, clearly marked. They cannot be paired with the server and are removed at once from Settings.',
  demoStart: 'Try with demo data'
}

export const setupMessages = { es, en }
