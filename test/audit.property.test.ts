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
import { SourceCache } from '../src/audit/index.ts'
import { auditEpub } from '../src/audit/epub.ts'
import { comparable } from '../src/audit/text.ts'
import { buildBook, lintBook } from '../src/build.ts'
import { bookArbitrary, distFile, epubChapter, lostInEpub, type GeneratedChapter } from './helpers/audit-property.ts'
import { withoutBlock } from './helpers/audit-tamper.ts'
import { makeBook } from './helpers/book.ts'

const numRuns = Number(process.env.AUDIT_RUNS ?? 12)
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}
const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

/** A block whose first text no other text of its chapter begins with: taking it out loses that block only. */
function distinctBlocks(chapter: GeneratedChapter) {
  return chapter.blocks.filter((block) => {
    const first = comparable(block.texts[0]!)
    return chapter.bodyTexts.filter((text) => comparable(text).startsWith(first)).length === 1
  })
}

export async function epubProperty(chapters: GeneratedChapter[], pick: number): Promise<void> {
  const root = await makeBook(Object.fromEntries(chapters.map((chapter) => [chapter.name, chapter.source])))
  roots.push(root)
  const result = await buildBook({ root, formats: ['epub'], cache: false })
  const messages = result.files.flatMap((file) => file.messages.map((message) => `${file.path}:${message.line}: ${message.reason} [${message.ruleId}]`))
  expect(messages.filter((message) => /\[a-0/.test(message))).toEqual([])
  expect(result.ok, messages.join('\n')).toBe(true)
  const epub = distFile(root, 'test-careers.epub')
  for (const chapter of chapters) expect(lostInEpub((await epubChapter(epub, chapter.slug)).xhtml, chapter), chapter.source).toEqual([])

  // One block out of the EPUB, on purpose: the audit says which, at its lines.
  const candidates = chapters.flatMap((chapter) => distinctBlocks(chapter).map((block) => ({ chapter, block })))
  if (candidates.length === 0) return
  const { chapter, block } = candidates[pick % candidates.length]!
  const { zip, entry, xhtml } = await epubChapter(epub, chapter.slug)
  const broken = withoutBlock(xhtml, block.texts[0]!)
  expect(broken, `${block.kind} “${block.texts[0]}” found in the EPUB`).toBeDefined()
  zip.file(entry, broken!)
  const data = await zip.generateAsync({ type: 'uint8array' })
  const { chapters: checked } = await lintBook(root)
  const target = checked.find((entry) => entry.chapter.slug === chapter.slug)!.chapter
  const findings = (await auditEpub(data, [target], new SourceCache('en-US'))).get(target)!
  const lines = block.markdown.split('\n').length
  expect(findings.map((finding) => finding.code)).toContain('a-001')
  expect(findings.some((finding) => finding.code === 'a-001' && finding.block!.line >= block.line && finding.block!.line < block.line + lines), `${block.kind} at line ${block.line}: ${findings.map((f) => `${f.block?.line} ${f.message}`).join('; ')}`).toBe(true)
}

describe('fidelity audit, EPUB (property)', () => {
  it('finds every generated block in the EPUB, and misses the one taken out', async () => {
    await fc.assert(
      fc.asyncProperty(bookArbitrary({ chapters: { min: 1, max: 3 }, blocks: { min: 1, max: 8 } }), fc.nat(), epubProperty),
      { numRuns, ...replay },
    )
  }, 600_000)

  it('fails when a block is taken out of the EPUB: a-001 at the block', async () => {
    // The failure itself, shown: the property above must not pass a broken EPUB.
    const [chapter] = fc.sample(bookArbitrary({ chapters: { min: 1, max: 1 }, blocks: { min: 3, max: 3 } }), { numRuns: 1, seed: 21 })[0]!
    await expect(epubProperty([chapter!], 0)).resolves.toBeUndefined()
    const root = await makeBook({ [chapter!.name]: chapter!.source })
    roots.push(root)
    await buildBook({ root, formats: ['epub'], cache: false })
    const { xhtml } = await epubChapter(distFile(root, 'test-careers.epub'), chapter!.slug)
    const without = withoutBlock(xhtml, 'Steady work ahead.')!
    expect(lostInEpub(without, chapter!)).toEqual(['Steady work ahead.'])
  }, 120_000)
})
