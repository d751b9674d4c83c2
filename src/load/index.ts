/**
 * The load stage: read every chapter file of the book into a VFile, decoded
 * as strict UTF-8, with the byte order mark and carriage returns removed so
 * that later stages see one kind of line ending, and without the characters
 * XML cannot carry (reported here, where their line and column are exact).
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { VFile } from 'vfile'
import { location } from 'vfile-location'
import type { ChapterSource } from '../chapter.ts'
import { realLocation } from '../files/inside.ts'
import { report } from '../report/messages.ts'
import { xmlForbidden } from '../text/xml-chars.ts'
import { formatSize, readBounded, type BoundedRead } from './bounded-read.ts'
import { blockLimitCharacters, chapterLimitBytes, firstLongBlock } from './limits.ts'

export const chapterFileName = /^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/

/** The chapter files of a book, by name (so by date). */
export async function listChapterFiles(root: string): Promise<string[]> {
  const folder = path.join(root, 'chapters')
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  return names
    .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
    .sort()
    .map((name) => path.join(folder, name))
}

export async function loadChapters(root: string): Promise<ChapterSource[]> {
  const files = await listChapterFiles(root)
  const chapters = await Promise.all(files.map((file) => loadChapter(root, file)))
  return [...chapters, ...(await skippedFiles(root))].sort((a, b) => (a.file.path < b.file.path ? -1 : 1))
}

/** A name of another kind of Markdown or text file, or one with a date, that someone meant as a chapter. */
const chapterLike = /\.(?:md|markdown|mdown|mkdn?|mdwn)(?:\.txt)?$|^\d{4}-\d{2}-\d{2}-[^.]*(?:\.txt)?$/i

/**
 * Files in chapters/ that look like chapters but are not `.md` (`.MD`, `.markdown`, `.md.txt`, a dated
 * `.txt`): the book would silently lack them, so each is an error at its first line, with no content.
 */
async function skippedFiles(root: string): Promise<ChapterSource[]> {
  const folder = path.join(root, 'chapters')
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.md') && chapterLike.test(entry.name))
    .map((entry) => {
      const file = new VFile({ path: path.join(folder, entry.name), cwd: root, value: '' })
      const base = entry.name.replace(/(?:\.[a-z]+)?(?:\.txt)?$/i, '')
      const date = /^\d{4}-\d{2}-\d{2}(?=-)/.exec(base)?.[0]
      const slug = base.slice(date ? date.length + 1 : 0).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
      report(
        file,
        'f-005',
        `\`${entry.name}\` is left out of the book: only files ending in \`.md\` are chapters`,
        { line: 1, column: 1 },
        date ? `Rename it \`${date}-${slug}.md\`.` : `Rename it \`YYYY-MM-DD-${slug}.md\`, with the date the feature ran.`,
      )
      return { file }
    })
}

export async function loadChapter(root: string, absolutePath: string): Promise<ChapterSource> {
  const file = new VFile({ path: absolutePath, cwd: root })
  // A link to a file outside the book is refused unread, like an image (src/files/inside.ts).
  const where = realLocation(root, absolutePath)
  if (where && !where.inside) {
    report(file, 'f-010', 'The chapter is a link to a file outside the book folder: it is left out unread', { line: 1, column: 1 })
    file.value = ''
    return { file }
  }
  // At most the limit, and only from a file: a named pipe in chapters/ would wait for ever.
  let read: BoundedRead
  try {
    read = await readBounded(absolutePath, chapterLimitBytes)
  } catch (error) {
    report(file, 'f-004', `Cannot read the file: ${(error as Error).message}`)
    file.value = ''
    return { file }
  }
  if ('bytes' in read) return sourceFromBytes(file, read.bytes)
  file.value = ''
  if ('notFile' in read) report(file, 'f-004', `Cannot read the file: it is ${read.notFile}, not a file`)
  else tooLarge(file, read.tooLarge)
  return { file }
}

