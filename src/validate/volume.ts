/** Checks that look at all chapters of a book together. */
import type { Chapter } from '../chapter.ts'
import { isoWeek } from '../dates.ts'
import { report } from '../report/messages.ts'

export function validateVolume(chapters: readonly Chapter[]): void {
  const bySlug = new Map<string, Chapter>()
  const byTitle = new Map<string, Chapter>()
  const byWeek = new Map<string, Chapter>()
  for (const chapter of chapters) {
    const sameSlug = bySlug.get(chapter.slug)
    if (sameSlug) {
      report(chapter.file, 'v-001', `The slug \`${chapter.slug}\` is also used by ${sameSlug.file.basename}`, { line: 1, column: 1 })
    } else bySlug.set(chapter.slug, chapter)

    const titleKey = chapter.meta.title.toLowerCase()
    const sameTitle = byTitle.get(titleKey)
    if (sameTitle) {
      report(chapter.file, 'v-002', `The title "${chapter.meta.title}" is also used by ${sameTitle.file.basename}`, fieldPlace(chapter, 'title'))
    } else byTitle.set(titleKey, chapter)

    const week = isoWeek(chapter.meta.published)
    const sameWeek = byWeek.get(week)
    if (sameWeek) {
      report(chapter.file, 'v-003', `Published in week ${week}, like ${sameWeek.file.basename}`, fieldPlace(chapter, 'published'))
    } else byWeek.set(week, chapter)
  }
}

/** Line and column of a top-level front matter field, for volume-level messages. */
export function fieldPlace(chapter: Chapter, field: string): { line: number; column: number } {
  const lines = String(chapter.file).split('\n')
  const index = lines.findIndex((line) => line.startsWith(`${field}:`))
  return index === -1 ? { line: 1, column: 1 } : { line: index + 1, column: field.length + 3 }
}
