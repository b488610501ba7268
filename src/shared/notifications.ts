/**
 * Messages to the veterinarian ("sample received", "sample rejected", "report ready", "work order
 * issued"). The bench
 * holds no mail credentials: a notification is written with its change and pushed like any other
 * row; the central server sends it and reports delivery back through the pull.
 */
import { z } from 'zod'
import { Uuid } from './domain'
import { NoInput, type RequestDef } from './request-def'
import { Language } from './languages'

export const NotificationKind = z.enum(['sample_received', 'sample_rejected', 'report_ready', 'work_order_issued'])
export type NotificationKind = z.infer<typeof NotificationKind>

/**
 * queued: written, not yet accepted by the server's mailer; retrying/sent/failed/cancelled: what
 * the server reported; no_address: the veterinarian has no e-mail, so nothing will be sent.
 */
export const NotificationState = z.enum(['queued', 'retrying', 'sent', 'failed', 'cancelled', 'no_address'])
export type NotificationState = z.infer<typeof NotificationState>

export const NotificationView = z.object({
  id: Uuid,
  kind: NotificationKind,
  /** The protocol it is about; null for a work order's message, which covers several. */
  protocolId: Uuid.nullable(),
  workOrderId: Uuid.nullable(),
  reportId: Uuid.nullable(),
  recipient: z.string(),
  language: Language,
  subject: z.string(),
  state: NotificationState,
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type NotificationView = z.infer<typeof NotificationView>

export interface NotificationFacts {
  labName: string
  protocolNumber: string | null
  animalName: string
  species: string
  owner: string
  veterinarianName: string
  rejectionReason?: string | null
  workOrderNumber?: string | null
}

interface Template {
  subject: (facts: NotificationFacts) => string
  text: (facts: NotificationFacts) => string
}

const numberOr = (facts: NotificationFacts, fallback: string) => facts.protocolNumber ?? fallback

const TEMPLATES: Record<Language, Record<NotificationKind, Template>> = {
  es: {
    sample_received: {
      subject: (f) => `Muestra recibida: ${numberOr(f, 'sin número')} (${f.animalName})`,
      text: (f) =>
        `Estimado/a ${f.veterinarianName}:\n\nHemos recibido la muestra de ${f.animalName} (${f.species}${f.owner ? `, propietario ${f.owner}` : ''}). ` +
        `Su número de protocolo es ${numberOr(f, 'pendiente')}; indíquelo en cualquier consulta.\n\n${f.labName}`
    },
    sample_rejected: {
      subject: (f) => `Muestra rechazada: ${f.animalName}`,
      text: (f) =>
        `Estimado/a ${f.veterinarianName}:\n\nNo hemos podido aceptar la muestra de ${f.animalName} (${f.species}${f.owner ? `, propietario ${f.owner}` : ''}). ` +
        `Motivo: ${f.rejectionReason ?? 'sin especificar'}.\n\nPóngase en contacto con el laboratorio para reenviarla.\n\n${f.labName}`
    },
    report_ready: {
      subject: (f) => `Informe disponible: ${numberOr(f, '')} (${f.animalName})`,
      text: (f) =>
        `Estimado/a ${f.veterinarianName}:\n\nEl informe del protocolo ${numberOr(f, '')} de ${f.animalName} (${f.species}) está finalizado. ` +
        `Lo encontrará adjunto a este mensaje.\n\n${f.labName}`
    },
    work_order_issued: {
      subject: (f) => `Orden de trabajo emitida: ${f.workOrderNumber ?? ''}`,
      text: (f) =>
        `Estimado/a ${f.veterinarianName}:\n\nLe enviamos adjunta la orden de trabajo ${f.workOrderNumber ?? ''} con los análisis facturados.\n\n${f.labName}`
    }
  },
  en: {
    sample_received: {
      subject: (f) => `Sample received: ${numberOr(f, 'no number')} (${f.animalName})`,
      text: (f) =>
        `Dear ${f.veterinarianName},\n\nWe have received the sample from ${f.animalName} (${f.species}${f.owner ? `, owner ${f.owner}` : ''}). ` +
        `Its protocol number is ${numberOr(f, 'pending')}; please quote it in any enquiry.\n\n${f.labName}`
    },
    sample_rejected: {
      subject: (f) => `Sample rejected: ${f.animalName}`,
      text: (f) =>
        `Dear ${f.veterinarianName},\n\nWe could not accept the sample from ${f.animalName} (${f.species}${f.owner ? `, owner ${f.owner}` : ''}). ` +
        `Reason: ${f.rejectionReason ?? 'not given'}.\n\nPlease contact the laboratory to send it again.\n\n${f.labName}`
    },
    report_ready: {
      subject: (f) => `Report ready: ${numberOr(f, '')} (${f.animalName})`,
      text: (f) =>
        `Dear ${f.veterinarianName},\n\nThe report for protocol ${numberOr(f, '')} of ${f.animalName} (${f.species}) is final. ` +
        `You will find it attached to this message.\n\n${f.labName}`
    },
    work_order_issued: {
      subject: (f) => `Work order issued: ${f.workOrderNumber ?? ''}`,
      text: (f) => `Dear ${f.veterinarianName},\n\nPlease find attached work order ${f.workOrderNumber ?? ''} with the analyses billed.\n\n${f.labName}`
    }
  }
}

/** The subject and plain-text body of a notification, in the given language. */
export function composeNotification(kind: NotificationKind, language: Language, facts: NotificationFacts): { subject: string; text: string } {
  const template = TEMPLATES[language][kind]
  return { subject: template.subject(facts), text: template.text(facts) }
}

export const notificationRequests = {
  'notifications.forProtocol': { input: z.object({ protocolId: Uuid }).strict(), output: z.array(NotificationView) },
  'notifications.forWorkOrder': { input: z.object({ workOrderId: Uuid }).strict(), output: z.array(NotificationView) },
  /** Every failed message, the latest first (at most 500): the administration page offers to send each again. */
  'notifications.failed': { input: NoInput, output: z.array(NotificationView) },
  /**
   * Sends a failed message again, to the veterinarian's address as it is now: a new message,
   * built like the first (its PDF included); the failed one stays as it was. A protocol's message
   * is written at once (`notificationId`); a work order's is built by a job (`jobId`). Only the
   * latest message of its kind about the same thing is sent again.
   */
  'notifications.resend': {
    input: z.object({ id: Uuid }).strict(),
    output: z.object({ jobId: z.number().int().nullable(), notificationId: Uuid.nullable() })
  }
} as const satisfies Record<string, RequestDef>
