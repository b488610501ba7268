import type { Db } from '../../platform/db/database'
import type { Veterinarian } from '../../../shared/domain'

interface VeterinarianRow {
  id: string
  name: string
  clinic: string
  email: string
  phone: string
  licence: string
  demo: number
}

const toVeterinarian = (row: VeterinarianRow): Veterinarian => ({
  id: row.id,
  name: row.name,
  clinic: row.clinic,
  email: row.email,
  phone: row.phone,
  licence: row.licence,
  demo: row.demo === 1
})

export function createVeterinariansRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO veterinarians (id, name, clinic, email, phone, licence, demo, created_at, updated_at)
     VALUES (@id, @name, @clinic, @email, @phone, @licence, @demo, @at, @at)`
  )
  const all = db.prepare<[], VeterinarianRow>(
    `SELECT id, name, clinic, email, phone, licence, demo FROM veterinarians WHERE deleted_at IS NULL ORDER BY name`
  )
  const byId = db.prepare<[string], VeterinarianRow>(
    `SELECT id, name, clinic, email, phone, licence, demo FROM veterinarians WHERE id = ?`
  )
  const update = db.prepare(
    `UPDATE veterinarians SET name = @name, clinic = @clinic, email = @email, phone = @phone, licence = @licence, updated_at = @at
     WHERE id = @id AND deleted_at IS NULL`
  )
  const live = db.prepare<[string], VeterinarianRow>(
    `SELECT id, name, clinic, email, phone, licence, demo FROM veterinarians WHERE id = ? AND deleted_at IS NULL`
  )
  const protocolsOf = db.prepare<[string], { id: string }>(`SELECT id FROM protocols WHERE veterinarian_id = ?`)
  return {
    insert(vet: Veterinarian, at: string): void {
      insert.run({ ...vet, demo: vet.demo ? 1 : 0, at })
    },
    list(): Veterinarian[] {
      return all.all().map(toVeterinarian)
    },
    get(id: string): Veterinarian | null {
      const row = byId.get(id)
      return row ? toVeterinarian(row) : null
    },
    /** One the bench still lists (not deleted here or on the server). */
    getLive(id: string): Veterinarian | null {
      const row = live.get(id)
      return row ? toVeterinarian(row) : null
    },
    /** The protocols sent by this veterinarian: their search tokens carry the veterinarian's name. */
    protocolIdsOf(id: string): string[] {
      return protocolsOf.all(id).map((row) => row.id)
    },
    /** The editable fields; `demo` stays as it was. */
    update(vet: Omit<Veterinarian, 'demo'>, at: string): boolean {
      return update.run({ ...vet, at }).changes > 0
    }
  }
}
export type VeterinariansRepository = ReturnType<typeof createVeterinariansRepository>
