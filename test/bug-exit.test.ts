/**
 * A bug is a bug: an error thrown inside the transform (here a RangeError,
 * injected into one plugin for a chapter that carries a marker) exits 70
 * with its stack, not content error s-007 at 1:1 and exit 1. Only content
 * nested too deeply is s-007, and at its place (see rule-fixtures.test.ts).
 */
import { rm } from 'node:fs/promises'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runCli } from './helpers/cli.ts'
import { makeBook, validChapter } from './helpers/book.ts'

const marker = 'INJECT-RANGE-ERROR'

vi.mock('../src/transform/plugins/footnotes.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/transform/plugins/footnotes.ts')>()
  const { toString } = await import('hast-util-to-string')
  return {
    ...original,
    kindleFootnotes: (tree: Parameters<typeof original.kindleFootnotes>[0]) => {
      if (toString(tree).includes(marker)) throw new RangeError('Invalid array length (injected by the test)')
      original.kindleFootnotes(tree)
    },
  }
})

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

describe('an error inside the transform', () => {
  it('is reported as a bug: exit 70 and a stack naming the source file', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter({ append: `\n${marker}\n` }) })
    roots.push(root)
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(70)
    expect(run.stderr).toMatch(/^springboard: internal error \(a bug; please report it with the text below\)\nRangeError: Invalid array length \(injected by the test\)/)
    expect(run.stderr).toMatch(/\bsrc\/transform\/index\.ts:\d+/)
    expect(run.stderr).not.toContain('[s-007]')
  })

  it('while the same chapter without the marker checks clean', async () => {
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter({ append: '\nNo marker here.\n' }) })
    roots.push(root)
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  })
})
