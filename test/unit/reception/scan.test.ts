import { describe, expect, it } from 'vitest'
import { parseScan } from '../../../src/shared/scan'

const ID = '0b6f5c1e-3d2a-4f4e-9a7b-1c2d3e4f5a6b'

describe('reading what a scanner typed', () => {
  it.each([
    [`https://lab.example/p/${ID}`, { kind: 'id', id: ID }],
    [`https://otro-puesto.example:8443/etiquetas/${ID.toUpperCase()}`, { kind: 'id', id: ID }],
    [`lab.example/p/${ID}`, { kind: 'id', id: ID }],
    [ID, { kind: 'id', id: ID }],
    ['https://lab.example/s/SOL-00123', { kind: 'external', externalId: 'SOL-00123' }],
    ['lab.example/s/SOL-00123', { kind: 'external', externalId: 'SOL-00123' }],
    ['sol-00123', { kind: 'external', externalId: 'SOL-00123' }]
  ])('a QR or id: %s', (typed, expected) => {
    expect(parseScan(typed)).toEqual(expected)
  })

  it.each(['HP 26/0123', 'HP26/0123', 'hp 26/123', 'HP 26 0123', 'HP260123', 'HP-26-0123', ' HP 26 / 0123 '])('a protocol number however it is written: %s', (typed) => {
    expect(parseScan(typed)).toEqual({ kind: 'number', type: 'HP', yy: 26, seq: 123 })
  })

  it.each(['Núñez', 'HP', 'perro 26', 'example.com', 'HP 2/0123'])('anything else is words: %s', (typed) => {
    expect(parseScan(typed).kind).toBe('text')
  })
})
