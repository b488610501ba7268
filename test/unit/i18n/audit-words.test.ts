/**
 * The audit page says each action and entity in words: every action and entity the main process
 * writes to the audit log has its Spanish and English name (the identifiers stay behind a title).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { es } from '../../../src/renderer/src/i18n/es'
import { en } from '../../../src/renderer/src/i18n/en'

const root = join(import.meta.dirname, '../../..')
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name)
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

/**
 * The audit entries the main process builds, each from its dotted action (`'printer.changed'`)
 * to the next 300 characters, where its entity is written: passed to audit.append or collected
 * first (settings-audit.ts).
 */
function auditEntries(): string[] {
  const texts = sources('src/main').map((file) => readFileSync(join(root, file), 'utf8'))
  return texts.flatMap((text) => [...text.matchAll(/action: (?:'[a-z_]+\.[a-z_.]+'|`[a-z_]+\.\$\{)[\s\S]{0,300}/g)].map((match) => match[0]))
}

function writtenActions(): string[] {
  const literal = auditEntries().flatMap((entry) => [.../^action: '([a-z_.]+)'/.exec(entry)?.slice(1) ?? []])
  // The two families written from a variable: work-order steps and bulk starts.
  const workOrderSteps = sources('src/main/features/work-orders')
    .flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/\brecord\('([a-z_]+)'/g)].map((match) => `work_order.${match[1]}`))
  return [...new Set([...literal, ...workOrderSteps, 'bulk.started', 'bulk.undo_started'])].sort()
}

describe('audit words', () => {
  const catalogues = { es, en }

  it('finds the actions it checks', () => {
    const actions = writtenActions()
    expect(actions.length).toBeGreaterThan(25)
    for (const known of ['printer.changed', 'protocol.renumbered', 'work_order.issued', 'veterinarian.updated']) expect(actions).toContain(known)
  })

  it.each(Object.keys(catalogues) as (keyof typeof catalogues)[])('every action and entity written has its name in %s', (language) => {
    const audit = catalogues[language].admin.audit
    const actions = audit.actions as Record<string, string>
    expect(writtenActions().filter((action) => !actions[action])).toEqual([])
    const entities = [...new Set(auditEntries().flatMap((entry) => [.../entity: '([a-z_]+)'/.exec(entry)?.slice(1) ?? []]))]
    expect(entities.length).toBeGreaterThan(8)
    expect(entities.filter((entity) => !(audit.entities as Record<string, string>)[entity])).toEqual([])
  })
})
