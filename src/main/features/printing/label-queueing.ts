import type { HostContext } from '../../host-context'
import { HandledError } from '../../platform/dispatch'
import { LABEL_PRINT } from './label-job'

type LabelDeps = Pick<HostContext, 'db' | 'protocols' | 'settings' | 'audit' | 'clock' | 'queue'>

/** The label job a receive queues: one per protocol while it waits, whoever asks. */
export function queueReceiveLabel(deps: Pick<HostContext, 'queue'>, protocolId: string): number {
  return deps.queue().enqueue(LABEL_PRINT, { protocolId }, { uniqueKey: `label:${protocolId}` }).job.id
}

/**
 * A reprint, as `labels.reprint` does it: audited, and queued under its own key so a reprint
 * asked while the first label prints is a second label, but pressing Reprint twice while one
 * waits does not make two. Nests as a savepoint inside a caller's transaction.
 */
export function reprintLabel(deps: LabelDeps, protocolId: string, actor: string): { jobId: number } {
  const protocol = deps.protocols.get(protocolId)
  if (!protocol) throw new HandledError('not_found', `protocol ${protocolId} not found`)
  if (!protocol.number) throw new HandledError('conflict', 'a protocol without a number has no label')
  if (!deps.settings.get().printer) throw new HandledError('no_printer', 'no label printer is configured')
  const at = deps.clock().toISOString()
  const jobId = deps.db.transaction(() => {
    deps.audit.append({ at, actor, action: 'protocol.label_reprinted', entity: 'protocol', entityId: protocolId })
    return deps.queue().enqueue(LABEL_PRINT, { protocolId }, { uniqueKey: `label-reprint:${protocolId}` }).job.id
  })()
  return { jobId }
}
