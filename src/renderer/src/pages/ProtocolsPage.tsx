import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useVirtualizer } from '@tanstack/react-virtual'
import { PROTOCOL_STATUSES, PROTOCOL_TYPES } from '../../../shared/vocabulary'
import { useProtocolsStore } from '../stores/protocols-store'
import { StatusBadge } from '../components/StatusBadge'
import { ProtocolDetailPanel } from '../components/ProtocolDetailPanel'
import { BulkBar } from '../components/BulkBar'
import { BulkProgress } from '../components/BulkProgress'
import { ExportMenu } from '../components/ExportMenu'
import { useBulkStore } from '../stores/bulk-store'

const ROW_HEIGHT = 34
const SEARCH_DEBOUNCE_MS = 120

export function ProtocolsPage() {
  const { t, i18n } = useTranslation()
  const state = useProtocolsStore()
  const scroller = useRef<HTMLDivElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  useEffect(() => {
    input.current?.focus()
    useBulkStore.getState().connect()
    if (state.generation === 0 || state.stale) void state.search()
    // Runs once per mount: the store keeps the last search across page switches (searched again
    // when protocols changed meanwhile).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const virtualizer = useVirtualizer({
    count: state.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0
  useEffect(() => state.ensureRange(first, last), [first, last, state.generation, state])

  const onKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      const next = state.selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)
      state.select(next)
      virtualizer.scrollToIndex(Math.max(0, next))
    } else if (event.key === 'Enter') {
      const row = state.rows[state.selectedIndex]
      if (row) void state.open(row.id)
    } else if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault()
      state.toggleChecked(state.selectedIndex, event.shiftKey)
    } else if (event.key.toLowerCase() === 'a' && event.ctrlKey && event.shiftKey) {
      event.preventDefault()
      state.checkAllMatching()
    } else if (event.key === 'Escape' && state.detail) {
      state.closeDetail()
    } else if (event.key === 'Escape' && (state.allMatching || state.checked.size > 0)) {
      state.clearChecked()
    }
  }
  const isChecked = (id: string) => state.allMatching || state.checked.has(id)

  const resultLabel = state.totalIsExact ? t('protocols.results', { count: state.total }) : t('protocols.resultsCapped', { count: state.total })

  return (
    <div className="protocols-page" onKeyDown={onKey}>
      <div className="search-bar">
        <input
          ref={input}
          id="protocol-search"
          type="search"
          aria-label={t('protocols.searchLabel')}
          placeholder={t('protocols.searchPlaceholder')}
          defaultValue={state.text}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            const text = event.target.value
            clearTimeout(debounce.current)
            debounce.current = setTimeout(() => state.setQuery({ text }), SEARCH_DEBOUNCE_MS)
          }}
        />
        <select aria-label={t('protocols.columns.status')} value={state.status} onChange={(event) => state.setQuery({ status: event.target.value as typeof state.status })}>
          <option value="">{t('protocols.allStatuses')}</option>
          {PROTOCOL_STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
        <select aria-label="HP/CT" value={state.type} onChange={(event) => state.setQuery({ type: event.target.value as typeof state.type })}>
          <option value="">{t('protocols.allTypes')}</option>
          {PROTOCOL_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <span className="result-count" data-testid="result-count">
          {resultLabel} <small>{t('protocols.took', { ms: state.tookMs.toFixed(1) })}</small>
        </span>
        <ExportMenu source="protocols" params={state.filter} />
      </div>
      <BulkBar />
      <BulkProgress />
      <div className="table-head with-check" role="row" title={t('bulk.shortcuts')}>
        <span>
          <input
            type="checkbox"
            aria-label={t('bulk.selectAllMatching', { count: state.total })}
            checked={state.allMatching}
            disabled={state.total === 0}
            onChange={() => (state.allMatching ? state.clearChecked() : state.checkAllMatching())}
          />
        </span>
        <span>{t('protocols.columns.number')}</span>
        <span>{t('protocols.columns.animal')}</span>
        <span>{t('protocols.columns.species')}</span>
        <span>{t('protocols.columns.owner')}</span>
        <span>{t('protocols.columns.veterinarian')}</span>
        <span>{t('protocols.columns.status')}</span>
        <span>{t('protocols.columns.date')}</span>
      </div>
      <div ref={scroller} className="table-body" role="grid" aria-rowcount={state.total}>
        {state.total === 0 && <p className="muted empty">{t('protocols.empty')}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = state.rows[item.index]
            return (
              <div
                key={item.key}
                role="row"
                aria-selected={item.index === state.selectedIndex}
                className={`row with-check${item.index === state.selectedIndex ? ' selected' : ''}${row && isChecked(row.id) ? ' checked' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  state.select(item.index)
                  if (row) void state.open(row.id)
                }}
              >
                {row ? (
                  <>
                    <span onClick={(event) => event.stopPropagation()}>
                      <input
                        type="checkbox"
                        aria-label={t('bulk.select', { number: row.number ?? row.animalName })}
                        checked={isChecked(row.id)}
                        onChange={(event) => state.toggleChecked(item.index, (event.nativeEvent as MouseEvent).shiftKey === true)}
                      />
                    </span>
                    <span className="number">
                      {row.number ?? <em className="muted">{t('protocols.noNumber')}</em>}
                      {row.demo && <span className="demo-tag">{t('protocols.demo')}</span>}
                    </span>
                    <span>{row.animalName}</span>
                    <span>{row.species}</span>
                    <span>{row.owner}</span>
                    <span>{row.veterinarianName}</span>
                    <span>
                      <StatusBadge status={row.status} />
                    </span>
                    <span>{new Date(row.receivedAt ?? row.createdAt).toLocaleDateString(i18n.language)}</span>
                  </>
                ) : (
                  <span className="muted">…</span>
                )}
              </div>
            )
          })}
        </div>
      </div>
      {state.detail && <ProtocolDetailPanel detail={state.detail} onClose={state.closeDetail} />}
    </div>
  )
}
