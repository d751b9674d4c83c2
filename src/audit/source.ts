/**
 * The audit's source side: the text of every block the editor wrote in one chapter, with its place.
 * The body's blocks and footnotes come from the transform (transform/source-blocks.ts, kept with the
 * transformed chapter); the printed front-matter fields from the validated meta, here.
 */
import type { BodyBlocks, Chapter, SourceBlock } from '../chapter.ts'
import { parseMarkdown } from '../parse/index.ts'
import { formatSalaryRange } from '../render/format.ts'
import { comparable } from '../text/compare.ts'
import { bodyBlocks } from '../transform/source-blocks.ts'

import type { YamlPath } from '../validate/places.ts'

export type { SourceBlock } from '../chapter.ts'

export interface ChapterBlocks extends BodyBlocks {
  /** The printed front-matter fields, in the order of templates/chapter.ejs. */
  fields: SourceBlock[]
}

/** The chapter's blocks: `body` as the transform kept them, else read from the chapter's text again. */
export function chapterBlocks(chapter: Chapter, language: string, body: BodyBlocks = bodyBlocks(parseMarkdown(chapter.file))): ChapterBlocks {
  return { fields: fieldBlocks(chapter, language), ...body }
}

/** The front-matter fields the chapter prints (templates/chapter.ejs), in its order. */
function fieldBlocks(chapter: Chapter, language: string): SourceBlock[] {
  const { meta } = chapter
  const fields: SourceBlock[] = []
  const add = (kind: string, field: YamlPath, raw: string) => {
    const text = comparable(raw)
    if (text) fields.push({ kind, line: 1, column: 1, text, field })
  }
  add('title', ['title'], meta.title)
  add('summary', ['summary'], meta.summary)
  add('degree', ['degree'], meta.degree)
  meta.certifications.forEach((certification, index) => add('certification', ['certifications', index], certification))
  add('salary', ['salary'], `${formatSalaryRange(meta.salary, language)} ${meta.salary.per === 'hour' ? 'an hour' : 'a year'}`)
  if (meta.category) add('category', ['category'], meta.category)
  meta.competencies.forEach((competency, index) => add('competency', ['competencies', index], competency))
  meta.resources.forEach((resource, index) => add('resource', ['resources', index, 'name'], resource.name))
  return fields
}
