/**
 * The audit's view of text: what two renderings of one sentence have in common. Typography the
 * pipeline adds on purpose (curly quotes and dashes from smartypants, soft hyphens, ligatures, the
 * ellipsis character, no-break spaces) is undone on both sides, and runs of white space are one space.
 */

/** Text as the audit compares it within a document (EPUB, print pass). */
export function comparable(text: string): string {
  return text
    .normalize('NFKC') // ligatures (ﬁ), the ellipsis (…), no-break and other spaces
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/-{2,}/g, '-') // `--` and `---` are one dash once typeset
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Text as the audit compares it with a PDF's own text (pdftotext): no white space and no hyphens at
 * all, so that a line broken at a hyphen, with or without the hyphen kept, reads as the source does.
 */
export function squeezed(text: string): string {
  return comparable(text).replace(/[\s-]+/g, '')
}

/** A short quotation of a block's text for a message: its opening words. */
export function quote(text: string, length = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= length) return `“${flat}”`
  const cut = flat.slice(0, length)
  const space = cut.lastIndexOf(' ')
  return `“${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…”`
}
