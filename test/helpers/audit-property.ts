/**
 * The fidelity audit's property tests (issue 21, "Done when"): chapters generated from the real block
 * kinds (paragraphs with emphasis, code, links and note references; headings; tight, loose and nested
 * lists, ordered or not; tables; quotations; fenced code; footnotes), each block with the text a
 * reader must find, known by the generator and not by the audit. A case builds a book of them and
 * looks for every block: in the EPUB's chapter documents and, when printed, in the print PDF's text.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import JSZip from 'jszip'
import { chapterLeavesParsed } from '../../src/text/leaves.ts'
import { comparable, squeezed } from '../../src/text/compare.ts'
import { validFrontMatter } from './book.ts'

/** A block of a generated chapter: its Markdown, the texts a reader must find (in order), and the line it starts on once written. */
export interface GeneratedBlock {
  kind: string
  markdown: string
  /** Texts in reading order; a table's cells, a list's items. */
  texts: string[]
  /** The footnotes it references, written at the chapter's end. */
  notes: { label: string; text: string }[]
}

const vocabulary = [
  'nurses', 'patients', 'hospital', 'records', 'clinic', 'therapy', 'careful', 'budget', 'staff', 'training', 'license', 'exam',
  'growing', 'demand', 'rural', 'urban', 'shifts', 'weekend', 'doctor', 'health', 'team', 'care', 'plans', 'charts', 'audits',
  'coding', 'privacy', 'imaging', 'dental', 'pharmacy', 'respiratory', 'occupational', 'physical', 'degree', 'program',
] as const
const word = fc.constantFrom(...vocabulary)

/** An inline run: its Markdown and its text. */
type Run = { markdown: string; text: string; /** A link to the web: print adds its address after it. */ link?: true }

const plainRun: fc.Arbitrary<Run> = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => ({ markdown: words.join(' '), text: words.join(' ') }))
const run: fc.Arbitrary<Run> = fc.oneof(
  { weight: 4, arbitrary: plainRun },
  plainRun.map((r) => ({ markdown: `*${r.markdown}*`, text: r.text })),
  plainRun.map((r) => ({ markdown: `**${r.markdown}**`, text: r.text })),
  word.map((w) => ({ markdown: `\`${w}\``, text: w })),
  plainRun.map((r): Run => ({ markdown: `[${r.markdown}](https://www.bls.gov/ooh/)`, text: r.text, link: true })),
  word.map((w) => ({ markdown: `the ${w}'s work`, text: `the ${w}'s work` })),
  word.map((w) => ({ markdown: `${w} -- more`, text: `${w} – more` })),
)

/** Runs as a sentence: its Markdown, and its texts, cut after each link (the print adds the address there). */
function sentence(runs: Run[], end: string): { markdown: string; text: string; texts: string[] } {
  const markdown = runs.map((r) => r.markdown).join(' ')
  const texts: string[] = []
  let current: string[] = []
  for (const r of runs) {
    current.push(r.text)
    if (r.link) {
      texts.push(current.join(' '))
      current = []
    }
  }
  texts.push(`${current.join(' ')}${end}`)
  return { markdown: `${markdown}${end}`, text: `${runs.map((r) => r.text).join(' ')}${end}`, texts: texts.filter((text) => text.trim() !== '') }
}

const paragraphText = fc.tuple(fc.array(run, { minLength: 1, maxLength: 8 }), fc.constantFrom('.', '!', '?', '...')).map(([runs, end]) => sentence(runs, end))

export function blockArbitrary(noteLabel: () => string): fc.Arbitrary<GeneratedBlock> {
  const item = plainRun.map((r) => sentence([r], ''))
  return fc.oneof(
    { weight: 4, arbitrary: paragraphText.map((p) => ({ kind: 'paragraph', markdown: p.markdown, texts: p.texts, notes: [] })) },
    fc.tuple(paragraphText, plainRun).map(([p, note]) => {
      const label = noteLabel()
      // The note's number stands between the two texts in every output.
      return { kind: 'paragraph with a note', markdown: `${p.markdown}[^${label}] More ${note.markdown}.`, texts: [...p.texts, `More ${note.text}.`], notes: [{ label, text: `Source: ${note.text}.` }] }
    }),
    plainRun.map((r) => ({ kind: 'heading', markdown: `### ${sentence([r], '').markdown}`, texts: [sentence([r], '').text], notes: [] })),
    fc.tuple(fc.array(item, { minLength: 1, maxLength: 4 }), fc.constantFrom('-', '*', '1.')).map(([items, marker]) => ({
      kind: 'list', markdown: items.map((i) => `${marker} ${i.markdown}`).join('\n'), texts: items.map((i) => i.text), notes: [],
    })),
    fc.array(item, { minLength: 2, maxLength: 3 }).map((items) => ({ kind: 'loose list', markdown: items.map((i) => `- ${i.markdown}`).join('\n\n'), texts: items.map((i) => i.text), notes: [] })),
    fc.tuple(item, fc.array(item, { minLength: 1, maxLength: 3 })).map(([outer, inner]) => ({
      kind: 'nested list', markdown: `- ${outer.markdown}\n${inner.map((i) => `  - ${i.markdown}`).join('\n')}`, texts: [outer.text, ...inner.map((i) => i.text)], notes: [],
    })),
    fc.tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([columns, rows]) =>
      fc.array(fc.array(item, { minLength: columns, maxLength: columns }), { minLength: rows + 1, maxLength: rows + 1 }).map((cells) => ({
        kind: 'table',
        markdown: [`| ${cells[0]!.map((c) => c.markdown).join(' | ')} |`, `|${' --- |'.repeat(columns)}`, ...cells.slice(1).map((row) => `| ${row.map((c) => c.markdown).join(' | ')} |`)].join('\n'),
        texts: cells.flat().map((c) => c.text),
        notes: [],
      })),
    ),
    paragraphText.map((p) => ({ kind: 'quotation', markdown: `> ${p.markdown}`, texts: p.texts, notes: [] })),
    fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => ({ kind: 'code block', markdown: `\`\`\`\n${words.join(' ')}\n\`\`\``, texts: [words.join(' ')], notes: [] })),
  )
}

