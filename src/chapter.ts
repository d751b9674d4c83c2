/**
 * The chapter model: what one weekly career feature is once it has been
 * loaded and validated. Every product (EPUB, print PDF, handouts) is made
 * from these types.
 */
import type { Position } from 'unist'
import type { VFile } from 'vfile'

export interface Salary {
  min: number
  max: number
  /** ISO 4217 code, `USD` when left out. */
  currency: string
  /** What the figures are paid for: a year (the default) or an hour. */
  per: SalaryPeriod
}

export type SalaryPeriod = 'year' | 'hour'

export interface Resource {
  name: string
  url: string
}

/** The YAML front matter of a chapter, validated. */
export interface ChapterMeta {
  title: string
  /** ISO date (`YYYY-MM-DD`) the feature ran. */
  published: string
  summary: string
  category?: string | undefined
  degree: string
  certifications: string[]
  salary: Salary
  competencies: string[]
  resources: Resource[]
}

/** A local image a chapter shows, resolved inside the project. */
export interface ImageAsset {
  /** Absolute path on disk. */
  absolutePath: string
  /** Path relative to the book root, with `/` separators: stable across machines. */
  projectPath: string
  mediaType: string
  /** Where the chapter first shows it, for messages about the image itself (print resolution). */
  position?: Position | undefined
}

/** A chapter file as read from disk: decoded, BOM and CR removed. */
export interface ChapterSource {
  file: VFile
  /** The file name's date, when the name follows `YYYY-MM-DD-<slug>.md`. */
  fileDate?: string
  /** The file name's slug, when the name follows the pattern. */
  slug?: string
}

/** A chapter whose front matter and body passed validation. */
export interface Chapter {
  file: VFile
  slug: string
  meta: ChapterMeta
}

/**
 * A transformed body, serialized once: XHTML whose links to other chapters
 * and images are placeholders until serializeBody (transform/index.ts)
 * gives them one output's addresses. A book keeps every body until it is
 * packaged, and strings take a fraction of the memory of trees.
 */
export interface TransformedBody {
  /** The sections. */
  html: string
  /** The footnotes (`<aside>` elements in a `div.footnotes`), or `''`. */
  notes: string
}

/** A block the editor wrote, as the fidelity audit looks for it (transform/source-blocks.ts, src/audit/). */
export interface SourceBlock {
  /** What the editor calls it: `paragraph`, `list item`, `table cell`, `footnote`, `heading`, `title` … */
  kind: string
  line: number
  column: number
  /** Its text as the audit compares it (text/compare.ts). */
  text: string
  /** Its text in pieces around what an output adds inside it (a note's number, a link's printed address), when it has any: a PDF's text has those in it. */
  pieces?: string[]
  /** For a front-matter field: its key, whose place is found only when there is something to report. */
  field?: readonly (string | number)[]
  /** Why the block may be missing, when the source already shows it (an HTML comment that never closes). */
  reason?: string
  /** It holds raw HTML, which the sanitizer may drop or reshape on purpose: used when found, never reported. */
  lenient?: true
}

/** The body's blocks, in reading order, and the footnotes, in the order they are defined. */
export interface BodyBlocks {
  body: SourceBlock[]
  notes: SourceBlock[]
  /** Blocks with nothing the audit can compare (an image alone, a thematic break, raw HTML): kind and line. */
  unfollowed: { kind: string; line: number }[]
  /** The body holds raw HTML (other than comments): its output text may be reshaped, so no stray text is reported in it. */
  rawHtml?: true
}

/** A chapter body turned into sanitized XHTML, ready to address for one output. */
export interface TransformedChapter {
  chapter: Chapter
  body: TransformedBody
  /** Local images, keyed by the `src` the author wrote. */
  images: Map<string, ImageAsset>
  /** Relative links to other chapters, keyed by the `href` the author wrote, to the target's slug. */
  chapterLinks: Map<string, string>
  /**
   * What the editor wrote, block by block, for the fidelity audit; read again from the text when absent. A
   * function: a chapter from the build cache reads its stored blocks only if an audit asks for them.
   */
  blocks?: () => BodyBlocks | undefined
}
