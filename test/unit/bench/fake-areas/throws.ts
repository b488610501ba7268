/** Gets an error answer half-way, as an area whose request was refused. */
export async function run(): Promise<Record<string, number>> {
  throw new Error('preferences.get answered an error: internal: disk full')
}
