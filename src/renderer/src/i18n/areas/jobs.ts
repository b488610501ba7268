import type { Catalogue } from '../catalogue'

/**
 * The Jobs page: the queue, the worker processes and run times. Job kinds are named in
 * job-kinds.ts (read through `jobKindName`, error-text.ts).
 */
const es = {
  purge: 'Purgar terminadas',
  states: { queued: 'En cola', running: 'En curso', succeeded: 'Terminadas', failed: 'Fallidas', cancelled: 'Canceladas' },
  depth: 'listas para correr ({{delayed}} en espera)',
  lastHour: 'Última hora: {{ok}} terminadas, {{failed}} fallidas ({{rate}} %)',
  throughput: 'Rendimiento por minuto en la última hora',
  running: 'En curso',
  noneRunning: 'Nada en curso.',
  queued: 'En cola',
  noneQueued: 'Nada en cola.',
  position: 'Puesto',
  waitingFor: 'Esperando',
  waiting: {
    turn: 'su turno',
    retryPrinter: 'a la impresora: reintento a las {{time}}',
    retryServer: 'al servidor central: reintento a las {{time}}',
    retry: 'reintento a las {{time}}',
    scheduled: 'programada para las {{time}}'
  },
  reason: 'Motivo: {{reason}}',
  byKind: 'Por tipo',
  kind: 'Tipo',
  duration: {
    hourMedian: 'Mediana (1 h)',
    hourP95: 'p95 (1 h)',
    dayMedian: 'Mediana (24 h)',
    dayP95: 'p95 (24 h)',
    ms: '{{n}} ms',
    seconds: '{{n}} s',
    none: '—'
  },
  workers: {
    title: 'Procesos de trabajo',
    name: 'Proceso',
    pid: 'PID',
    uptime: 'En marcha desde hace',
    tasksDone: 'Tareas hechas',
    restarts: 'Reinicios',
    memory: 'Memoria',
    megabytes: '{{n}} MB',
    starting: 'arrancando',
    busy: '{{n}} en curso',
    idle: 'Ninguno en marcha: arranca uno cuando un trabajo lo necesita y se detiene tras unos minutos sin trabajo.'
  },
  uptime: { seconds: '{{n}} s', minutes: '{{n}} min', hours: '{{h}} h {{m}} min' },
  failed: 'Fallidas',
  noneFailed: 'Ninguna tarea fallida.',
  attempts: '{{n}} de {{max}} intentos',
  retry: 'Reintentar',
  cancel: 'Cancelar'
}

const en: Catalogue<typeof es> = {
  purge: 'Purge finished',
  states: { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' },
  depth: 'ready to run ({{delayed}} waiting)',
  lastHour: 'Last hour: {{ok}} succeeded, {{failed}} failed ({{rate}} %)',
  throughput: 'Throughput per minute over the last hour',
  running: 'Running',
  noneRunning: 'Nothing running.',
  queued: 'Queued',
  noneQueued: 'Nothing queued.',
  position: 'Place',
  waitingFor: 'Waiting for',
  waiting: {
    turn: 'its turn',
    retryPrinter: 'the printer: retry at {{time}}',
    retryServer: 'the central server: retry at {{time}}',
    retry: 'retry at {{time}}',
    scheduled: 'scheduled for {{time}}'
  },
  reason: 'Reason: {{reason}}',
  byKind: 'By kind',
  kind: 'Kind',
  duration: {
    hourMedian: 'Median (1 h)',
    hourP95: 'p95 (1 h)',
    dayMedian: 'Median (24 h)',
    dayP95: 'p95 (24 h)',
    ms: '{{n}} ms',
    seconds: '{{n}} s',
    none: '—'
  },
  workers: {
    title: 'Worker processes',
    name: 'Process',
    pid: 'PID',
    uptime: 'Up for',
    tasksDone: 'Tasks done',
    restarts: 'Restarts',
    memory: 'Memory',
    megabytes: '{{n}} MB',
    starting: 'starting',
    busy: '{{n}} running',
    idle: 'None running: one starts when a job needs it and stops after a few minutes without work.'
  },
  uptime: { seconds: '{{n}} s', minutes: '{{n}} min', hours: '{{h}} h {{m}} min' },
  failed: 'Failed',
  noneFailed: 'No failed jobs.',
  attempts: '{{n}} of {{max}} attempts',
  retry: 'Retry',
  cancel: 'Cancel'
}

export const jobsMessages = { es, en }