/** Decode, normalize and name-check one chapter (exported for tests and watch mode). */
export function sourceFromBytes(file: VFile, bytes: Uint8Array): ChapterSource {
  const name = path.basename(file.path)
  const match = chapterFileName.exec(name)
  const source: ChapterSource = { file }
  if (match) {
    source.fileDate = match[1]
    source.slug = match[2]
  }

  if (bytes.length > chapterLimitBytes) {
    tooLarge(file, bytes.length)
    file.value = ''
    return source
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    file.value = ''
    reportEncoding(file, bytes)
    return source
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  text = removeXmlForbidden(file, text)
  file.value = text

  if (text.trim() === '') {
    report(file, 'f-002', 'The file is empty', { line: 1, column: 1 })
  }
  if (!match) {
    report(file, 'f-003', `The file name \`${name}\` does not follow YYYY-MM-DD-<slug>.md`, { line: 1, column: 1 })
  }
  // Reported here, before the parser would spend minutes on it (./limits.ts).
  const long = firstLongBlock(text)
  if (long) {
    const at = location(text).toPoint(long.offset)
    report(file, 'f-021', long.lines === 1 ? `One line holds ${long.characters.toLocaleString('en-US')} characters; a paragraph, list or table may hold at most ${blockLimitCharacters.toLocaleString('en-US')}` : `${long.lines.toLocaleString('en-US')} lines without a blank line between them hold ${long.characters.toLocaleString('en-US')} characters; a paragraph, list or table may hold at most ${blockLimitCharacters.toLocaleString('en-US')}`, at)
  }
  return source
}

function tooLarge(file: VFile, bytes: number): void {
  report(file, 'f-020', `The file is ${formatSize(bytes)}; a chapter may be at most ${formatSize(chapterLimitBytes)}`, { line: 1, column: 1 })
}

/**
 * Remove literal characters XML 1.0 forbids (control characters, U+FFFE,
 * U+FFFF), one warning per run of them at the run's line and column in the
 * file as the editor shows it. Removing them here rather than in the HTML
 * tree keeps them out of everything: front matter, code, attributes.
 */
function removeXmlForbidden(file: VFile, text: string): string {
  const runs = [...text.matchAll(new RegExp(`(?:${xmlForbidden.source})+`, 'g'))]
  if (runs.length === 0) return text
  const place = location(text)
  for (const run of runs) {
    const { line, column } = place.toPoint(run.index)!
    const names = [...run[0]].map((character) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
    const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} …` : names.join(', ')
    const what = names.length === 1 ? `the character ${shown}` : `${names.length} characters (${shown})`
    report(file, 'x-001', `Removed ${what}: XML cannot carry ${names.length === 1 ? 'it' : 'them'}`, { line, column })
  }
  return text.replace(xmlForbidden, '')
}

/** Where strict decoding fails: the offset of the first byte of the bad sequence, and its line and column. */
/**
 * f-001 with the encoding the file is most likely in, so the fix can name it: UTF-16 (Windows Notepad's
 * "Unicode", with its byte order mark or a NUL in every other byte), or Windows-1252 (older Windows and Word
 * exports: curly quotes as single bytes 0x91–0x94).
 */
function reportEncoding(file: VFile, bytes: Uint8Array): void {
  const head = bytes.subarray(0, 512)
  const bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)
  const evenNuls = head.filter((byte, index) => byte === 0 && index % 2 === 0).length
  const oddNuls = head.filter((byte, index) => byte === 0 && index % 2 === 1).length
  if (bom || Math.max(evenNuls, oddNuls) > head.length / 4) {
    report(
      file,
      'f-001',
      'The file is UTF-16 text (what Windows Notepad calls "Unicode"), not UTF-8',
      { line: 1, column: 1 },
      'Re-save it as UTF-8: in Notepad, File → Save As → Encoding: UTF-8; in other editors, "Save with encoding" → UTF-8.',
    )
    return
  }
  const { offset, line, column } = firstInvalidUtf8(bytes)
  const byte = bytes[offset]!
  const hex = `0x${byte.toString(16).padStart(2, '0')}`
  // Windows-1252's own punctuation (0x80–0x9F: curly quotes, dashes, …) or an accented letter standing alone.
  const next = bytes[offset + 1] ?? 0
  if (!bytes.includes(0) && ((byte >= 0x80 && byte <= 0x9f) || (byte >= 0xc0 && byte <= 0xfe && (next < 0x80 || next > 0xbf)))) {
    const character = new TextDecoder('windows-1252').decode(bytes.subarray(offset, offset + 1))
    report(
      file,
      'f-001',
      `The file is not UTF-8: it looks like Windows-1252 (byte ${hex} at byte ${offset} is \`${character}\` in Windows-1252)`,
      { line, column },
      'Re-save it as UTF-8: in Word, Save As → Plain Text → Other encoding → Unicode (UTF-8); in Notepad, Save As → Encoding: UTF-8; in other editors, "Save with encoding" → UTF-8.',
    )
    return
  }
  report(file, 'f-001', `The file is not valid UTF-8 (first bad byte ${hex} at byte ${offset})`, { line, column })
}

function firstInvalidUtf8(bytes: Uint8Array): { offset: number; line: number; column: number } {
  let offset = 0
  let line = 1
  let column = 1
  while (offset < bytes.length) {
    const byte = bytes[offset]!
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0
    if (length === 0) break
    const sequence = bytes.subarray(offset, offset + length)
    if (sequence.length < length) break
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sequence)
    } catch {
      break
    }
    if (byte === 0x0a) {
      line++
      column = 1
    } else {
      column++
    }
    offset += length
  }
  return { offset, line, column }
}
