/** Checks that look at all chapters of a book together. */
import type { Chapter } from '../chapter.ts'
import { daysBetween, isoWeek, strayDates } from '../dates.ts'
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
  validateStrayDates(chapters)
}

/** A `published` date far from the others (m-031): a typo there moves the chapter, and made a volume of its year. */
function validateStrayDates(chapters: readonly Chapter[]): void {
  const dates = chapters.map((chapter) => chapter.meta.published)
  for (const stray of strayDates(dates)) {
    const chapter = chapters[stray.index]!
    const other = chapters[stray.nearest]!
    const date = chapter.meta.published
    const weeks = Math.round(Math.abs(daysBetween(other.meta.published, date)) / 7)
    const year = date.slice(0, 4)
    const where = stray.newest
      ? `${weeks} weeks after the newest other chapter (${other.file.basename})`
      : `${weeks} weeks from the nearest other chapter (${other.file.basename})`
    const alone = stray.aloneInYear ? `, the only chapter in ${year}` : ''
    report(chapter.file, 'm-031', `\`published\` is ${date}${alone}, ${where}: is the date typed wrong?`, frontMatterValuePosition(chapter.file, ['published']))
  }
}
