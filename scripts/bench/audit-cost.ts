/**
 * The fidelity audit's own cost (issue 21: "cheap enough to stay on"), on a generated book:
 *
 *   node scripts/bench/audit-cost.ts /tmp/book-520
 *
 * The book is checked (lintBook) and its complete volume packaged as an EPUB, outside the clock; then,
 * timed, three times each, the median kept: what the transform adds (each chapter's blocks read from its
 * mdast, transform/source-blocks.ts; the trees are parsed outside the clock, as the check parses them
 * anyway), the source side at build time (the printed fields added to the kept blocks, SourceCache) and
 * the EPUB audit (unzip, each chapter document parsed and matched). The print
 * side is timed by the build itself (its `audit … print book` progress line) and verify's cross-check
 * by `verify`; bench/audit.md has all three.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { SourceCache } from '../../src/audit/index.ts'
import { auditEpub } from '../../src/audit/epub.ts'
import { buildBook, lintBook } from '../../src/build.ts'
import { parseMarkdown } from '../../src/parse/index.ts'
import { bodyBlocks } from '../../src/transform/source-blocks.ts'

const root = path.resolve(process.argv[2] ?? '')
const out = await mkdtemp(path.join(os.tmpdir(), 'audit-cost-'))
try {
  // For scale, on the same (shared, noisy) machine: the EPUB build of the same volume, cache off, audit included.
  const buildStarted = performance.now()
  const built = await buildBook({ root, out, formats: ['epub'], volume: 'complete', cache: false })
  const buildMs = performance.now() - buildStarted
  if (!built.ok) throw new Error('the book did not build')
  const epubFile = built.written.map((file) => file.path).find((file) => /complete\/[^/]+\.epub$/.test(file) && !/-(kindle|nook|apple|kobo)\.epub$/.test(file))!
  const epub = await readFile(path.isAbsolute(epubFile) ? epubFile : path.join(out, epubFile))
  const lint = await lintBook(root)
  const chapters = lint.chapters.map((transformed) => transformed.chapter)
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const source: number[] = []
  const match: number[] = []
  const extract: number[] = []
  const trees = chapters.map((chapter) => parseMarkdown(chapter.file))
  let findings = 0
  for (let run = 0; run < 3; run++) {
    const extractStarted = performance.now()
    for (const tree of trees) bodyBlocks(tree)
    extract.push(performance.now() - extractStarted)
    const sources = new SourceCache(lint.config!.language, lint.chapters)
    let started = performance.now()
    for (const chapter of chapters) sources.blocksOf(chapter)
    source.push(performance.now() - started)
    started = performance.now()
    const found = await auditEpub(epub, chapters, sources)
    match.push(performance.now() - started)
    findings = [...found.values()].reduce((sum, list) => sum + list.length, 0)
  }
  const blocks = new SourceCache(lint.config!.language)
  const count = chapters.reduce((sum, chapter) => sum + blocks.blocksOf(chapter).body.length + blocks.blocksOf(chapter).notes.length + blocks.blocksOf(chapter).fields.length, 0)
  console.log(`${chapters.length} chapters, ${count} blocks, EPUB ${(epub.length / 1024 / 1024).toFixed(1)} MiB, ${findings} findings`)
  console.log(`in the transform, blocks from the mdast: ${median(extract).toFixed(0)} ms (only for chapters not in the cache)`)
  console.log(`the EPUB build of the volume (check, package, every store edition, the audit), for scale: ${buildMs.toFixed(0)} ms`)
  console.log(`in the build: source side ${median(source).toFixed(0)} ms, EPUB audit ${median(match).toFixed(0)} ms, total ${(median(source) + median(match)).toFixed(0)} ms`)
} finally {
  await rm(out, { recursive: true, force: true })
}
