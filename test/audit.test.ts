/**
 * The fidelity audit's comparison (src/audit/match.ts) and verify's PDF cross-check (src/verify/fidelity.ts)
 * on small hand-made cases: each finding it can make, where it is placed, and what it must not report.
 */
import { describe, expect, it } from 'vitest'
import { auditChapter, type ChapterBlocks, type OutputName, type SourceBlock } from '../src/audit/index.ts'
import { crossCheck, pdfStream } from '../src/verify/fidelity.ts'
import { comparable } from '../src/text/compare.ts'
import { chapterLeaves, chapterLeavesParsed } from '../src/text/leaves.ts'
import type { OutputLeaf } from '../src/text/leaves.ts'
import type { Chapter } from '../src/chapter.ts'

const output: OutputName = { name: 'the EPUB', missing: 'a-001', stray: 'a-002' }
const block = (line: number, text: string, kind = 'paragraph'): SourceBlock => ({ kind, line, column: 1, text: comparable(text) })
const body = (...texts: string[]): OutputLeaf[] => texts.map((text) => ({ text: comparable(text), region: 'body' }))
const blocks = (...body: SourceBlock[]): ChapterBlocks => ({ fields: [], body, notes: [], unfollowed: [] })
const messages = (chapter: ChapterBlocks, leaves: OutputLeaf[]) => auditChapter(chapter, leaves, output).map((finding) => `${finding.code} ${finding.block?.line}: ${finding.message}`)

describe('auditChapter', () => {
  const three = blocks(block(10, 'Nurses care for patients.'), block(12, 'They work long shifts, often at night.'), block(14, 'Demand is growing.'))

  it('finds every block, typography aside (curly quotes, dashes, ellipsis, soft hyphens)', () => {
    const chapter = blocks(block(3, `The nurse's "first" job -- then more...`))
    expect(messages(chapter, body('The nurse’s “first” job – then more…'))).toEqual([])
    expect(messages(chapter, body('The nurse’s “first” job – then mo\u00ADre…'))).toEqual([])
  })

  it('reports a block missing, at its line, quoting it', () => {
    expect(messages(three, body('Nurses care for patients.', 'Demand is growing.'))).toEqual(['a-001 12: The paragraph at line 12 is not in the EPUB: “They work long shifts, often at night.”'])
  })

  it('reports a block cut short, and where it ends', () => {
    expect(messages(three, body('Nurses care for patients.', 'They work long shifts,', 'Demand is growing.'))).toEqual([
      'a-001 12: The paragraph at line 12 is cut short in the EPUB: it ends at “…They work long shifts,”, before “often at night.…”',
    ])
  })

  it('reports a block out of order, naming the block it comes before', () => {
    expect(messages(three, body('Demand is growing.', 'Nurses care for patients.', 'They work long shifts, often at night.'))).toEqual([
      'a-001 14: The paragraph at line 14 is out of order in the EPUB: it comes before the paragraph at line 10',
    ])
  })

  it('reports text no block accounts for: a stray bracket after its block, a paragraph twice', () => {
    expect(messages(three, body('Nurses care for patients.]', 'They work long shifts, often at night.', 'They work long shifts, often at night.', 'Demand is growing.'))).toEqual([
      'a-002 10: The EPUB has text that no block of the chapter accounts for, after the paragraph at line 10: “]”',
      'a-002 12: The EPUB has text that no block of the chapter accounts for, after the paragraph at line 12: “They work long shifts, often at night.”',
    ])
  })

  it('does not take a short block for a word inside another block', () => {
    const chapter = blocks(block(5, 'budget', 'code block'), block(7, 'audits budget budget shifts.'))
    expect(messages(chapter, body('audits budget budget shifts.'))).toEqual(['a-001 5: The code block at line 5 is not in the EPUB: “budget”'])
  })

  it('does not take a missing short block for the last word of a later block: it is missing, the others in order', () => {
    const chapter = blocks(block(41, 'careful', 'code block'), block(45, 'dental license imaging', 'list item'), block(50, 'records care staff dental careful', 'table cell'))
    expect(messages(chapter, body('dental license imaging', 'records care staff dental careful'))).toEqual(['a-001 41: The code block at line 41 is not in the EPUB: “careful”'])
    // Still found when it is there, and a stray bracket after it still reads as stray text.
    expect(messages(chapter, body('careful', 'dental license imaging', 'records care staff dental careful'))).toEqual([])
    expect(messages(chapter, body('careful]', 'dental license imaging', 'records care staff dental careful'))).toEqual(['a-002 41: The EPUB has text that no block of the chapter accounts for, after the code block at line 41: “]”'])
  })

  it('gives the reason the source shows, and the page when the output knows it', () => {
    const swallowed = { ...block(52, 'Growing as health IT keeps changing.'), reason: 'an HTML comment opened at line 50 never closes' }
    expect(messages(blocks(swallowed), [])).toEqual(['a-001 52: The paragraph at line 52 is not in the EPUB: an HTML comment opened at line 50 never closes'])
    const printed: OutputLeaf[] = [{ text: 'Nurses care for patients.', region: 'body', page: '12' }, { text: 'Extra.', region: 'body', page: '13' }]
    expect(auditChapter(blocks(block(10, 'Nurses care for patients.')), printed, { name: 'the print book', missing: 'a-003', stray: 'a-004' }).map((finding) => finding.message)).toEqual([
      'The print book has text that no block of the chapter accounts for, after the paragraph at line 10 (page 13): “Extra.”',
    ])
  })

  it('looks for notes among the notes in any order, and fields in the rest of the chapter', () => {
    const chapter: ChapterBlocks = {
      fields: [{ ...block(1, 'Registered Nurse', 'title'), field: ['title'] }, { ...block(1, 'Clinical judgment', 'competency'), field: ['competencies', 0] }],
      body: [],
      notes: [block(30, 'Source: BLS.', 'footnote'), block(32, 'Source: ANA.', 'footnote')],
      unfollowed: [],
    }
    const leaves: OutputLeaf[] = [{ text: 'Registered Nurse', region: 'frame' }, { text: 'Source: ANA.', region: 'notes' }, { text: 'Source: BLS.', region: 'notes' }]
    expect(messages(chapter, leaves)).toEqual(['a-001 1: The competency “Clinical judgment” is not in the EPUB: the template prints it'])
  })
})

