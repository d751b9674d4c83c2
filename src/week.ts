/**
 * The weekly release (`build --week DATE`): only the week's chapter has to
 * be right. Its own problems, and the book-wide ones it is part of
 * (validate/volume.ts: the same slug, title or week as another chapter),
 * stay as they are; the problems of chapters of other weeks are shown as
 * warnings, so a half-written draft for next week does not hold this
 * week's release back. Two chapters in the week stop it (v-020): the
 * release is one career, and which one was meant is the editor's call.
 */
import path from 'node:path'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import type { TransformedChapter } from './chapter.ts'
import { isoWeek, isRealIsoDate } from './dates.ts'
import { downgradeMessages, report } from './report/messages.ts'
import { validateVolume } from './validate/index.ts'
import { frontMatterValuePosition } from './validate/places.ts'

export const notThisWeek = "(not in this week's release)"

/**
 * Scope the messages of a linted book to the week of `date`. `files` are
 * every file with messages; chapter files under `<root>/chapters` whose
 * name dates them to another week are downgraded. Files that cannot be
 * placed in a week (the config, the introduction, a name without a date)
 * keep their errors: they may belong to this week's release.
 */
export function scopeToWeek(root: string, files: readonly VFile[], chapters: readonly TransformedChapter[], date: string): void {
  const week = isoWeek(date)
  const owns = chapters.filter((transformed) => isoWeek(transformed.chapter.meta.published) === week)
  for (const own of owns) addClashes(own, chapters)
  // The weekly release is one career: with two in the week it stops, naming both, rather than pick one.
  if (owns.length > 1) {
    for (const own of owns) {
      const others = owns.filter((other) => other !== own).map((other) => other.chapter.file.basename).join(', ')
      report(own.chapter.file, 'v-020', `\`build --week ${date}\` releases one chapter, and week ${week} has ${owns.length}: this one and ${others}`, frontMatterValuePosition(own.chapter.file, ['published']))
    }
  }
  const chaptersDir = path.join(root, 'chapters')
  for (const file of files) {
    const absolute = path.resolve(file.cwd, file.path)
    const dated = /^(\d{4}-\d{2}-\d{2})-/.exec(path.basename(absolute))?.[1]
    if (path.dirname(absolute) === chaptersDir && dated && isRealIsoDate(dated) && isoWeek(dated) !== week) {
      downgradeMessages(file, notThisWeek)
    }
  }
}

/**
 * The book-wide rules report a clash on the later of the two chapters,
 * which may be another week's (downgraded). Run them again, on copies,
 * with `own` last, so that every clash it is part of is reported on it.
 */
function addClashes(own: TransformedChapter, chapters: readonly TransformedChapter[]): void {
  const copy = (file: VFile) => new VFile({ path: file.path, cwd: file.cwd, value: file.value })
  const ownCopy = { ...own.chapter, file: copy(own.chapter.file) }
  const others = chapters.filter((transformed) => transformed !== own).map(({ chapter }) => ({ ...chapter, file: copy(chapter.file) }))
  validateVolume([...others, ownCopy])
  const target = own.chapter.file
  const key = (message: VFileMessage) => `${message.ruleId}\n${message.line}:${message.column}\n${message.reason}`
  const present = new Set(target.messages.map(key))
  for (const message of ownCopy.file.messages) if (!present.has(key(message))) target.messages.push(message)
}
