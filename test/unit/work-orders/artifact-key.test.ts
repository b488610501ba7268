import { describe, expect, it } from 'vitest'
import { artifactKey, canonicalJson } from '../../../src/main/features/artifacts/artifact-cache'
import { ArtifactKey } from '../../../src/shared/artifacts'
import { WORKORDER_TEMPLATE_VERSION } from '../../../src/shared/documents'
import { sampleWorkOrder } from '../../../bench/workloads/documents'

describe('artifact keys', () => {
  it('canonical JSON does not depend on the order keys were written in, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }))
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
    // Array order is content, not formatting.
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]))
  })

  it('the same input gives the same key; any printed change, or a new template, gives another', () => {
    const order = sampleWorkOrder()
    const key = artifactKey('workorder.pdf', order, WORKORDER_TEMPLATE_VERSION)
    expect(ArtifactKey.safeParse(key).success).toBe(true)
    expect(key.startsWith('workorder.pdf-')).toBe(true)
    const reordered = Object.fromEntries(Object.entries(order).reverse())
    expect(artifactKey('workorder.pdf', reordered, WORKORDER_TEMPLATE_VERSION)).toBe(key)
    expect(artifactKey('workorder.pdf', sampleWorkOrder({ orderDiscountPercent: 6 }), WORKORDER_TEMPLATE_VERSION)).not.toBe(key)
    expect(artifactKey('workorder.pdf', sampleWorkOrder({ status: 'cancelled' }), WORKORDER_TEMPLATE_VERSION)).not.toBe(key)
    expect(artifactKey('workorder.pdf', order, WORKORDER_TEMPLATE_VERSION + 1)).not.toBe(key)
    expect(artifactKey('report.pdf', order, WORKORDER_TEMPLATE_VERSION)).not.toBe(key)
  })
})
