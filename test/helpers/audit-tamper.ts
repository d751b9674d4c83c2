/** Breaking an output on purpose, for the audit's property tests: one block taken out of an EPUB chapter, or of the print. */
import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5'
import { expect } from 'vitest'
import { SourceCache } from '../../src/audit/index.ts'
import { auditEpub } from '../../src/audit/epub.ts'
import { comparable } from '../../src/text/compare.ts'
import { chapterLeaves, chapterLeavesParsed } from '../../src/text/leaves.ts'
import { buildBook, lintBook } from '../../src/build.ts'
import { distFile, epubChapter, lostInEpub, type GeneratedChapter } from './audit-property.ts'
import { makeBook } from './book.ts'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

const blockTags = new Set(['p', 'li', 'td', 'th', 'h3', 'pre'])

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value
  return 'childNodes' in node ? (node as DefaultTreeAdapterMap['parentNode']).childNodes.map(textOf).join('') : ''
}

/** The XHTML without the first block element of the chapter's body whose text begins with `text`; undefined when none does. */
export function withoutBlock(xhtml: string, text: string): string | undefined {
  const document = parse(xhtml)
  const wanted = comparable(text)
  let inBody = false
  let removed = false
  const visit = (node: Node): void => {
    if (removed || !('childNodes' in node)) return
    const parent = node as DefaultTreeAdapterMap['parentNode']
    for (const child of [...parent.childNodes]) {
      if (removed) return
      if (!('tagName' in child)) continue
      const element = child as Element
      const wasInBody = inBody
      if (element.attrs.some((attr) => attr.name === 'class' && attr.value.split(/\s+/).includes('chapter-body'))) inBody = true
      if (inBody && blockTags.has(element.nodeName) && comparable(textOf(element)).startsWith(wanted)) {
        parent.childNodes.splice(parent.childNodes.indexOf(child), 1)
        removed = true
        return
      }
      visit(element)
      inBody = wasInBody
    }
  }
  visit(document)
  return removed ? serialize(document) : undefined
}

/** A block whose first text no other text of its chapter begins with: taking it out loses that block only. */
export function distinctBlocks(chapter: GeneratedChapter) {
  return chapter.blocks.filter((block) => {
    const first = comparable(block.texts[0]!)
    return chapter.bodyTexts.filter((text) => comparable(text).startsWith(first)).length === 1
  })
}

