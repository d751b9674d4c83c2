/** Checks that look at all chapters of a book together. */
import type { Chapter } from '../chapter.ts'
import { report } from '../report/messages.ts'
import { frontMatterKeyPosition, frontMatterValuePosition } from './places.ts'

export function validateVolume(chapters: readonly Chapter[]): void {
  const bySlug = new Map<string, Chapter>()
  const byTitle = new Map<string, Chapter>()
  const byWeek = new Map<string, Chapter>()
  for (const chapter of chapters) {
    const sameSlug = bySlug.get(chapter.slug)
    if (sameSlug) {
      // The slug is the file name's; the title is what it names, and where an editor sees which career this is.
      report(chapter.file, 'v-001', `The slug \`${chapter.slug}\` is also used by ${sameSlug.file.basename}`, frontMatterKeyPosition(chapter.file, ['title']))
    } else bySlug.set(chapter.slug, chapter)

    const titleKey = chapter.meta.title.toLowerCase()
    const sameTitle = byTitle.get(titleKey)
    if (sameTitle) {
      report(chapter.file, 'v-002', `The title "${chapter.meta.title}" is also used by ${sameTitle.file.basename}`, frontMatterValuePosition(chapter.file, ['title']))
    } else byTitle.set(titleKey, chapter)

    const week = isoWeek(chapter.meta.published)
    const sameWeek = byWeek.get(week)
    if (sameWeek) {
      report(chapter.file, 'v-003', `Published in week ${week}, like ${sameWeek.file.basename}`, frontMatterValuePosition(chapter.file, ['published']))
    } else byWeek.set(week, chapter)
  }
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
