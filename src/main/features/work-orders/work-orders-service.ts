/**
 * Work orders: the rules. Every change writes the order, its audit row, its outbox row and the
 * PDF render it implies in ONE transaction; the `workOrders.changed` event goes out after commit.
 *
 * - draft: lines and discount change freely; prices are copied from the catalogue when a line
 *   is added (or its service changed) and then kept, so a price-list change never moves a line
 *   the clerk already saw.
 * - issued: numbered (`OT 26/0001`, from the bench's OT blocks: unique lab-wide), its rendering input frozen; immutable
 *   (the database refuses too). "Correct" opens a new draft version that supersedes it; issuing
 *   that version cancels the old one in the same transaction.
 * - cancelled: the end. Its protocols can be billed again.
 *
 * The parts: `work-orders-drafting.ts` (candidates, lines and pricing, discard),
 * `work-orders-issuing.ts` (issue, correct, cancel), `work-orders-renumbering.ts` (a number the
 * server refused replaced by a confirmed one), `work-orders-pdf.ts` (what the PDF prints and
 * its render) and `work-orders-steps.ts` (guards, audit and outbox rows, the answer of a change).
 */
import type { BenchSession, Platform } from '../../platform/module'
import type { SettingsService } from '../settings/settings-service'
import type { VeterinariansRepository } from '../veterinarians/veterinarians-repository'
import type { ServicesRepository } from './services-repository'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import type { DemoData } from '../demo/demo-data'
import { parseWorkOrderNumber, type PendingVeterinarian, type WorkOrderSummary } from '../../../shared/work-orders'
import type { WorkOrderRecord, WorkOrdersRepository } from './work-orders-repository'
import type { ArtifactCache } from '../artifacts/artifact-cache'
import { createWorkOrderPdfs } from './work-orders-pdf'
import { createWorkOrderSteps, summaryOf } from './work-orders-steps'
import { createWorkOrderDrafting } from './work-orders-drafting'
import { createWorkOrderIssuing } from './work-orders-issuing'
import { createWorkOrderRenumbering } from './work-orders-renumbering'
import type { DocumentCopiesRepository } from '../sync/document-copies-repository'

/** What work orders read and write besides their own tables. */
export interface WorkOrdersContext extends Pick<Platform, 'db' | 'clock' | 'emit' | 'audit' | 'outbox' | 'queue'> {
  settings: SettingsService
  services: ServicesRepository
  veterinarians: VeterinariansRepository
  session: Pick<BenchSession, 'clerk'>
  /** OT numbers come from the bench's OT blocks (leased, typed, or demo). */
  numbers: NumberBlocksRepository
  /** A bench trying the app makes demo orders (numbered from demo blocks, removed with the demo data). */
  demo: Pick<DemoData, 'active'>
}

export interface WorkOrdersServiceDeps {
  ctx: WorkOrdersContext
  repo: WorkOrdersRepository
  cache: ArtifactCache
  /** Which PDFs the server holds of orders made here: a renumbered order's is uploaded again. */
  copies: Pick<DocumentCopiesRepository, 'forgetUploaded'>
  /** The language a new order's PDF is printed in (the bench's UI language when it is made). */
  locale: () => 'es' | 'en'
}

export function createWorkOrdersService(deps: WorkOrdersServiceDeps) {
  const { ctx, repo, cache } = deps
  const pdfs = createWorkOrderPdfs({ ctx, repo, cache })
  const steps = createWorkOrderSteps({ ctx, repo, cache, pdfs })
  return {
    list(filter: { status?: WorkOrderRecord['status']; veterinarianId?: string; number?: string; limit: number }): WorkOrderSummary[] {
      const { number, ...rest } = filter
      if (number === undefined) return repo.list(rest).map((order) => summaryOf(order, repo.lines(order.id)))
      // By number: what the veterinarian's copy shows, even when the order was renumbered since.
      const parsed = parseWorkOrderNumber(number)
      const found = parsed ? repo.findByNumber(parsed.year, parsed.seq) : []
      return found
        .filter((order) => (rest.status === undefined || order.status === rest.status) && (rest.veterinarianId === undefined || order.veterinarianId === rest.veterinarianId))
        .slice(0, rest.limit)
        .map((order) => summaryOf(order, repo.lines(order.id)))
    },
    pending(): PendingVeterinarian[] {
      return repo.pendingByVeterinarian()
    },
    get: steps.detail,
    ...createWorkOrderDrafting({ ctx, repo, cache, steps, pdfs, locale: deps.locale }),
    ...createWorkOrderIssuing({ ctx, repo, steps, pdfs }),
    ...createWorkOrderRenumbering({ ctx, repo, steps, pdfs, copies: deps.copies }),
    pdf: pdfs.pdf
  }
}
export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>
