/** Its p95 within budget, its rate under the floor it must stay above. */
export async function run(): Promise<Record<string, number>> {
  return { over_p95_ms: 3, over_per_s: 99.99 }
}
