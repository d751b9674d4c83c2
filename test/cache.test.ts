/**
 * The build cache (src/cache/): a weekly build parses the new chapter only,
 * and anything a chapter's check read that changed invalidates its entry.
 * Each test compares the chapters checked with and without it.
 */
import { cp, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook, lintBook } from '../src/build.ts'
import { diskCache, programFingerprint } from '../src/cache/index.ts'
import { flattenMessages } from '../src/report/messages.ts'
import { makeBook, projectRoot, validChapter, validConfig } from './helpers/book.ts'

const roots: string[] = []
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

const week = (day: number) => `2026-01-${String(day).padStart(2, '0')}`
async function weeklyBook(): Promise<string> {
  const chapters: Record<string, string> = {}
  for (const [index, day] of [5, 12, 19].entries()) chapters[`${week(day)}-career-${index}.md`] = validChapter({ title: `Career ${index}`, published: week(day) })
  const root = await makeBook(chapters)
  roots.push(root)
  return root
}

const checked = async (root: string, program?: string) => (await lintBook(root, undefined, diskCache(root, { program }))).parsed

describe('the build cache', () => {
  it('parses only the new chapter of a weekly build, and gives the same EPUB as a build without it', async () => {
    const root = await weeklyBook()
    expect(await checked(root)).toBe(3)
    expect(await checked(root)).toBe(0)
    await writeFile(path.join(root, 'chapters', `${week(26)}-career-3.md`), validChapter({ title: 'Career 3', published: week(26) }))
    expect(await checked(root)).toBe(1)

    const cached = await buildBook({ root, formats: ['epub'], out: path.join(root, 'cached') })
    const fresh = await buildBook({ root, formats: ['epub'], out: path.join(root, 'fresh'), cache: false })
    expect(cached.ok && fresh.ok).toBe(true)
    expect(await readFile(path.join(root, 'cached/complete/test-careers.epub'))).toEqual(await readFile(path.join(root, 'fresh/complete/test-careers.epub')))
  }, 120_000)

  it('is invalidated by an edit to the chapter or the program, not by files its check never read', async () => {
    const root = await weeklyBook()
    expect(await checked(root)).toBe(3)
    const first = path.join(root, 'chapters', `${week(5)}-career-0.md`)
    await writeFile(first, (await readFile(first, 'utf8')).replace('## Outlook', '## Outlook\n\nA new sentence.'))
    expect(await checked(root)).toBe(1)
    // A chapter's check reads neither the config nor the templates (the property test compares the outputs).
    await writeFile(path.join(root, 'springboard.yaml'), `${validConfig}rights: Some rights reserved.\n`)
    expect(await checked(root)).toBe(0)
    await mkdir(path.join(root, 'templates'))
    await writeFile(path.join(root, 'templates', 'chapter.ejs'), await readFile(path.join(projectRoot, 'templates', 'chapter.ejs')))
    expect(await checked(root)).toBe(0)
    expect(await checked(root, 'another program')).toBe(3)
    expect(await checked(root, 'another program')).toBe(0)
  }, 120_000)

  it('keeps one entry a chapter (and one of its blocks), and removes the entries of earlier versions of the cache', async () => {
    const root = await weeklyBook()
    await mkdir(path.join(root, '.springboard-cache/page-maps'), { recursive: true })
    await writeFile(path.join(root, '.springboard-cache/page-maps/complete.json'), '{}')
    await mkdir(path.join(root, '.springboard-cache/chapters'), { recursive: true })
    await writeFile(path.join(root, '.springboard-cache/chapters/0123abcd.json'), '{}')
    for (let round = 0; round < 3; round++) {
      const first = path.join(root, 'chapters', `${week(5)}-career-0.md`)
      await writeFile(first, (await readFile(first, 'utf8')).replace('## Outlook', `## Outlook\n\nRound ${round}.`))
      await checked(root)
    }
    expect((await readdir(path.join(root, '.springboard-cache'))).sort()).toEqual(['blocks', 'chapters'])
    expect((await readdir(path.join(root, '.springboard-cache/chapters'))).length).toBe(3)
    expect((await readdir(path.join(root, '.springboard-cache/blocks'))).length).toBe(3)
  }, 120_000)

  it('takes the program to be every file under src/ and templates/, and the lock file', async () => {
    const copy = path.join(await weeklyBook(), 'program')
    await mkdir(copy)
    await cp(path.join(projectRoot, 'src'), path.join(copy, 'src'), { recursive: true })
    await cp(path.join(projectRoot, 'templates'), path.join(copy, 'templates'), { recursive: true })
    await cp(path.join(projectRoot, 'package-lock.json'), path.join(copy, 'package-lock.json'))
    const before = programFingerprint(copy)
    expect(programFingerprint(copy)).toBe(before)
    await writeFile(path.join(copy, 'src', 'cli.ts'), `${await readFile(path.join(copy, 'src', 'cli.ts'), 'utf8')}\n// an edit\n`)
    expect(programFingerprint(copy)).not.toBe(before)
    const edited = programFingerprint(copy)
    await writeFile(path.join(copy, 'templates', 'chapter.ejs'), `${await readFile(path.join(copy, 'templates', 'chapter.ejs'), 'utf8')}\n`)
    expect(programFingerprint(copy)).not.toBe(edited)
  })

  it('checks a chapter again when an image it shows changed (by content, not time), or a chapter it links to is gone', async () => {
    const png = await readFile(path.join(projectRoot, 'test/fixtures/chart.png'))
    const linking = validChapter({ title: 'Linking', published: week(12), append: `\n\n![A chart](../assets/chart.png) See [the first](${week(5)}-first.md).` })
    const root = await makeBook({ [`${week(5)}-first.md`]: validChapter({ title: 'First', published: week(5) }), [`${week(12)}-linking.md`]: linking }, { files: { 'assets/chart.png': png } })
    roots.push(root)
    expect(await checked(root)).toBe(2)
    expect(await checked(root)).toBe(0)
    await utimes(path.join(root, 'assets/chart.png'), new Date('2030-01-01'), new Date('2030-01-01'))
    expect(await checked(root)).toBe(0)
    const changed = Buffer.from(png)
    changed[changed.length - 20] ^= 1 // in the last chunk (IEND's CRC … a byte of content all the same)
    await writeFile(path.join(root, 'assets/chart.png'), changed)
    await utimes(path.join(root, 'assets/chart.png'), new Date('2030-01-01'), new Date('2030-01-01'))
    expect(await checked(root)).toBe(1)
    await rm(path.join(root, 'chapters', `${week(5)}-first.md`))
    const lint = await lintBook(root, undefined, diskCache(root))
    expect(lint.parsed).toBe(1)
    expect(flattenMessages(lint.files, root).map((message) => message.rule)).toContain('l-003')
  }, 120_000)
})
