/**
 * What a page downloads and parses before its first screen: the module scripts and module
 * preloads named in index.html and every chunk they import statically, transitively. Chunks
 * reached only through `import()` load on demand and are not counted.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join, posix } from 'node:path'

/** Script and modulepreload URLs of an HTML page, relative to it. */
export function entryScripts(html: string): string[] {
  const urls: string[] = []
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isModuleScript = /^<script\b/i.test(tag) && /\btype\s*=\s*["']module["']/i.test(tag)
    const isPreload = /^<link\b/i.test(tag) && /\brel\s*=\s*["']modulepreload["']/i.test(tag)
    const url = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]
    if ((isModuleScript || isPreload) && url) urls.push(url)
  }
  return urls
}

/**
 * Relative specifiers a module imports statically: `import … from "./x.js"`, `import "./x.js"`
 * and `export … from "./x.js"`, minified or not; `import("./x.js")` is left out.
 */
export function staticImports(code: string): string[] {
  const found = new Set<string>()
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g
  for (const match of code.matchAll(pattern)) found.add(match[1]!)
  return [...found]
}

/** Every file the first screen loads, as paths relative to the page's folder. */
export function initialChunks(html: string, read: (path: string) => string): string[] {
  const seen = new Set<string>()
  const visit = (path: string) => {
    const normal = posix.normalize(path.replace(/^\.\//, ''))
    if (seen.has(normal)) return
    seen.add(normal)
    for (const specifier of staticImports(read(normal))) visit(posix.join(posix.dirname(normal), specifier))
  }
  for (const url of entryScripts(html)) visit(url)
  return [...seen]
}

/** Bytes of the first screen's scripts, each gzipped on its own (as a server or an asar reader sends it). */
export function initialJsGzipBytes(pageDir: string, htmlFile = 'index.html'): { files: string[]; bytes: number } {
  const read = (path: string) => readFileSync(join(pageDir, path), 'utf8')
  const files = initialChunks(read(htmlFile), read)
  return { files, bytes: files.reduce((sum, file) => sum + gzipSync(readFileSync(join(pageDir, file))).length, 0) }
}
