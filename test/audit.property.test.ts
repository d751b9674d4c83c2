/**
 * The fidelity audit, property-based (issue 21, "Done when"), EPUB side: books of chapters generated from
 * the real block kinds (test/helpers/audit-property.ts) build with no audit message, and every block's
 * text, known by the generator, is in the EPUB's chapter document in order. Then one block is taken out of
 * the built EPUB on purpose: the audit must report it missing (a-001), at that block's lines.
 *
 * The unit lane runs AUDIT_RUNS cases (default 12, each an EPUB build); the slow lane
 * (audit.property.slow.test.ts) many more; the print side is audit.property.e2e.test.ts.
 */
import { rm } from 'node:fs/promises'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { bookArbitrary, distFile, epubChapter, lostInEpub } from './helpers/audit-property.ts'
import { epubProperty, withoutBlock } from './helpers/audit-tamper.ts'
import { makeBook } from './helpers/book.ts'

const numRuns = Number(process.env.AUDIT_RUNS ?? 12)
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}
const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

describe('fidelity audit, EPUB (property)', () => {
  it('finds every generated block in the EPUB, and misses the one taken out', async () => {
    await fc.assert(
      fc.asyncProperty(bookArbitrary({ chapters: { min: 1, max: 3 }, blocks: { min: 1, max: 8 } }), fc.nat(), (chapters, pick) => epubProperty(chapters, pick, roots)),
      // Each case is a build: no shrinking (it would build hundreds of books); FC_SEED replays the case.
      { numRuns, endOnFailure: true, ...replay },
    )
  }, 600_000)

  it('fails when a block is taken out of the EPUB: a-001 at the block', async () => {
    // The failure itself, shown: the property above must not pass a broken EPUB.
    const [chapter] = fc.sample(bookArbitrary({ chapters: { min: 1, max: 1 }, blocks: { min: 3, max: 3 } }), { numRuns: 1, seed: 21 })[0]!
    await expect(epubProperty([chapter!], 0, roots)).resolves.toBeUndefined()
    const root = await makeBook({ [chapter!.name]: chapter!.source })
    roots.push(root)
    await buildBook({ root, formats: ['epub'], cache: false })
    const { xhtml } = await epubChapter(distFile(root, 'test-careers.epub'), chapter!.slug)
    const without = withoutBlock(xhtml, 'Steady work ahead.')!
    expect(lostInEpub(without, chapter!)).toEqual(['Steady work ahead.'])
  }, 120_000)
})
