/**
 * The declared dependencies match the code (issue 13, defect 10): every
 * package the sources import is declared (src/ in `dependencies`, since
 * users run it), and every runtime dependency is used by src/ or scripts/.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const projectRoot = path.resolve(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> }

function sources(folder: string): string[] {
  return readdirSync(path.join(projectRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
}

/** The packages a text imports (statically, dynamically or with require), by package name. */
function importedPackages(text: string): Set<string> {
  const found = new Set<string>()
  // Type-only imports are erased when the sources run: their packages are @types/* (dev) or types-only.
  const code = text.replace(/^(?:import|export) type .*$/gm, '')
  for (const match of code.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*|^import\s+)['"]([^'"./][^'"]*)['"]/gm)) {
    const specifier = match[1]!
    if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue
    const parts = specifier.split('/')
    found.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!)
  }
  return found
}

const union = (texts: string[]) => new Set(texts.flatMap((text) => [...importedPackages(text)]))

describe('package.json', () => {
  it('declares every package src/ imports as a dependency, and every package scripts/ and test/ import at all', () => {
    const runtime = Object.keys(manifest.dependencies)
    const all = [...runtime, ...Object.keys(manifest.devDependencies)]
    expect([...union(sources('src'))].filter((name) => !runtime.includes(name))).toEqual([])
    expect([...union([...sources('scripts'), ...sources('test')])].filter((name) => !all.includes(name))).toEqual([])
  })

  it('uses every runtime dependency in src/ or scripts/ (by import, or by name for the font packages read from disk)', () => {
    const texts = [...sources('src'), ...sources('scripts')]
    const imported = union(texts)
    const named = (name: string) => texts.some((text) => text.includes(`'${name}'`) || text.includes(`'${name}/`))
    expect(Object.keys(manifest.dependencies).filter((name) => !imported.has(name) && !named(name))).toEqual([])
  })
})
