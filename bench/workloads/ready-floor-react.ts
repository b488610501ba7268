/**
 * The React floor's page script: React and react-dom as the app ships them (production, minified),
 * rendering nothing but the scan field and focusing it, as the app's first screen ends.
 */
import { createElement, useEffect, useRef } from 'react'
import { createRoot } from 'react-dom/client'

function Scan() {
  const field = useRef<{ focus(): void } | null>(null)
  useEffect(() => field.current?.focus(), [])
  return createElement('input', { id: 'scan', ref: field })
}

const root = (globalThis as unknown as { document: { getElementById(id: string): Element } }).document.getElementById('root')
createRoot(root).render(createElement(Scan))
