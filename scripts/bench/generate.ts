/**
 * Synthetic books for the benchmark: N weekly chapters in our chapter
 * format (front matter, the four required sections, `###` sub-headings,
 * lists, a table, footnotes, links between chapters and to headings,
 * non-ASCII text), 1,000–1,500 words each, one week apart. Everything comes
 * from a seeded PRNG, so a book of N chapters is byte-identical on every
 * run. The config is the sample's springboard.yaml (the one `npm run build`
 * uses: no volumes listed, so one per calendar year and one with everything,
 * and an edition for each store), its stores listing every volume; no cover
 * art, so every build draws its covers, as an editor's does.
 *
 *   node scripts/bench/generate.ts 52 /tmp/book-52
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Volume } from '../../src/config/index.ts'
import { defaultVolumeId, loadConfig } from '../../src/config/index.ts'
import { renderCover } from '../../src/package/cover.ts'
import { Templates } from '../../src/render/index.ts'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { Random } from './random.ts'
import * as words from './words.ts'

/** The first chapter's date: a Monday ten years back, so 520 weeks end in 2025. */
const firstWeek = Date.UTC(2016, 0, 4)
const week = 7 * 24 * 60 * 60 * 1000

export interface SyntheticChapter {
  fileName: string
  title: string
  slug: string
  text: string
}

export interface GeneratedBook {
  root: string
  chapters: SyntheticChapter[]
  words: number
  /** Store editions per volume, besides the generic EPUB. */
  stores: number
}

export const bookTitle = 'Careers in Health Care'

const projectRoot = path.resolve(import.meta.dirname, '../..')

/** The volumes the default config makes of these chapters: one per calendar year, then `complete`. */
export function volumesOf(chapters: readonly SyntheticChapter[]): { id: string; chapters: SyntheticChapter[] }[] {
  // The default rule (src/config/volumes.ts, resolveVolumes): `complete`, and one per year only when there are two or more.
  const years = [...new Set(chapters.map((chapter) => chapter.fileName.slice(0, 4)))].sort()
  const complete = { id: defaultVolumeId, chapters: [...chapters] }
  if (years.length < 2) return [complete]
  return [...years.map((id) => ({ id, chapters: chapters.filter((chapter) => chapter.fileName.startsWith(id)) })), complete]
}

/** The sample's config, its stores listing each of the book's volumes (a store may only list volumes the book has). */
export async function bookConfig(chapters: readonly SyntheticChapter[]): Promise<{ text: string; stores: number }> {
  const sample = parseYaml(await readFile(path.join(projectRoot, 'springboard.yaml'), 'utf8')) as { stores?: Record<string, { volumes?: Record<string, string> }>; volumes?: unknown }
  if (sample.volumes) throw new Error('The sample springboard.yaml lists volumes: the bench measures the default, one per year')
  const ids = volumesOf(chapters).map((volume) => volume.id)
  for (const store of Object.values(sample.stores ?? {})) {
    if (!store.volumes) continue // a store without a page per volume: nothing to list
    const url = store.volumes.complete ?? Object.values(store.volumes)[0]!
    store.volumes = Object.fromEntries(ids.map((id) => [id, id === 'complete' ? url : `${url}-${id}`]))
  }
  const text = `# The sample's springboard.yaml for \`npm run bench\` (scripts/bench/generate.ts), its stores listing every volume.\n${stringifyYaml(sample)}`
  return { text, stores: Object.keys(sample.stores ?? {}).length }
}

/** The chapters of a book of `count` weeks; the same count always gives the same text. */
export function makeChapters(count: number, seed = 20160104): SyntheticChapter[] {
  const random = new Random(seed)
  const titles = random
    .shuffle(words.specialties.flatMap((specialty) => words.roles.map((role) => `${specialty} ${role}`)))
    .slice(0, count)
  if (titles.length < count) throw new Error(`At most ${words.specialties.length * words.roles.length} synthetic chapters`)
  const slugs = titles.map((title) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''))
  const dates = titles.map((_title, index) => new Date(firstWeek + index * week).toISOString().slice(0, 10))
  return titles.map((title, index) => {
    const slug = slugs[index]!
    const fileName = `${dates[index]}-${slug}.md`
    // An earlier chapter to link to (a real book links back to careers it already profiled).
    const related = index > 0 ? random.int(0, index - 1) : undefined
    const relatedLink = related === undefined ? undefined : { title: titles[related]!, file: `${dates[related]}-${slugs[related]}.md` }
    return { fileName, title, slug, text: chapterText(random, { title, slug, date: dates[index]!, related: relatedLink }) }
  })
}

