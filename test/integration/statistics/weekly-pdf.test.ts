import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { flatText, pdfInfo, pdfText } from '../../support/pdf-tools'
import { AFTER_BOTH_WEEKS, TIME_ZONE, insertFixture, local } from './fixture'

process.env.TZ = TIME_ZONE

describe('the weekly statistics PDF, read back with pdftotext', () => {
  let bench: TestHost

  beforeAll(async () => {
    bench = await startTestHost({ demoProtocols: 0, clerk: null, clock: () => local(AFTER_BOTH_WEEKS) })
    insertFixture(bench.host.db)
    await bench.call('settings.update', { letterhead: { name: 'Laboratorio Peñalara de Anatomía Patológica', address: 'Calle Ñandú 3, Segovia', taxId: 'B12345678' } })
  })
  afterAll(async () => {
    await bench.close()
  })

  const render = async (date: string, locale: 'es' | 'en') => {
    const { pdfBase64, fileName } = await bench.call('statistics.weeklyPdf', { date, locale })
    const bytes = new Uint8Array(Buffer.from(pdfBase64, 'base64'))
    // Layout mode keeps a table row on one line: "Perro 3 1 4".
    return { bytes, fileName, text: flatText(await pdfText(bytes, { layout: true })) }
  }

  it('prints the hand-computed figures of week 2026-W03 in Spanish, accents intact', async () => {
    const { bytes, fileName, text } = await render('2026-01-15', 'es')
    expect(fileName).toBe('estadisticas-2026-W03.pdf')
    expect((await pdfInfo(bytes)).Title).toBe('ESTADÍSTICAS SEMANALES 2026-W03')
    expect(text).toContain('Laboratorio Peñalara de Anatomía Patológica')
    expect(text).toContain('Semana 2026-W03')
    expect(text).toContain('12/01/2026 – 18/01/2026')
    // Received, rejected, reported, then turnaround mean, median and P90 in hours (see statistics-figures.test.ts).
    expect(text).toContain('5 3 3 38,0 48,0 60,0')
    expect(text).toContain('Lunes 12/01/2026 2 1 1')
    expect(text).toContain('Miércoles 14/01/2026 1 0 1')
    expect(text).toContain('Domingo 18/01/2026 0 1 0')
    // Type: received, rejected, reported, mean, median.
    expect(text).toContain('HP 2 2 2 54,0 54,0')
    expect(text).toContain('CT 3 1 1 6,0 6,0')
    // Breakdowns: received, rejected, total.
    expect(text).toContain('Perro 3 1 4')
    expect(text).toContain('Gato 1 2 3')
    expect(text).toContain('Caballo 1 0 1')
    expect(text).toContain('Dra. Ana Peña 2 1 3')
    expect(text).toContain('Dra. Carla Ruiz 2 1 3')
    expect(text).toContain('Dr. Bruno Díaz 1 1 2')
    expect(text).toContain('Luis 2 2 4')
    expect(text).toContain('Marta 3 1 4')
    expect(text).toContain('Muestra sin fijar 2')
    expect(text).toContain('Recipiente roto 1')
    // Turnaround table: reported, mean, median, P90, maximum; the arrow became "->" for the standard font.
    expect(text).toContain('Tiempo de respuesta (recepción -> informe)')
    expect(text).toContain('HP 2 54,0 54,0 60,0 60,0')
    expect(text).toContain('Total 3 38,0 48,0 60,0 60,0')
    expect(text).not.toContain('PROVISIONAL')
  })

  it('prints week 2026-W04 in English', async () => {
    const { fileName, text } = await render('2026-01-19', 'en')
    expect(fileName).toBe('statistics-2026-W04.pdf')
    expect(text).toContain('Week 2026-W04')
    expect(text).toContain('3 1 3 76.0 36.0 168.0')
    expect(text).toContain('Monday 19 Jan 2026 1 0 0')
    expect(text).toContain('Muestra insuficiente 1')
    expect(text).toContain('Total 3 76.0 36.0 168.0 168.0')
  })

  it('marks the week in progress as provisional', async () => {
    const { text } = await render('2026-02-02', 'es')
    expect(text).toContain('Semana 2026-W06')
    expect(text).toContain('PROVISIONAL: semana en curso')
    expect(text).toContain('Sin datos en esta semana')
  })
})
