/**
 * Stage 7, verify (the fidelity audit on what is in dist/, issue 21):
 *
 * - every EPUB: the audit of the build (audit/epub.ts: a-001, a-002), on the file itself;
 * - every print interior (`-print.pdf`): a cross-check of the pages the build laid out against the
 *   PDF's own text (pdftotext). Each chapter's blocks are looked for in the volume's text in reading
 *   order, and its printed fields anywhere: o-060. The PDF's text has no block boundaries, and its
 *   lines are broken, so both sides are compared without white space or hyphens (text/compare.ts,
 *   squeezed); ligatures are undone (NFKC); the running heads (a page's first line in capitals naming the
 *   book, the chapter or a part) and folios are taken out; a block with note references is looked for
 *   piece by piece, around the note numbers and the addresses print adds after links. Table cells are
 *   looked for word by word from the chapter's start, not in order: pdftotext reads a table's lines
 *   across its columns, so a cell that wraps is interleaved with its neighbours.
 */
import path from 'node:path'
import type { TransformedChapter } from '../chapter.ts'
import { resolveVolumes, type BookConfig } from '../config/index.ts'
import { findingPlace, SourceCache, squeezed, type Finding, type SourceBlock } from '../audit/index.ts'
import { auditEpub } from '../audit/epub.ts'
import { flatMessage, type FlatMessage } from '../report/messages.ts'
import type { VerifyLine } from './line.ts'
import { pdfPageTexts } from './pdf.ts'
import { quote } from '../text/compare.ts'
import { count } from '../text/count.ts'

export async function verifyFidelity(files: readonly string[], config: BookConfig, transformed: readonly TransformedChapter[]): Promise<VerifyLine[]> {
  const chapters = transformed.map((entry) => entry.chapter)
  const volumes = new Map(resolveVolumes(config, chapters).map((volume) => [volume.id, volume]))
  const sources = new SourceCache(config.language, transformed)
  const lines: VerifyLine[] = []
  for (const file of files) {
    const volume = volumes.get(path.basename(path.dirname(file)))
    if (!volume) continue
    if (file.endsWith('.epub')) {
      const { readFile } = await import('node:fs/promises')
      const found = await auditEpub(await readFile(file), volume.chapters, sources)
      const messages = [...found].flatMap(([chapter, findings]) => findings.map((finding) => toMessage(chapter.file, finding)))
      lines.push({ file, check: 'fidelity audit', ok: messages.length === 0, detail: `${count(volume.chapters.length, 'chapter')}, ${count(messages.length, 'problem')}`, messages })
    } else if (file.endsWith('-print.pdf')) {
      // In the order the text was drawn (-raw): pdftotext's reading order takes a justified line's wide gaps for columns.
      const pages = await pdfPageTexts(file, { raw: true })
      const titles = new Set([config.title, volume.title, ...volume.chapters.map((chapter) => chapter.meta.title)].map((title) => title.toUpperCase()))
      const findings = crossCheck(pages, titles, volume.chapters.map((chapter) => ({ chapter, blocks: sources.blocksOf(chapter) })), path.basename(file))
      const messages = findings.map(({ chapter, finding }) => toMessage(chapter.file, finding))
      lines.push({ file, check: 'text against the build', ok: messages.length === 0, detail: `${count(pages.length, 'page')}, ${count(volume.chapters.length, 'chapter')}, ${count(messages.length, 'problem')}`, messages })
    }
  }
  return lines
}

function toMessage(file: { path: string; value: unknown } & Parameters<typeof findingPlace>[0], finding: Finding): FlatMessage {
  return flatMessage(finding.code, path.resolve(file.path), findingPlace(file, finding), finding.message)
}

const folio = /^\s*(?:\d+|[ivxlcdm]+)\s*$/

/** The text of the pages without running heads and folios, squeezed, and where each page starts in it. */
export function pdfStream(pages: readonly string[], runningHeads: ReadonlySet<string>): { text: string; pageStarts: number[] } {
  let text = ''
  const pageStarts: number[] = []
  for (const page of pages) {
    pageStarts.push(text.length)
    const lines = page.split('\n').filter((line) => line.trim() !== '')
    // The folio before or after the running head, or at the foot.
    for (let round = 0; round < 2; round++) {
      const first = lines[0]?.trim().replace(/\s+/g, ' ')
      if (first && (folio.test(first) || (first === first.toUpperCase() && runningHeads.has(first)))) lines.shift()
      if (lines.length > 0 && folio.test(lines.at(-1)!)) lines.pop()
    }
    text += squeezed(lines.join('\n'))
  }
  return { text, pageStarts }
}

/** Every chapter's blocks in the PDF's text: the body in order, table cells, notes and fields within reach. */
export function crossCheck(pages: readonly string[], runningHeads: ReadonlySet<string>, chapters: readonly { chapter: TransformedChapter['chapter']; blocks: ReturnType<SourceCache['blocksOf']> }[], name: string): { chapter: TransformedChapter['chapter']; finding: Finding }[] {
  const { text, pageStarts } = pdfStream(pages, runningHeads)
  const pageAt = (offset: number) => {
    let page = 0
    while (page + 1 < pageStarts.length && pageStarts[page + 1]! <= offset) page++
    return page + 1
  }
  const found: { chapter: TransformedChapter['chapter']; finding: Finding }[] = []
  let cursor = 0
  for (const { chapter, blocks } of chapters) {
    const chapterStart = cursor
    const missing = (block: SourceBlock, after: number) =>
      found.push({ chapter, finding: { code: 'o-060', block, message: `${block.field ? `The ${block.kind} ${quote(block.text)}` : `The ${block.kind} at line ${block.line}`} is not in the text of ${name}${after > 0 ? ` after page ${pageAt(after)}` : ''}` } })
    for (const block of blocks.body) {
      const inOrder = block.kind !== 'table cell'
      const at = findPieces(text, inOrder ? block : { ...block, pieces: block.text.split(' ') }, inOrder ? cursor : chapterStart)
      if (at === undefined) {
        // Raw HTML the sanitizer may have reshaped on purpose: used when found, never reported.
        if (!block.lenient) missing(block, cursor)
      } else if (inOrder) cursor = at + 1
    }
    for (const block of [...blocks.notes, ...blocks.fields]) {
      if (findPieces(text, block, chapterStart) === undefined) missing(block, chapterStart)
    }
  }
  return found
}

/** Where the block's last piece starts, its pieces found in order from `from`; undefined when one is not. */
function findPieces(text: string, block: SourceBlock, from: number): number | undefined {
  let at = from
  let start: number | undefined
  for (const piece of block.pieces ?? [block.text]) {
    const key = squeezed(piece)
    if (!key) continue
    const found = text.indexOf(key, at)
    if (found === -1) return undefined
    start ??= found
    at = found + key.length
  }
  return start ?? from
}