interface ChapterFacts {
  title: string
  slug: string
  date: string
  related?: { title: string; file: string } | undefined
}

function chapterText(random: Random, facts: ChapterFacts): string {
  const { title } = facts
  const role = title.toLowerCase()
  const min = random.int(28, 95) * 1000
  const max = min + random.int(20, 80) * 1000
  const currency = random.next() < 0.9 ? 'USD' : random.pick(['CAD', 'EUR'])
  const org = `${random.pick(words.specialties)} ${random.pick(words.roles)} ${random.pick(words.organizations)}`
  const orgHost = org.toLowerCase().replace(/[^a-z]+/g, '')
  const bls = `https://www.bls.gov/ooh/healthcare/${facts.slug}.htm`
  const front = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `published: ${facts.date}`,
    `summary: ${JSON.stringify(`${article(title)} ${title.toLowerCase()} ${random.pick(words.tasks)} and ${random.pick(words.tasks)}. The work is ${random.sample(words.adjectives, 2).join(' and ')}.`)}`,
    `category: ${JSON.stringify(random.pick(words.categories))}`,
    `degree: ${JSON.stringify(random.pick(words.degrees))}`,
    'certifications:',
    ...random.sample(words.certifications, random.int(1, 3)).map((item) => `  - ${JSON.stringify(item)}`),
    'salary:',
    `  min: ${min}`,
    `  max: ${max}`,
    `  currency: ${currency}`,
    'competencies:',
    ...random.sample(words.competencies, random.int(4, 7)).map((item) => `  - ${JSON.stringify(item)}`),
    'resources:',
    `  - name: ${JSON.stringify(`U.S. Bureau of Labor Statistics: ${title}s`)}`,
    `    url: ${bls}`,
    `  - name: ${JSON.stringify(`${org}`)}`,
    `    url: https://www.${orgHost}.org/`,
    ...(random.next() < 0.5 ? [`  - name: ${JSON.stringify(`${org}: career center`)}`, `    url: https://careers.${orgHost}.org/jobs?field=${facts.slug}`] : []),
    '---',
  ]
  const person = random.pick(words.people)
  const place = random.pick(words.places)
  const median = Math.round((min + max) / 2 / 10) * 10
  const growth = random.int(2, 24)
  const body = [
    '## Description',
    paragraph(random, role, 6),
    paragraph(random, role, 5),
    '### A day on the job',
    `A ${random.pick(words.adjectives)} day for ${person}, a ${role} in ${place}, looks like this:`,
    bullets(random, role),
    paragraph(random, role, 5),
    `“You learn to expect the unexpected,” says ${person}. “No two weeks are alike — and that is exactly why I stayed.”`,
    '## Education',
    paragraph(random, role, 4),
    'The usual path has four steps:',
    [
      `1. Finish a ${random.pick(words.degrees).toLowerCase()} with courses in anatomy, physiology and statistics.`,
      `2. Complete supervised clinical hours in ${random.pick(words.settings)} or ${random.pick(words.settings)}.`,
      `3. Pass the national exam, where one exists, and apply for state licensure.[^2]`,
      `4. Keep the credential current with continuing education — typically 20 to 30 hours every two years.`,
    ].join('\n'),
    '### Licensing and certification',
    paragraph(random, role, 4),
    '## Salary',
    `The median annual wage for ${role}s was ${money(median, currency)} in May 2024.[^1] The lowest-paid 10 percent earned less than ${money(min, currency)}, and the highest-paid 10 percent earned more than ${money(max, currency)}.`,
    salaryTable(random, min, max, currency),
    paragraph(random, role, 5),
    '## Outlook',
    `Employment of ${role}s is projected to grow ${growth} percent from 2024 to 2034, ${growth > 6 ? 'faster than' : 'about as fast as'} the average for all occupations.[^1] ${sentence(random, role)} ${sentence(random, role)}`,
    paragraph(random, role, 6),
    facts.related
      ? `Readers interested in this career may also want to read the profile of the [${facts.related.title.toLowerCase()}](${facts.related.file}), and to compare the [pay figures above](#salary).`
      : 'Compare the [pay figures above](#salary) with those of other careers in this book.',
    '## Where to learn more',
    `The ${org} publishes practice standards and a directory of accredited programs.[^3] ${sentence(random, role)}`,
    `- ${random.pick(words.fillers)}\n- ${random.pick(words.fillers)}\n- ~~A paid membership is required to browse the directory.~~ The directory is free to browse.`,
    `[^1]: U.S. Bureau of Labor Statistics, Occupational Outlook Handbook, ${title}s (wage data for May 2024; projections for 2024 to 2034), ${bls}`,
    `[^2]: Requirements differ from state to state; check with the state board before enrolling in a program.`,
    `[^3]: ${org}, “Standards of Practice,” ${random.int(4, 9)}th edition (${place}: ${org}, 2023).`,
  ]
  return `${front.join('\n')}\n\n${body.join('\n\n')}\n`
}

