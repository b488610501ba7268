/**
 * `npm run bench`: every area's figures against its budget; exit status 0 when the bench passed,
 * 1 when it failed (over budget, a key missing, a figure without budget, an area that threw),
 * 2 on a wrong option. `--json` prints the report as one JSON object on stdout (the progress
 * lines go to stderr); `--only=AREA[,AREA]` runs those areas and requires only their keys;
 * `--areas=DIR --budgets=FILE` run other areas against other budgets (the runner's own test).
 */
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BUDGETS } from './budgets'
import { parseArgs, runBench, type AreaModule, type BenchArgs, type Budgets } from './runner'

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs
  try {
    args = parseArgs(argv)
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`)
    return 2
  }
  const areasDir = resolve(args.areasDir ?? join(import.meta.dirname, 'areas'))
  const budgets = args.budgetsFile ? ((await import(pathToFileURL(resolve(args.budgetsFile)).href)) as { BUDGETS: Budgets }).BUDGETS : BUDGETS
  if (args.json) {
    // stdout carries the one JSON object: whatever an area prints goes to stderr.
    console.log = console.info = console.error
  }
  const write = args.json ? (line: string) => process.stderr.write(`${line}\n`) : (line: string) => process.stdout.write(`${line}\n`)
  try {
    const outcome = await runBench({
      budgets,
      only: args.only,
      log: write,
      loadArea: async (area) => (await import(pathToFileURL(join(areasDir, `${area}.ts`)).href)) as AreaModule
    })
    if (args.json) process.stdout.write(`${JSON.stringify(outcome)}\n`)
    return outcome.passed ? 0 : 1
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`)
    return 2
  }
}

process.exitCode = await main(process.argv.slice(2))
