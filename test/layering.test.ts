/**
 * The pipeline's layering (docs/architecture.md, "The pipeline"): imports go down the chain
 * load → parse → validate → transform → render → package / print → audit → verify; the shared modules import
 * no stage; config/ is read from render on (before that, a stage is handed what it needs as arguments);
 * and nothing in the chain imports the wiring (build.ts, lint.ts, cli.ts …) or the tools beside it.
 * Type-only imports count: they tie the layers together just the same.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const srcRoot = path.resolve(import.meta.dirname, '..', 'src')

/** The stages, in pipeline order; package and print are siblings (same rank). */
const stageRank: Record<string, number> = { load: 0, parse: 1, validate: 2, transform: 3, render: 4, package: 5, print: 5, audit: 6, verify: 7 }
/** Imported by anything, importing no stage. */
const shared = new Set(['chapter.ts', 'dates.ts', 'errors.ts', 'text', 'report', 'browser', 'files', 'images', 'process'])
/** The resolved config: imports only shared modules; read by the stages from render on. */
const configFirstRank = stageRank.render!

type Kind = { kind: 'stage'; rank: number } | { kind: 'shared' } | { kind: 'config' } | { kind: 'outside' }

/** A module's layer, by its first path segment under src/ (a folder, or a top-level file). */
function layerOf(relative: string): { name: string } & Kind {
  const name = relative.split('/')[0]!
  if (name in stageRank) return { name, kind: 'stage', rank: stageRank[name]! }
  if (shared.has(name)) return { name, kind: 'shared' }
  if (name === 'config') return { name, kind: 'config' }
  return { name, kind: 'outside' } // cache/, dev/, import/, build.ts, lint.ts, cli.ts, new.ts, week.ts …
}

/** Why `from` may not import `to`, or undefined when it may. */
export function layeringBreak(from: string, to: string): string | undefined {
  const a = layerOf(from)
  const b = layerOf(to)
  if (a.name === b.name) return undefined
  if (a.kind === 'outside') return undefined
  if (b.kind === 'outside') return `${a.name}/ is in the pipeline and imports ${b.name}, which is outside it`
  if (a.kind === 'shared') return b.kind === 'shared' ? undefined : `shared module ${a.name} imports ${b.name}`
  if (a.kind === 'config') return b.kind === 'shared' ? undefined : `config/ imports ${b.name}`
  // a is a stage
  if (b.kind === 'shared') return undefined
  if (b.kind === 'config') return a.rank >= configFirstRank ? undefined : `${a.name}/ imports config/: it comes before render, so it takes what it needs as arguments`
  if (b.kind === 'stage' && b.rank < a.rank) return undefined
  return `${a.name}/ imports ${b.name}/, which is not before it in the pipeline`
}

/** Every relative import (static, type-only, re-export or dynamic) of every source, as src/-relative paths. */
function imports(): { from: string; to: string }[] {
  const found: { from: string; to: string }[] = []
  for (const entry of readdirSync(srcRoot, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const file = path.join(entry.parentPath, entry.name)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm)) {
      found.push({ from: path.relative(srcRoot, file), to: path.relative(srcRoot, path.resolve(path.dirname(file), match[1]!)) })
    }
  }
  return found
}

describe('layering', () => {
  it('finds the imports it judges (the scan is not empty, and sees type-only imports)', () => {
    const all = imports()
    expect(all.length).toBeGreaterThan(200)
    expect(all).toContainEqual({ from: 'lint.ts', to: 'config/index.ts' })
    expect(all).toContainEqual({ from: 'config/volumes.ts', to: 'chapter.ts' }) // `import type`
  })

  it('judges the rules as stated', () => {
    expect(layeringBreak('validate/images.ts', 'config/index.ts')).toMatch(/arguments/)
    expect(layeringBreak('render/index.ts', 'config/index.ts')).toBeUndefined()
    expect(layeringBreak('transform/index.ts', 'render/templates.ts')).toMatch(/not before it/)
    expect(layeringBreak('print/index.ts', 'package/epub.ts')).toMatch(/not before it/)
    expect(layeringBreak('render/index.ts', 'transform/index.ts')).toBeUndefined()
    expect(layeringBreak('report/messages.ts', 'validate/index.ts')).toMatch(/shared module/)
    expect(layeringBreak('config/index.ts', 'validate/index.ts')).toMatch(/config/)
    expect(layeringBreak('verify/outputs.ts', 'build.ts')).toMatch(/outside/)
    expect(layeringBreak('build.ts', 'verify/outputs.ts')).toBeUndefined()
    expect(layeringBreak('audit/epub.ts', 'package/epub.ts')).toBeUndefined()
    expect(layeringBreak('verify/fidelity.ts', 'audit/index.ts')).toBeUndefined()
    expect(layeringBreak('print/passes.ts', 'audit/print.ts')).toMatch(/not before it/)
    expect(layeringBreak('audit/index.ts', 'verify/pdf.ts')).toMatch(/not before it/)
  })

  it('holds for every import in src/', () => {
    const breaks = imports().flatMap(({ from, to }) => {
      const why = layeringBreak(from, to)
      return why ? [`src/${from} → src/${to}: ${why}`] : []
    })
    expect(breaks).toEqual([])
  })
})