function paragraph(random: Random, role: string, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(random, role)).join(' ')
}

function sentence(random: Random, role: string): string {
  switch (random.int(0, 5)) {
    case 0:
      return `${random.pick(words.openings)} a ${role} ${random.pick(words.tasks)}, and ${random.pick(words.tasks)}.`
    case 1:
      return `Most ${role}s work in ${random.pick(words.settings)}, but ${random.pick(words.settings)} and ${random.pick(words.settings)} hire them too.`
    case 2:
      return `The job calls for ${lowerFirst(random.pick(words.competencies))} and ${lowerFirst(random.pick(words.competencies))}, and people who lack either tend to leave within a few years.`
    case 3: {
      const filler = random.pick(words.fillers)
      return `${random.pick(words.openings)} the work is ${random.sample(words.adjectives, 2).join(' rather than ')}; ${lowerFirst(filler)}`
    }
    default:
      return random.pick(words.fillers)
  }
}

function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`
}

function bullets(random: Random, role: string): string {
  return random
    .sample(words.tasks, random.int(4, 6))
    .map((task, index) => `- ${index === 0 ? `**First thing:** the ${role}` : 'The team'} ${task}.`)
    .join('\n')
}

function salaryTable(random: Random, min: number, max: number, currency: string): string {
  const rows = random.sample(words.settings, random.int(4, 6)).map((setting) => {
    const low = min + random.int(0, 10) * 1000
    const high = Math.max(low + 5000, max - random.int(0, 10) * 1000)
    return `| ${setting.charAt(0).toUpperCase()}${setting.slice(1)} | ${money(Math.round((low + high) / 2 / 10) * 10, currency)} | ${money(low, currency)}–${money(high, currency)} |`
  })
  return ['| Setting | Median | Typical range |', '| --- | ---: | ---: |', ...rows].join('\n')
}

function money(value: number, currency: string): string {
  const symbol = currency === 'EUR' ? '€' : currency === 'CAD' ? 'CA$' : '$'
  return `${symbol}${value.toLocaleString('en-US')}`
}

function article(title: string): string {
  return /^[AEIOU]/.test(title) ? 'An' : 'A'
}

/** Write a book of `count` chapters into `root` (replacing its chapters, its config and its build cache). */
export async function generateBook(count: number, root: string): Promise<GeneratedBook> {
  const chapters = makeChapters(count)
  const chaptersDir = path.join(root, 'chapters')
  await mkdir(chaptersDir, { recursive: true })
  for (const name of await readdir(chaptersDir)) await rm(path.join(chaptersDir, name))
  for (const chapter of chapters) await writeFile(path.join(chaptersDir, chapter.fileName), chapter.text)
  const config = await bookConfig(chapters)
  await writeFile(path.join(root, 'springboard.yaml'), config.text)
  // Cover art left by an older bench (whose config named it) is not part of the book any more.
  await rm(path.join(root, 'assets'), { recursive: true, force: true })
  await rm(path.join(root, '.springboard-cache'), { recursive: true, force: true })
  const wordCount = chapters.reduce((sum, chapter) => sum + chapter.text.split(/\s+/).filter(Boolean).length, 0)
  return { root, chapters, words: wordCount, stores: config.stores }
}

/** A cover drawn from the book's template as a build draws one: pandoc gets the same kind of image. */
export async function coverArt(root: string, chapters: readonly SyntheticChapter[]): Promise<Buffer> {
  const { config } = await loadConfig(root)
  if (!config) throw new Error(`The synthetic springboard.yaml in ${root} is not valid`)
  const volume = {
    id: 'complete',
    title: config.title,
    subtitle: config.subtitle,
    chapters: chapters.map((chapter) => ({ meta: { title: chapter.title } })),
    isbn: {},
  } as unknown as Volume
  return renderCover({ config, volume, templates: new Templates(root) })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 52)
  const root = path.resolve(process.argv[3] ?? `bench/tmp/book-${count}`)
  const book = await generateBook(count, root)
  console.log(`${book.chapters.length} chapters, ${book.words} words in ${root}`)
}
