/**
 * The render stage (what sells the book): the description a volume carries
 * when the config gives none, and the "More from …" page of a store
 * edition, which links to the other volumes on that one store.
 */
import type { BookConfig, Volume } from '../config/index.ts'
import { typeset } from '../transform/plugins/typography.ts'
import type { BookDocument } from './index.ts'
import type { Templates } from './templates.ts'

/**
 * The volume's description, in the book's typography (curly quotes and apostrophes, dashes), or one made
 * from its chapters: always a few sentences, never just the subtitle.
 */
export function volumeDescription(volume: Volume): string {
  if (volume.description) return typeset(volume.description)
  const titles = volume.chapters.map((chapter) => chapter.meta.title)
  const list = titles.length > 1 ? `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)}` : (titles[0] ?? '')
  const count = titles.length === 1 ? 'one career profile' : `${titles.length} career profiles`
  return `${volume.title} collects ${count} from SpringBoard’s weekly career feature: ${list}. Each profile gives the education, pay, outlook and core competencies of the job, with sources to learn more.`
}

/** Another volume on sale at the same store. */
export interface StoreLink {
  title: string
  subtitle?: string | undefined
  chapterCount: number
  url: string
}

export const storePageId = 'more-from'

/** The back-matter page of a store edition; `undefined` when that store sells no other volume. */
export function renderStorePage(input: { config: BookConfig; storeName: string; links: readonly StoreLink[]; templates: Templates }): BookDocument | undefined {
  if (input.links.length === 0) return undefined
  const title = `More from ${input.config.publisher}`
  return {
    id: storePageId,
    kind: 'storelinks',
    title,
    html: input.templates.render('more.ejs', { id: storePageId, title, store: input.storeName, volumes: input.links }),
  }
}
