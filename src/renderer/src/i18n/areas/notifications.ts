import type { Catalogue } from '../catalogue'

const es = {
  title: 'Avisos al veterinario',
  none: 'Sin avisos.',
  kind: { sample_received: 'Muestra recibida', sample_rejected: 'Muestra rechazada', report_ready: 'Informe disponible', work_order_issued: 'Orden de trabajo emitida' },
  resend: 'Reenviar',
  resent: 'Se enviará de nuevo en la próxima sincronización.',
  state: {
    queued: 'En cola',
    retrying: 'Reintentando',
    sent: 'Enviado',
    failed: 'Falló',
    cancelled: 'Cancelado',
    no_address: 'Sin e-mail del veterinario'
  }
}
const en: Catalogue<typeof es> = {
  title: 'Messages to the veterinarian',
  none: 'No messages.',
  kind: { sample_received: 'Sample received', sample_rejected: 'Sample rejected', report_ready: 'Report ready', work_order_issued: 'Work order issued' },
  resend: 'Send again',
  resent: 'It will be sent again with the next sync.',
  state: { queued: 'Queued', retrying: 'Retrying', sent: 'Sent', failed: 'Failed', cancelled: 'Cancelled', no_address: 'No veterinarian e-mail' }
}

export const notificationsMessages = { es, en }
