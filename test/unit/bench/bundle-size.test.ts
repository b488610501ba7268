import { describe, expect, it } from 'vitest'
import { entryScripts, initialChunks, staticImports } from '../../../bench/workloads/bundle-size'

describe('the first screen of a built page', () => {
  it('starts from module scripts and module preloads, not from styles or classic scripts', () => {
    const html = `<script type="module" crossorigin src="./assets/index-A.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/vendor-B.js">
      <link rel="stylesheet" href="./assets/index.css"><script src="./legacy.js"></script>`
    expect(entryScripts(html)).toEqual(['./assets/index-A.js', './assets/vendor-B.js'])
  })

  it('follows static imports and re-exports, minified or not, and leaves import() out', () => {
    const code = `import{a as b}from"./shared-C.js";import "./side.js"\nexport { x } from '../up.js';const p=()=>import("./Lazy-D.js");`
    expect(staticImports(code).sort()).toEqual(['../up.js', './shared-C.js', './side.js'])
  })

  it('collects every chunk once, through shared imports and cycles', () => {
    const files: Record<string, string> = {
      'index.html': '<script type="module" src="./assets/index.js"></script>',
      'assets/index.js': 'import"./a.js";import{b}from"./b.js";import("./lazy.js")',
      'assets/a.js': 'import{b}from"./b.js"',
      'assets/b.js': 'import{a}from"./a.js"',
      'assets/lazy.js': 'import"./never.js"'
    }
    const read = (path: string) => {
      const text = files[path]
      if (text === undefined) throw new Error(`read ${path}`)
      return text
    }
    expect(initialChunks(files['index.html']!, read).sort()).toEqual(['assets/a.js', 'assets/b.js', 'assets/index.js'])
  })
})