export interface GeneratedChapter {
  name: string
  slug: string
  source: string
  blocks: (GeneratedBlock & { line: number })[]
  /** Every text a reader must find in the body, in order; then the notes'. */
  bodyTexts: string[]
  noteTexts: string[]
}

/** A chapter of the blocks, after the sections every chapter has; the blocks' lines recorded. */
export function chapterOf(index: number, blocks: GeneratedBlock[]): GeneratedChapter {
  const slug = `career-${index + 1}`
  const title = `Career ${['One', 'Two', 'Three', 'Four', 'Five', 'Six'][index] ?? index + 1}`
  const day = String(5 + 7 * index).padStart(2, '0')
  let text = `---\n${validFrontMatter({ title, published: `2026-01-${day}` })}\n---\n\n## Description\n\nDirects the program.\n\n## Education\n\nA degree.\n\n## Salary\n\nBetween $80,000 and $120,000 a year.\n\n## Outlook\n\nSteady work ahead.\n`
  const placed: GeneratedChapter['blocks'] = []
  for (const block of blocks) {
    text += '\n'
    placed.push({ ...block, line: text.split('\n').length })
    text += `${block.markdown}\n`
  }
  const notes = blocks.flatMap((block) => block.notes)
  if (notes.length > 0) text += `\n${notes.map((note) => `[^${note.label}]: ${note.text}`).join('\n\n')}\n`
  return {
    name: `2026-01-${day}-${slug}.md`,
    slug,
    source: text,
    blocks: placed,
    bodyTexts: ['Description', 'Directs the program.', 'Education', 'A degree.', 'Salary', 'Between $80,000 and $120,000 a year.', 'Outlook', 'Steady work ahead.', ...blocks.flatMap((block) => block.texts)],
    noteTexts: notes.map((note) => note.text),
  }
}

export function bookArbitrary(options: { chapters: { min: number; max: number }; blocks: { min: number; max: number } }): fc.Arbitrary<GeneratedChapter[]> {
  return fc.integer({ min: options.chapters.min, max: options.chapters.max }).chain((count) =>
    fc.tuple(
      ...Array.from({ length: count }, () => {
        let notes = 0
        return fc.array(blockArbitrary(() => `n${++notes}`), { minLength: options.blocks.min, maxLength: options.blocks.max })
      }),
    ).map((chapters) => chapters.map((blocks, index) => chapterOf(index, blocks))),
  )
}

/** The generator's texts not found, in order, in one document's text; `[]` when every one is. */
export function notFoundInOrder(haystack: string, texts: readonly string[], key: (text: string) => string): string[] {
  const lost: string[] = []
  let cursor = 0
  for (const text of texts) {
    const needle = key(text)
    const at = haystack.indexOf(needle, cursor)
    if (at === -1) lost.push(text)
    else cursor = at + needle.length
  }
  return lost
}

/** The EPUB chapter document of `slug`: its XHTML, and the body and notes texts as the reader reads them. */
export async function epubChapter(epubPath: string, slug: string): Promise<{ zip: JSZip; entry: string; xhtml: string }> {
  const zip = await JSZip.loadAsync(await readFile(epubPath))
  const entry = Object.keys(zip.files).find((name) => name.endsWith(`/ch-${slug}.xhtml`))!
  return { zip, entry, xhtml: await zip.file(entry)!.async('string') }
}

/** Every generated text of the chapter that the EPUB document lacks (body in order, notes anywhere in the notes), read by a full HTML parser. */
export function lostInEpub(xhtml: string, chapter: GeneratedChapter): string[] {
  const leaves = chapterLeavesParsed(xhtml)
  const body = leaves.filter((leaf) => leaf.region === 'body').map((leaf) => leaf.text).join('\n')
  const notes = leaves.filter((leaf) => leaf.region === 'notes').map((leaf) => leaf.text).join('\n')
  return [...notFoundInOrder(body, chapter.bodyTexts, comparable), ...chapter.noteTexts.filter((text) => !notes.includes(comparable(text)))]
}

/**
 * Every generated text the print PDF's text lacks (no white space or hyphens on either side; each
 * chapter's texts in order; `pdfText`: the pages without running heads and folios, verify/fidelity.ts pdfStream).
 */
export function lostInPdf(text: string, chapters: readonly GeneratedChapter[]): string[] {
  return chapters.flatMap((chapter) => [
    ...notFoundInOrder(text, chapter.blocks.filter((block) => block.kind !== 'table').flatMap((block) => block.texts), squeezed),
    // A cell that wraps is read across the columns: its words, in order.
    ...chapter.blocks.filter((block) => block.kind === 'table').flatMap((block) => block.texts).filter((cell) => notFoundInOrder(text, cell.split(' '), squeezed).length > 0),
    ...chapter.noteTexts.filter((note) => !text.includes(squeezed(note))),
  ])
}

export const distFile = (root: string, name: string) => path.join(root, 'dist', 'complete', name)