/** One case of the EPUB property: build, find every block, take one out and see it reported (a-001). `roots`: folders to remove after. */
export async function epubProperty(chapters: GeneratedChapter[], pick: number, roots: string[]): Promise<void> {
  const root = await makeBook(Object.fromEntries(chapters.map((chapter) => [chapter.name, chapter.source])))
  roots.push(root)
  const result = await buildBook({ root, formats: ['epub'], cache: false })
  const messages = result.files.flatMap((file) => file.messages.map((message) => `${file.path}:${message.line}: ${message.reason} [${message.ruleId}]`))
  expect(messages.filter((message) => /\[a-0/.test(message))).toEqual([])
  expect(result.ok, messages.join('\n')).toBe(true)
  const epub = distFile(root, 'test-careers.epub')
  for (const chapter of chapters) {
    const { xhtml } = await epubChapter(epub, chapter.slug)
    expect(lostInEpub(xhtml, chapter), chapter.source).toEqual([])
    // The audit's scan of our XHTML reads what a parser reads.
    expect(chapterLeaves(xhtml)).toEqual(chapterLeavesParsed(xhtml))
  }

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


/**
 * A book's own print template (templates/print/book.html.ejs) with a script that takes out of the
 * chapter `slug`'s body the first block whose text begins with `text`: a print broken on purpose.
 */
export async function printTemplateWithout(slug: string, text: string): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  const { builtinTemplatesDir } = await import('../../src/render/templates.ts')
  const template = await readFile(`${builtinTemplatesDir}/print/book.html.ejs`, 'utf8')
  const script = `<script>(() => {
  const wanted = ${JSON.stringify(comparable(text))}
  const norm = (t) => t.normalize('NFKC').replace(/\\u00AD/g, '').replace(/[\\u2018\\u2019]/g, "'").replace(/[\\u201C\\u201D]/g, '"').replace(/[\\u2010-\\u2015]/g, '-').replace(/-{2,}/g, '-').replace(/\\s+/g, ' ').trim()
  for (const element of document.querySelectorAll('#ch-${slug} .chapter-body :is(p, li, td, th, h3, pre)')) {
    if (norm(element.textContent).startsWith(wanted)) { element.remove(); break }
  }
})()</script>`
  return template.replace('</body>', `${script}\n</body>`)
}

/** The print PDF's text as verify reads it: each page without its running head and folio, squeezed. */
export async function printText(pdf: string, runningHeads: ReadonlySet<string>): Promise<string> {
  const { pdfPageTexts } = await import('../../src/verify/pdf.ts')
  const { pdfStream } = await import('../../src/verify/fidelity.ts')
  return pdfStream(await pdfPageTexts(pdf, { raw: true }), runningHeads).text
}

/**
 * One case of the print property: build the EPUB and the print; every block is in the print PDF's own
 * text (and the EPUB's), `verify`'s audit passes; with `tamper`, the build with one block taken out of
 * the print reports it (a-003) at its lines, and writes nothing.
 */
export async function printProperty(chapters: GeneratedChapter[], pick: number, roots: string[], tamper: boolean): Promise<void> {
  const { lostInPdf } = await import('./audit-property.ts')
  const { verifyFidelity } = await import('../../src/verify/fidelity.ts')
  const { readdir, writeFile, mkdir } = await import('node:fs/promises')
  const path = await import('node:path')
  const root = await makeBook(Object.fromEntries(chapters.map((chapter) => [chapter.name, chapter.source])))
  roots.push(root)
  const result = await buildBook({ root, formats: ['epub', 'pdf'], cache: false })
  const messages = result.files.flatMap((file) => file.messages.map((message) => `${file.path}:${message.line}: ${message.reason} [${message.ruleId}]`))
  expect(messages.filter((message) => /\[a-0/.test(message))).toEqual([])
  expect(result.ok, messages.join('\n')).toBe(true)

  const heads = new Set(['TEST CAREERS', ...chapters.map((chapter) => chapter.source.match(/^title: (.*)$/m)![1]!.toUpperCase())])
  const text = await printText(distFile(root, 'test-careers-print.pdf'), heads)
  expect(lostInPdf(text, chapters)).toEqual([])
  const lint = await lintBook(root)
  const dist = path.join(root, 'dist')
  const files = (await readdir(dist, { recursive: true })).map((name) => path.join(dist, String(name)))
  const lines = await verifyFidelity(files, lint.config!, lint.chapters)
  expect(lines.filter((line) => !line.ok).flatMap((line) => line.messages.map((message) => message.message))).toEqual([])
  expect(lines.map((line) => line.check)).toContain('text against the build')

  if (!tamper) return
  const candidates = chapters.flatMap((chapter) => distinctBlocks(chapter).map((block) => ({ chapter, block })))
  if (candidates.length === 0) return
  const { chapter, block } = candidates[pick % candidates.length]!
  await mkdir(path.join(root, 'templates', 'print'), { recursive: true })
  await writeFile(path.join(root, 'templates', 'print', 'book.html.ejs'), await printTemplateWithout(chapter.slug, block.texts[0]!))
  const broken = await buildBook({ root, formats: ['pdf'], cache: false })
  expect(broken.ok).toBe(false)
  const file = broken.files.find((entry) => entry.path.endsWith(chapter.name))!
  const found = file.messages.filter((message) => message.ruleId === 'a-003')
  const span = block.markdown.split('\n').length
  expect(found.some((message) => message.line! >= block.line && message.line! < block.line + span), `${block.kind} at line ${block.line}: ${found.map((message) => `${message.line} ${message.reason}`).join('; ')}`).toBe(true)
}