describe('chapterLeaves (a scan of our XHTML) reads what a parser reads', () => {
  it('on a chapter with every region, entities, notes, page markers and printed addresses', () => {
    const xhtml = `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>
<section id="ch-x" class="chapter"><div class="chapter-header"><p class="chapter-number">Career 1</p><h1>R&amp;D &#x2019;s &lt;tag&gt; &copy;</h1></div>
<div class="chapter-body"><h2>Description</h2><p>One<br/>two<sup><a class="noteref" href="#n">1</a></sup> three<span class="print-url"> www.x.org</span>.</p>
<ul><li>Item<ul><li>Inner</li></ul></li></ul><table><tr><td>a</td><td>b</td></tr></table><p><span epub:type="pagebreak" id="page-3"></span>Next <img src="i.png" alt="no"/> page</p></div>
<div class="footnotes"><aside class="footnote"><p><a class="footnote-number" href="#r">1.</a> The note.</p></aside></div></section></body></html>`
    const leaves = chapterLeaves(xhtml)
    expect(leaves).toEqual(chapterLeavesParsed(xhtml))
    expect(leaves.map((leaf) => `${leaf.region}: ${leaf.text}`)).toEqual([
      'frame: Career 1', "frame: R&D 's <tag> ©", 'body: Description', 'body: One two three.', 'body: Item', 'body: Inner', 'body: a', 'body: b', 'body: Next page', 'notes: The note.',
    ])
  })
})

describe("verify's cross-check against the PDF's text", () => {
  const chapter = { file: { path: '/book/chapters/x.md' } } as unknown as Chapter
  const noted: SourceBlock = { ...block(20, 'A wage of $93,600 in May 2024. The lowest earned less.'), pieces: ['A wage of $93,600 in May 2024.', 'The lowest earned less.'] }
  const chapterBlocks: ChapterBlocks = { fields: [], body: [block(18, 'Salary', 'heading'), noted, block(22, 'Pay depends heavily on where a nurse works.')], notes: [], unfollowed: [] }
  const pages = ['REGISTERED NURSE\n4\nSalary\nA wage of $93,600 in May\n2024.1 The lowest earned less.\nPay de\u00AD-\npends heavily\n5\n', 'REGISTERED NURSE\n6\non where a nurse works.\n']

  it('undoes hyphenation, running heads, folios and note numbers', () => {
    const stream = pdfStream(pages, new Set(['REGISTERED NURSE']))
    expect(stream.text).toBe('SalaryAwageof$93,600inMay2024.1Thelowestearnedless.Paydependsheavilyonwhereanurseworks.')
    expect(crossCheck(pages, new Set(['REGISTERED NURSE']), [{ chapter, blocks: chapterBlocks }], 'x-print.pdf')).toEqual([])
  })

  it('reports a block the PDF lacks (o-060), after the page it looked from', () => {
    const found = crossCheck([pages[0]!.replace('The lowest earned less.', ''), pages[1]!], new Set(['REGISTERED NURSE']), [{ chapter, blocks: chapterBlocks }], 'x-print.pdf')
    expect(found.map(({ finding }) => `${finding.code} ${finding.block?.line}: ${finding.message}`)).toEqual(['o-060 20: The paragraph at line 20 is not in the text of x-print.pdf after page 1'])
  })
})
