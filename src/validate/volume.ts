/** Checks that look at all chapters of a book together. */
import type { Chapter } from '../chapter.ts'
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

/** ISO 8601 week, e.g. `2026-W02`: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  const weekday = day.getUTCDay() || 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday) // the Thursday of this week decides the year
  const year = day.getUTCFullYear()
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7)
  return `${year}-W${String(week).padStart(2, '0')}`
}
