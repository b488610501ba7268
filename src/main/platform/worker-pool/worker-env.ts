/**
 * Variables that make a forked Node process load or run something else: a debugger's
 * NODE_OPTIONS (`--inspect`, `--require`), preloaded native libraries, DEBUG values that crash
 * some modules. The same list VS Code strips before forking its helpers.
 */
const DANGEROUS = new Set(['DEBUG', 'NODE_OPTIONS', 'VSCODE_NODE_OPTIONS', 'LD_PRELOAD', 'DYLD_INSERT_LIBRARIES', 'ELECTRON_RUN_AS_NODE'])

export function workerEnvironment(
  base: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> = {}
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !DANGEROUS.has(key.toUpperCase())) env[key] = value
  }
  return { ...env, ...extra }
}
