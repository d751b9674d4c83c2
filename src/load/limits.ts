/**
 * The most one chapter may hold, so that checking it has a bound. The
 * Markdown parser (micromark) works in time that grows with the square of
 * a block's length: a paragraph of 20,000 lines takes minutes (the figures
 * are in bench/parser-cost.md). A block, here, is lines with no blank line
 * between them, the most a paragraph (or a list, a table) can be; a book's
 * longest is a few thousand characters.
 */

/** The largest chapter file: a weekly feature is 5–10 KB. */
export const chapterLimitBytes = 512 * 1024

/** The longest block of lines without a blank line between them, in characters (about 5,000 words). */
export const blockLimitCharacters = 32_000

/** The first block of `text` longer than `limit` characters: where it starts, its length and its lines. */
export function firstLongBlock(text: string, limit: number = blockLimitCharacters): { offset: number; characters: number; lines: number } | undefined {
  let start = -1
  let lines = 0
  let at = 0
  while (at <= text.length) {
    const end = text.indexOf('\n', at)
    const lineEnd = end === -1 ? text.length : end
    const blank = /^[ \t]*$/.test(text.slice(at, lineEnd))
    if (blank) {
      if (start !== -1 && at - 1 - start > limit) return { offset: start, characters: at - 1 - start, lines }
      start = -1
      lines = 0
    } else {
      if (start === -1) start = at
      lines++
    }
    if (end === -1) break
    at = end + 1
  }
  if (start !== -1 && text.length - start > limit) return { offset: start, characters: text.length - start, lines }
  return undefined
}
