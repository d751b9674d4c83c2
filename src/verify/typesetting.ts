/**
 * Stage 6, verify (typesetting): what a reader notices on the printed page,
 * read from the PDF's own text (`pdftotext -layout`, one page at a time):
 *
 * - a word hyphenated across a page turn: the last line of a page's text
 *   (the folio left aside) ends with a hyphen, soft (Chromium writes a soft
 *   hyphen and the hyphen it draws: `\u00AD-`) or hard (`well-` / `known`);
 * - ladders: more than two hyphenated lines in a row;
 * - a paragraph that ends on a word's tail: a line of one word after a line
 *   that ends hyphenated (a justified line of one word cannot be full);
 * - blank pages.
 *
 * The first is a check of `springboard verify` (o-043); all of them are the
 * measures quoted in docs/typesetting.md.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { EnvironmentError } from '../errors.ts'
import { checkLine, type VerifyLine } from './line.ts'

const run = promisify(execFile)

export interface PageTurn {
  /** 1-based page number in the file. */
  page: number
  /** The word's first part, as printed at the foot of the page. */
  word: string
}

export interface TypesettingFacts {
  pages: number
  blankPages: number
  pageTurns: PageTurn[]
  /** Runs of more than two hyphenated lines in a row. */
  ladders: number
  /** Paragraphs ending on a line that holds only a hyphenated word's tail. */
  tails: number
}

/** A line that ends hyphenated: Chromium's soft hyphen (`\u00AD-`; Ghostscript's PDF/X keeps only the `-`) or a hard one. */
const hyphenEnd = /(?:\u00AD-?|\p{L}-)$/u
/** A web address breaks after its hyphens too (print-url in print.css); that is not a hyphenated word. */
const address = /[/@]|\.\p{L}/u

function hyphenated(line: string): boolean {
  return hyphenEnd.test(line) && !address.test(line.split(/\s+/).at(-1)!)
}
const folio = /^\s*(?:\d+|[ivxlcdm]+)\s*$/

/** The measures of one PDF's text, as pdftotext -layout writes it (pages separated by form feeds). */
export function typesettingFacts(text: string): TypesettingFacts {
  const pages = text.split('\f')
  // pdftotext ends the last page with a form feed too.
  if (pages.length > 1 && pages.at(-1)!.trim() === '') pages.pop()
  const facts: TypesettingFacts = { pages: pages.length, blankPages: 0, pageTurns: [], ladders: 0, tails: 0 }
  pages.forEach((page, index) => {
    const lines = page.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '')
    while (lines.length > 0 && folio.test(lines.at(-1)!)) lines.pop()
    if (lines.length === 0) {
      facts.blankPages++
      return
    }
    const last = lines.at(-1)!.trim()
    if (hyphenated(last)) facts.pageTurns.push({ page: index + 1, word: last.split(/\s+/).at(-1)!.replace(/\u00AD/g, '') })
    let run = 0
    lines.forEach((line, position) => {
      run = hyphenated(line) ? run + 1 : 0
      if (run === 3) facts.ladders++
      const previous = lines[position - 1]
      if (previous && hyphenated(previous) && /^\S+$/.test(line.trim())) facts.tails++
    })
  })
  return facts
}

/** The text of a PDF, page by page (`pdftotext -layout`). */
export async function pdfText(file: string): Promise<string> {
  try {
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' })
    return stdout
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EnvironmentError('pdftotext is not installed', 'Install poppler (Debian/Ubuntu: `sudo apt-get install poppler-utils`; macOS: `brew install poppler`).')
    throw error
  }
}

/** o-043: no word hyphenated across a page turn in a print interior (`-print.pdf`, `-print-pdfx.pdf`). */
export async function verifyPageTurns(file: string): Promise<VerifyLine> {
  const facts = typesettingFacts(await pdfText(file))
  const turns = facts.pageTurns.map((turn) => `page ${turn.page} ("${turn.word}")`).join(', ')
  const detail = `${facts.pages} pages, ${facts.pageTurns.length === 0 ? 'no word hyphenated across a page turn' : `hyphenated across a page turn: ${turns}`}; ${facts.ladders} ladders, ${facts.tails} paragraph ends on a word's tail, ${facts.blankPages} blank pages`
  return checkLine(file, 'no hyphen at a page turn', facts.pageTurns.length === 0, detail, 'o-043', `A word is hyphenated across a page turn: ${turns}`)
}
