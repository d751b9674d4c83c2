/**
 * The fidelity audit's property tests with many cases (the slow lane): AUDIT_RUNS EPUB books (default
 * 300) and AUDIT_PRINT_RUNS printed ones (default 25), each printed case also broken on purpose and
 * reported. The few cases of the other lanes: audit.property.test.ts, audit.property.e2e.test.ts.
 */
import { rm } from 'node:fs/promises'
import fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import { bookArbitrary } from './helpers/audit-property.ts'
import { epubProperty, printProperty } from './helpers/audit-tamper.ts'

const epubRuns = Number(process.env.AUDIT_RUNS ?? 300)
const printRuns = Number(process.env.AUDIT_PRINT_RUNS ?? 25)
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}
const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

describe('fidelity audit (property, many cases)', () => {
  it('EPUB: every generated block found; one taken out is reported (a-001)', async () => {
    await fc.assert(
      fc.asyncProperty(bookArbitrary({ chapters: { min: 1, max: 4 }, blocks: { min: 1, max: 12 } }), fc.nat(), (chapters, pick) => epubProperty(chapters, pick, roots)),
      { numRuns: epubRuns, endOnFailure: true, ...replay },
    )
  })

  it('print: every generated block in the print PDF; one taken out of the print is reported (a-003)', async () => {
    await fc.assert(
      fc.asyncProperty(bookArbitrary({ chapters: { min: 1, max: 3 }, blocks: { min: 2, max: 12 } }), fc.nat(), (chapters, pick) => printProperty(chapters, pick, roots, true)),
      { numRuns: printRuns, endOnFailure: true, ...replay },
    )
  })
})
