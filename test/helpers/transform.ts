/**
 * One chapter through the first three stages, in memory: load (from bytes,
 * so byte order marks, CRLF and control characters are real), validate,
 * transform, then `serializeBody` as every output uses it.
 */
import path from 'node:path'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { sourceFromBytes } from '../../src/load/index.ts'
import { serializeBody, transformBody, transformChapter, type OutputTarget } from '../../src/transform/index.ts'
import { parseChapter, parseMarkdown } from '../../src/parse/index.ts'
import { validateChapter } from '../../src/validate/index.ts'
import { parseFragment, type ParsedXml } from './xhtml.ts'
import { fontFaces } from '../../src/render/fonts.ts'
import { GlyphCoverage } from '../../src/text/glyphs.ts'

const glyphs = new GlyphCoverage(fontFaces)

export interface TransformOutput {
  file: VFile
  errors: VFileMessage[]
  warnings: VFileMessage[]
  /** Body and notes as `serializeBody` returns them. */
  html: string
  notes: string
  /** Body and notes together, parsed as XML. */
  parsed: ParsedXml
}

const target: OutputTarget = {
  chapterHref: (slug) => `ch-${slug}.xhtml`,
  imageSrc: (image) => image.projectPath,
}

function decode(content: string | Uint8Array, root: string, name: string) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
  const file = new VFile({ path: path.join(root, 'chapters', name), cwd: root })
  return sourceFromBytes(file, bytes)
}

function finish(file: VFile, body: Parameters<typeof serializeBody>[0]): TransformOutput {
  const { html, notes } = serializeBody(body, target)
  return {
    file,
    errors: file.messages.filter((message) => message.fatal),
    warnings: file.messages.filter((message) => !message.fatal),
    html,
    notes,
    parsed: parseFragment(html + notes),
  }
}

/** A whole chapter file through load and validate only: its messages. */
export function validateChapterFile(content: string | Uint8Array, root: string, name = '2026-01-05-hostile.md'): VFileMessage[] {
  const source = decode(content, root, name)
  validateChapter(source, parseChapter(source), glyphs)
  return source.file.messages
}

/** A whole chapter file (front matter and body): it must validate, as in a build. */
export function transformChapterFile(content: string | Uint8Array, root: string, name = '2026-01-05-hostile.md'): TransformOutput {
  const source = decode(content, root, name)
  const { chapter, tree } = validateChapter(source, parseChapter(source), glyphs)
  if (!chapter || !tree) throw new Error(`The chapter does not validate:\n${source.file.messages.map(String).join('\n')}`)
  const context = { root, chapterSlugs: new Map([[source.file.path, chapter.slug]]) }
  return finish(source.file, transformChapter(chapter, tree, context))
}

/** A Markdown body without front matter or the chapter contract: the transform stage alone. */
export function transformMarkdown(markdown: string, root: string, slug = 'prop'): TransformOutput {
  const source = decode(markdown, root, `2026-01-05-${slug}.md`)
  const context = { root, chapterSlugs: new Map([[source.file.path, slug]]) }
  return finish(source.file, transformBody(source.file, `ch-${slug}`, parseMarkdown(source.file), context))
}
