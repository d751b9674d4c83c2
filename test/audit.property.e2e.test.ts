/**
 * The fidelity audit, property-based (issue 21, "Done when"), print side: books of chapters generated
 * from the real block kinds build (EPUB and print) with no audit message; every block's text, known by
 * the generator, is in the print PDF's own text (pdftotext, as `verify` reads it) in order, and `verify`'s
 * audit passes. Then one block is taken out of the print on purpose (a book template's script): the build
 * reports it (a-003) at that block's lines. Each case prints a book: AUDIT_PRINT_RUNS cases (default 3);
 * the slow lane runs more (audit.property.slow.test.ts).
 */
import { rm } from 'node:fs/promises'
import fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import { bookArbitrary } from './helpers/audit-property.ts'
import { printProperty } from './helpers/audit-tamper.ts'

const numRuns = Number(process.env.AUDIT_PRINT_RUNS ?? 3)
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}
const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

describe('fidelity audit, print (property)', () => {
  it('finds every generated block in the print PDF; a block taken out of the print is reported', async () => {
    let first = true
    await fc.assert(
      fc.asyncProperty(bookArbitrary({ chapters: { min: 1, max: 2 }, blocks: { min: 2, max: 8 } }), fc.nat(), async (chapters, pick) => {
        // The tampered build, shown once: a second print per case would double the lane's time.
        await printProperty(chapters, pick, roots, first)
        first = false
      }),
      { numRuns, endOnFailure: true, ...replay },
    )
  }, 480_000)
})
