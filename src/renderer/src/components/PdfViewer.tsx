/// <reference types="vite/client" />
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type * as PdfJs from 'pdfjs-dist'
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist'
// Vite copies the worker next to the bundle and hands us its URL: same origin, so the strict CSP
// (`worker-src 'self'`) admits it and no blob: or eval is needed.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import { BenchCallError, call } from '../bench-client'
import { useAppStore } from '../stores/app-store'
import { bytesToBase64, type DocumentSource } from '../../../shared/artifacts'

export interface PdfViewerProps {
  pdf: Uint8Array
  title: string
  fileName: string
  onClose: () => void
  /** When the bytes are a stored artifact, Save and Print name it instead of sending the bytes back. */
  artifactKey?: string
  /** Replace the built-in Save (`documents.save`). */
  onSave?: () => Promise<void> | void
  /** Replace the built-in Print (`documents.print`). */
  onPrint?: () => Promise<void> | void
}

type LoadState = { phase: 'loading' } | { phase: 'ready'; pages: number } | { phase: 'failed'; reason: string }

const ZOOMS = [0.75, 1, 1.25, 1.5, 2] as const
const DEFAULT_ZOOM = 2

/** pdf.js is big; it loads the first time a PDF is opened, not with the app. */
async function loadPdfJs(): Promise<typeof PdfJs> {
  const pdfjs = await import('pdfjs-dist')
  if (!pdfjs.GlobalWorkerOptions.workerSrc) pdfjs.GlobalWorkerOptions.workerSrc = workerUrl
  return pdfjs
}

async function openDocument(pdf: Uint8Array): Promise<{ doc: PDFDocumentProxy; destroy: () => Promise<void> }> {
  const pdfjs = await loadPdfJs()
  // pdf.js takes ownership of (transfers) the buffer it is given: hand it a copy so Save still has the bytes.
  const task = pdfjs.getDocument({ data: pdf.slice(), isEvalSupported: false, enableXfa: false })
  const doc = await task.promise
  return { doc, destroy: () => task.destroy() }
}

interface Drawing {
  stopped: boolean
  current: RenderTask | null
}

