import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { AuditEntry } from '../../../../shared/domain'
import { call } from '../../bench-client'
import { useAppStore } from '../../stores/app-store'
import { ExportMenu } from '../ExportMenu'

const ROW_HEIGHT = 30
const SEARCH_DEBOUNCE_MS = 200
/** Ask for the next page when the clerk scrolls this close to the last loaded entry. */
const LOAD_AHEAD = 40

interface Filter {
  text: string
  actor: string
  entity: string
}

/** The request's filter: empty choices are left out. */
const requestFilter = (filter: Filter) => ({
  ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
  ...(filter.actor ? { actor: filter.actor } : {}),
  ...(filter.entity ? { entity: filter.entity } : {})
})

const changeText = (entry: AuditEntry): string => {
  const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value))
  return `${show(entry.before)} → ${show(entry.after)}`
}

/**
 * The whole audit log: words, clerk and entity filters, newest first. Rows are drawn only where
 * they are seen (the log grows for years) and fetched a page at a time as the clerk scrolls.
 */
export function AuditLog() {
  const { t, i18n } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [filter, setFilter] = useState<Filter>({ text: '', actor: '', entity: '' })
  const [applied, setApplied] = useState<Filter>(filter)
  const [facets, setFacets] = useState<{ actors: string[]; entities: string[] }>({ actors: [], entities: [] })
  const [rows, setRows] = useState<AuditEntry[]>([])
  const [total, setTotal] = useState(0)
  const loading = useRef(false)
  const generation = useRef(0)
  const scroller = useRef<HTMLDivElement>(null)
  const entityName = (entity: string) => t(`admin.audit.entities.${entity}`, { defaultValue: entity })
  // Keys with dots are looked up whole (the catalogue's keySeparator would split them).
  const actionName = (action: string) => (t('admin.audit.actions', { returnObjects: true }) as Record<string, string>)[action] ?? action

  useEffect(() => {
    call('audit.facets', {}).then(setFacets, showError)
  }, [showError])
  useEffect(() => {
    const timer = setTimeout(() => setApplied(filter), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [filter])
  useEffect(() => {
    const mine = ++generation.current
    loading.current = true
    call('audit.search', requestFilter(applied)).then(
      (page) => {
        if (mine !== generation.current) return
        setRows(page.rows)
        setTotal(page.total)
        loading.current = false
      },
      (error: unknown) => {
        loading.current = false
        showError(error)
      }
    )
  }, [applied, showError])

  const loadMore = useCallback(() => {
    if (loading.current || rows.length >= total) return
    const mine = generation.current
    loading.current = true
    call('audit.search', { ...requestFilter(applied), offset: rows.length }).then(
      (page) => {
        loading.current = false
        if (mine === generation.current) setRows((loaded) => [...loaded, ...page.rows])
      },
      (error: unknown) => {
        loading.current = false
        showError(error)
      }
    )
  }, [applied, rows.length, total, showError])

  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 })
  const items = virtualizer.getVirtualItems()
  const last = items[items.length - 1]?.index ?? 0
  useEffect(() => {
    if (last >= rows.length - LOAD_AHEAD) loadMore()
  }, [last, rows.length, loadMore])

  return (
    <section aria-labelledby="admin-audit-title" className="audit-log">
      <h3 id="admin-audit-title">{t('admin.audit.title')}</h3>
      <div className="audit-filters">
        <input
          type="search"
          aria-label={t('admin.audit.search')}
          placeholder={t('admin.audit.search')}
          value={filter.text}
          maxLength={200}
          onChange={(event) => setFilter({ ...filter, text: event.target.value })}
        />
        <select aria-label={t('admin.audit.actor')} value={filter.actor} onChange={(event) => setFilter({ ...filter, actor: event.target.value })}>
          <option value="">{t('admin.audit.anyActor')}</option>
          {facets.actors.map((actor) => (
            <option key={actor} value={actor}>
              {actor}
            </option>
          ))}
        </select>
        <select aria-label={t('admin.audit.entity')} value={filter.entity} onChange={(event) => setFilter({ ...filter, entity: event.target.value })}>
          <option value="">{t('admin.audit.anyEntity')}</option>
          {facets.entities.map((entity) => (
            <option key={entity} value={entity}>
              {entityName(entity)}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="audit-count">
          {t('admin.audit.count', { count: total })}
        </span>
        <ExportMenu source="audit" params={() => requestFilter(applied)} label={t('admin.audit.export')} />
      </div>
      <div className="audit-row audit-head" role="row">
        {(['at', 'actor', 'action', 'entity', 'change'] as const).map((column) => (
          <span key={column} role="columnheader">
            {t(`admin.audit.columns.${column}`)}
          </span>
        ))}
      </div>
      <div className="audit-body" ref={scroller} role="table" aria-label={t('admin.audit.title')} data-testid="audit-rows">
        {rows.length === 0 && <p className="muted">{t('admin.audit.none')}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const entry = rows[item.index]!
            return (
              <div
                key={entry.id}
                role="row"
                className="audit-row"
                data-testid="audit-row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <span>{new Date(entry.at).toLocaleString(i18n.language)}</span>
                <span>{entry.actor}</span>
                <span title={entry.action}>{actionName(entry.action)}</span>
                <span>
                  {entityName(entry.entity)} · {entry.entityId}
                </span>
                <span className="audit-change" title={changeText(entry)}>
                  {changeText(entry)}
                </span>
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
