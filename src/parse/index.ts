/**
 * The parse stage: Markdown to mdast with remark-parse, YAML front matter
 * (remark-frontmatter) and GitHub's extensions (remark-gfm: tables,
 * footnotes, strikethrough, task lists, autolink literals). One processor,
 * made once: every node keeps its position in the file, for the messages of
 * the stages after this one.
 */
import type { Root as MdastRoot } from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import type { VFile } from 'vfile'
import type { ChapterSource } from '../chapter.ts'

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze()

export function parseMarkdown(file: VFile): MdastRoot {
  return parser.parse(file)
}

/** A loaded chapter's tree; none when the file could not be read or decoded (load reported why). */
export function parseChapter(source: ChapterSource): MdastRoot | undefined {
  if (source.file.messages.some((message) => message.fatal)) return undefined
  return parseMarkdown(source.file)
}