/** Draws every page, one after the other, so a long report never holds the main thread for long. */
async function drawPages(doc: PDFDocumentProxy, canvases: readonly HTMLCanvasElement[], zoom: number, drawing: Drawing): Promise<void> {
  const ratio = window.devicePixelRatio || 1
  for (let index = 0; index < canvases.length && !drawing.stopped; index++) {
    const page = await doc.getPage(index + 1)
    const viewport = page.getViewport({ scale: zoom * ratio })
    const canvas = canvases[index]!
    canvas.width = Math.floor(viewport.width)
    canvas.height = Math.floor(viewport.height)
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`
    drawing.current = page.render({ canvas, viewport })
    await drawing.current.promise
    drawing.current = null
    canvas.dataset.rendered = 'true'
  }
}

/**
 * A PDF shown inside the app (no external viewer, no plugin): pages drawn by pdf.js into canvases,
 * Save and Print through the shell. Not modal: it lives in the page, Esc closes it, and every
 * action is a button reachable with Tab (Ctrl+S and Ctrl+P while it has focus).
 */
export function PdfViewer(props: PdfViewerProps): React.JSX.Element {
  const { pdf, title, fileName, onClose, artifactKey, onSave, onPrint } = props
  const { t } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [state, setState] = useState<LoadState>({ phase: 'loading' })
  const [zoomIndex, setZoomIndex] = useState(DEFAULT_ZOOM)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const docRef = useRef<PDFDocumentProxy | null>(null)
  const pagesRef = useRef<HTMLDivElement>(null)
  const canvases = useRef<HTMLCanvasElement[]>([])

  useEffect(() => {
    let live = true
    let destroy: (() => Promise<void>) | null = null
    setState({ phase: 'loading' })
    setNotice(null)
    openDocument(pdf).then(
      (opened) => {
        destroy = opened.destroy
        if (!live) return void opened.destroy()
        docRef.current = opened.doc
        setState({ phase: 'ready', pages: opened.doc.numPages })
      },
      (error: unknown) => live && setState({ phase: 'failed', reason: error instanceof Error ? error.message : String(error) })
    )
    return () => {
      live = false
      docRef.current = null
      void destroy?.()
    }
  }, [pdf])

  const pages = state.phase === 'ready' ? state.pages : 0
  useEffect(() => {
    const doc = docRef.current
    if (!doc || pages === 0) return
    // A canvas takes one render at a time: a zoom change cancels the drawing still under way.
    const drawing: Drawing = { stopped: false, current: null }
    drawPages(doc, canvases.current.slice(0, pages), ZOOMS[zoomIndex]!, drawing).catch((error: unknown) => {
      if (!drawing.stopped) setState({ phase: 'failed', reason: error instanceof Error ? error.message : String(error) })
    })
    return () => {
      drawing.stopped = true
      drawing.current?.cancel()
    }
  }, [pages, zoomIndex])

  useEffect(() => pagesRef.current?.focus(), [pdf])

  const source = useCallback((): DocumentSource => (artifactKey ? { key: artifactKey, fileName } : { pdfBase64: bytesToBase64(pdf), fileName }), [artifactKey, fileName, pdf])

  const run = async (working: string, action: () => Promise<string | null>) => {
    if (busy) return
    setBusy(true)
    setNotice(working)
    try {
      setNotice(await action())
    } catch (error) {
      setNotice(null)
      if (error instanceof BenchCallError && error.error.code === 'cancelled') return
      if (error instanceof BenchCallError && error.error.code === 'print_dialog_unavailable') setNotice(t('documents.printUnavailable'))
      else showError(error)
    } finally {
      setBusy(false)
    }
  }
  const save = () =>
    run(t('documents.saving'), async () => {
      if (onSave) {
        await onSave()
        return null
      }
      const { path } = await call('documents.save', source())
      return t('documents.saved', { path })
    })
  const print = () =>
    run(t('documents.printing'), async () => {
      if (onPrint) await onPrint()
      else await call('documents.print', source())
      return null
    })
  const zoom = (step: number) => setZoomIndex((index) => Math.min(ZOOMS.length - 1, Math.max(0, index + step)))

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const key = event.key.toLowerCase()
    if (event.key === 'Escape') onClose()
    else if ((event.ctrlKey || event.metaKey) && key === 's') void save()
    else if ((event.ctrlKey || event.metaKey) && key === 'p') void print()
    else if (event.key === '+' || event.key === '=') zoom(1)
    else if (event.key === '-') zoom(-1)
    else return
    // Ours alone: the page behind must not also close its panel, nor the browser open its own print dialog.
    event.preventDefault()
    event.stopPropagation()
  }

  return (
    <section className="pdf-viewer" aria-label={t('documents.viewer', { title })} data-state={state.phase} onKeyDown={onKeyDown}>
      <header className="pdf-toolbar">
        <h2 className="pdf-title">{title}</h2>
        <span className="pdf-pages" aria-live="polite">
          {state.phase === 'loading' && t('documents.loading')}
          {state.phase === 'ready' && t('documents.pages', { count: state.pages })}
        </span>
        <button type="button" onClick={() => zoom(-1)} disabled={zoomIndex === 0} aria-label={t('documents.zoomOut')}>
          −
        </button>
        <span className="pdf-zoom">{Math.round(ZOOMS[zoomIndex]! * 100)} %</span>
        <button type="button" onClick={() => zoom(1)} disabled={zoomIndex === ZOOMS.length - 1} aria-label={t('documents.zoomIn')}>
          +
        </button>
        <button type="button" onClick={() => void save()} disabled={busy}>
          {t('documents.save')} <kbd>Ctrl+S</kbd>
        </button>
        <button type="button" onClick={() => void print()} disabled={busy}>
          {t('documents.print')} <kbd>Ctrl+P</kbd>
        </button>
        <button type="button" onClick={onClose}>
          {t('documents.close')} <kbd>Esc</kbd>
        </button>
      </header>
      {notice && (
        <p className="pdf-notice" role="status">
          {notice}
        </p>
      )}
      {state.phase === 'failed' && (
        <p className="pdf-failed" role="alert">
          {t('documents.failed', { reason: state.reason })}
        </p>
      )}
      {/* Focusable so arrows and Page Up/Down scroll the pages from the keyboard. */}
      <div className="pdf-pages-area" ref={pagesRef} tabIndex={0} aria-label={title}>
        {Array.from({ length: pages }, (_, index) => (
          <canvas
            key={index}
            className="pdf-page"
            aria-label={t('documents.pageLabel', { n: index + 1, count: pages })}
            ref={(canvas) => {
              if (canvas) canvases.current[index] = canvas
            }}
          />
        ))}
      </div>
    </section>
  )
}
