/**
 * `springboard dev` while next week's chapter is being written (issue 25): a
 * fresh `springboard new` draft, full of `TODO`s, holds nothing back. In a
 * real headless Chromium: every other chapter shows its EPUB, Print and
 * Handout views; the draft shows its problems, each with its line, and its
 * text as far as it renders; the contents say each chapter's state; the
 * banner never claims a last good preview that does not exist.
 */
import { execFile } from 'node:child_process'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Page } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type BrowserSession } from '../src/browser/index.ts'
import { startDevServer, type DevServer } from '../src/dev/server.ts'
import { makeBook, projectRoot, validChapter } from './helpers/book.ts'

const run = promisify(execFile)

let root: string
let server: DevServer
let session: BrowserSession
let page: Page
let draftFile: string
let draftText: string

const others = [
  { slug: 'medical-records-director', title: 'Medical Records Director', file: 'chapters/2026-01-05-medical-records-director.md' },
  { slug: 'nurse', title: 'Nurse', file: 'chapters/2026-01-12-nurse.md' },
]

beforeAll(async () => {
  root = await makeBook({
    '2026-01-05-medical-records-director.md': validChapter(),
    '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }),
  })
  // The editor's own command, as the README gives it.
  const { stdout } = await run(process.execPath, [path.join(projectRoot, 'scripts/springboard.js'), 'new', 'Phlebotomist', '--root', root], { cwd: root })
  expect(stdout).toMatch(/^Wrote /)
  const [name] = (await readdir(path.join(root, 'chapters'))).filter((file) => file.includes('phlebotomist'))
  draftFile = `chapters/${name}`
  draftText = await readFile(path.join(root, draftFile), 'utf8')
  server = await startDevServer({ root, port: 0 })
  await settled()
  session = await launchBrowser()
  page = await session.newPage(root, [server.url])
  await page.setViewport({ width: 1320, height: 1000 })
}, 120_000)

afterAll(async () => {
  await session?.close()
  await server?.close()
  await rm(root, { recursive: true, force: true })
})

/**
 * The rebuild's handouts laid out (the preview does it in the background after each rebuild), so that a page
 * the test opens is not made again under it when the layout finds more problems.
 */
async function settled(): Promise<void> {
  for (const started = Date.now(); server.state().handouts === 'checking'; ) {
    if (Date.now() - started > 180_000) throw new Error('The preview\'s handouts were still being laid out after 3 minutes')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Change the book, then wait for the preview's rebuild and its handouts' layout. */
async function rebuilt(change: () => Promise<unknown>): Promise<void> {
  const before = server.state().version
  await change()
  await expect.poll(() => server.state().version, { timeout: 60_000 }).toBeGreaterThan(before)
  await settled()
}

/** The lines of the draft with a `TODO`, 1-based: where its problems must point. */
function todoLines(): number[] {
  return draftText.split('\n').flatMap((line, index) => (/\bTODO\b/.test(line) ? [index + 1] : []))
}

describe('springboard dev with a fresh `new` draft', () => {
  it('builds a preview of every valid chapter, and says the book has problems', () => {
    const state = server.state()
    expect(state).toMatchObject({ ok: false, preview: 'partial' })
    const draftProblems = state.messages.filter((message) => message.file === draftFile)
    expect(draftProblems.length).toBeGreaterThan(0)
    expect(draftProblems.every((message) => message.rule === 's-006')).toBe(true)
    expect(state.messages.filter((message) => message.file !== draftFile && message.severity === 'error')).toEqual([])
  })

  it("lists each chapter's state honestly, and the banner claims no last good preview", async () => {
    await page.goto(server.url, { waitUntil: 'load' })
    const rows = await page.$$eval('tr[data-file]', (trs) =>
      trs.map((tr) => ({
        file: tr.getAttribute('data-file'),
        status: (tr.querySelector('.status') as HTMLElement).innerText,
        links: [...tr.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]),
      })),
    )
    expect(rows).toEqual([
      ...others.map(({ slug, file }) => ({
        file,
        status: 'ok',
        links: ['epub', 'print', 'handout'].map((kind) => [kind === 'epub' ? 'EPUB' : kind[0]!.toUpperCase() + kind.slice(1), `/${kind}/ch-${slug}?volume=complete`]),
      })),
      { file: draftFile, status: `draft: ${todoLines().length} TODOs`, links: [['Draft and its problems', `/draft/${encodeURIComponent(draftFile)}`]] },
    ])
    const banner = await page.waitForSelector('#springboard-dev-problems')
    const said = await banner!.evaluate((element) => (element as HTMLElement).innerText)
    expect(said).toMatch(/Every valid chapter is shown/)
    expect(said).not.toMatch(/last good preview|earlier rebuild|no preview/i)
  })

  it('shows every other chapter in its EPUB view and its Print view', async () => {
    for (const { slug, title } of others) {
      await page.goto(`${server.url}epub/ch-${slug}`, { waitUntil: 'load' })
      const frame = await (await page.waitForSelector('iframe.phone'))!.contentFrame()
      await frame.waitForFunction(() => location.href !== 'about:blank' && document.readyState === 'complete', { timeout: 30_000 })
      expect(await frame.evaluate(() => document.querySelector('h1')?.textContent)).toBe(title)
      // A valid chapter lists no problems and is shown as it is now.
      expect(await page.$('.problems, .shown-note')).toBeNull()

      await page.goto(`${server.url}print/ch-${slug}`, { waitUntil: 'load', timeout: 120_000 })
      const pages = await page.$$eval('figure[data-folio] img', (images) => images.map((image) => ({ loaded: (image as HTMLImageElement).naturalWidth, alt: image.getAttribute('alt') })))
      expect(pages.length).toBeGreaterThan(0)
      expect(pages[0]!.loaded).toBe(576)
      expect(pages[0]!.alt).toContain(title)
    }
  }, 240_000)

  it('shows the draft: its problems, each linking to its line, and its text as far as it renders', async () => {
    await page.goto(`${server.url}draft/${encodeURIComponent(draftFile)}`, { waitUntil: 'load' })
    const problems = await page.$$eval('.problems li', (items) =>
      items.map((item) => ({ href: item.querySelector('a.where')!.getAttribute('href'), text: (item as HTMLElement).innerText, excerpt: item.querySelector('.excerpt')?.textContent ?? '' })),
    )
    expect(problems.map((problem) => Number(/#L(\d+)$/.exec(problem.href!)?.[1]))).toEqual(todoLines())
    for (const problem of problems) {
      expect(problem.text).toMatch(/Placeholder `TODO` left in the chapter \[s-006\]/)
      // The line itself, as the file has it: the editor sees which TODO without an editor open.
      const line = Number(/#L(\d+)$/.exec(problem.href!)![1])
      expect(problem.excerpt).toContain(draftText.split('\n')[line - 1]!.trim())
    }
    // The draft never claims a preview: it is not in the EPUB, and says so.
    expect(await page.$eval('.shown-note', (note) => note.textContent)).toMatch(/^Not in the EPUB or print yet: this chapter has not been valid since the preview started\./)
    expect(await page.$$eval('#springboard-dev-problems', (banners) => banners.map((banner) => (banner as HTMLElement).innerText).join(''))).not.toMatch(/last good preview/)

    const frame = await (await page.waitForSelector('iframe.draft'))!.contentFrame()
    await frame.waitForFunction(() => document.readyState === 'complete' && document.body?.innerText.length > 0, { timeout: 30_000 })
    const text = await frame.evaluate(() => document.body.innerText)
    expect(text).toContain('Phlebotomist')
    expect(text).toMatch(/Description/i)
    expect(text).toContain('TODO: what people in this job do, and where they work.')
    // The draft's own text is served sandboxed: no script, the preview's origin not its own.
    const served = await fetch(`${server.url}draft-text/${encodeURIComponent(draftFile)}`)
    expect(served.headers.get('content-security-policy')).toMatch(/^sandbox;/)

    // Following a problem's link shows the file at that line, with the problem under it.
    const first = problems[0]!
    await page.goto(`${server.url}${first.href!.slice(1)}`, { waitUntil: 'load' })
    const target = await page.$eval(`#L${todoLines()[0]}`, (line) => (line as HTMLElement).innerText)
    expect(target).toContain(draftText.split('\n')[todoLines()[0]! - 1]!.trim())
    expect(target).toMatch(/error Placeholder `TODO` left in the chapter \[s-006\]/)
  }, 120_000)

  it('shows the handout view: the real one-page PDF, its page, and what it leaves out', async () => {
    const { slug, title } = others[1]!
    await page.goto(`${server.url}handout/ch-${slug}?volume=complete`, { waitUntil: 'load', timeout: 180_000 })
    const shown = await page.$eval('main.handout img', (image) => ({ width: (image as HTMLImageElement).naturalWidth, height: (image as HTMLImageElement).naturalHeight, alt: image.getAttribute('alt')! }))
    // US Letter at 96 px per inch; the page's text is the handout's.
    expect(shown).toMatchObject({ width: 816, height: 1056 })
    expect(shown.alt).toMatch(new RegExp(`^The handout: CAREER PROFILE ${title} `))
    const section = (heading: string) => page.$eval(`section[aria-labelledby="${heading}"]`, (element) => (element as HTMLElement).innerText)
    // validChapter's Education section is not on a handout: by design.
    expect(await section('left-out-heading')).toMatch(/Education: the whole section \(1 paragraph, \d+ words\)/)
    // The fidelity audit of the handout's own print finds everything its design takes.
    expect(await section('audit-heading')).toMatch(/Everything the handout’s design takes from the chapter is on the page/)

    const pdfHref = await page.$eval('a[href$=".pdf"]', (a) => a.getAttribute('href')!)
    const pdf = Buffer.from(await (await fetch(new URL(pdfHref, server.url))).arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const file = path.join(root, '.springboard-cache', 'handout-check.pdf')
    await import('node:fs/promises').then(({ writeFile }) => writeFile(file, pdf))
    const info = (await run('pdfinfo', [file])).stdout
    expect(info).toMatch(/^Pages:\s+1$/m)
    expect(info).toMatch(/^Page size:\s+612 x 792 pts \(letter\)/m)
    expect((await run('pdftotext', [file, '-'])).stdout).toContain(title)

    // The draft has no handout: it is not in the preview's books.
    expect((await fetch(`${server.url}handout/ch-phlebotomist`)).status).toBe(404)

    // A chapter whose handout is full (a-006's golden fixture): the audit's warning, as `build` gives it.
    // A week of its own, after the others'.
    const fixture = await readFile(path.join(projectRoot, 'test/fixtures/rules/a-006/chapters/2026-01-05-director-of-health-information.md'), 'utf8')
    const full = 'chapters/2026-01-19-director-of-health-information.md'
    // Off the preview first: its page reloads itself on a rebuild, which would cut the next navigation short.
    await page.goto('about:blank')
    try {
      await rebuilt(() => writeFile(path.join(root, full), fixture.replace('published: 2026-01-05', 'published: 2026-01-19')))
      await page.goto(`${server.url}handout/ch-director-of-health-information?volume=complete`, { waitUntil: 'load', timeout: 180_000 })
      expect(await section('audit-heading')).toMatch(/The handout leaves out its excerpts \(The job, Pay, Outlook\): the page is full; the title takes 3 lines.* \[a-006\]/)
    } finally {
      await page.goto('about:blank')
      await rebuilt(() => rm(path.join(root, full)))
    }
  }, 360_000)

  it('lays the handouts out after a rebuild, as `check` does: a handout too long for its page is an error in the contents (p-001)', async () => {
    const fixture = await readFile(path.join(projectRoot, 'test/fixtures/rules/p-001/chapters/2026-01-05-medical-records-director.md'), 'utf8')
    const long = 'chapters/2026-01-19-health-records-auditor.md'
    // The contents stay open: the page makes itself again when the rebuild comes, and when its handouts' layout finds more.
    await page.goto(server.url, { waitUntil: 'load' })
    try {
      await rebuilt(() => writeFile(path.join(root, long), fixture.replace('title: Medical Records Director', 'title: Health Records Auditor').replace('published: 2026-01-05', 'published: 2026-01-19')))
      // The rebuild is shown at once; its handouts are laid out after it, in the preview's browser.
      await expect.poll(() => server.state().handouts, { timeout: 180_000, interval: 200 }).toBe('checked')
      const state = server.state()
      expect(state.ok).toBe(false)
      expect(state.messages.filter((message) => message.file === long).map((message) => `${message.line}:${message.column} ${message.severity} ${message.message} [${message.rule}]`)).toEqual([
        '13:1 error The handout for `Health Records Auditor` takes 2 pages; it must fit on one US Letter page (8.5 × 11 in) [p-001]',
      ])
      expect(state.handoutsNote).toMatch(/checked against their page: 1 laid out in Chromium, \d+ unchanged since they were/)
      const status = () => page.$eval(`tr[data-file="${long}"] .status`, (element) => (element as HTMLElement).innerText).catch(() => 'reloading')
      await expect.poll(status, { timeout: 30_000, interval: 200 }).toBe('1 error')
      expect(await page.$eval('p.handouts', (element) => (element as HTMLElement).innerText)).toMatch(/^Handouts: \d+ checked against their page/)
    } finally {
      await page.goto('about:blank')
      await rebuilt(() => rm(path.join(root, long)))
    }
    // Without it, the book's handouts all fit again, and no browser is needed for them: all known.
    await expect.poll(() => server.state().handouts, { timeout: 60_000, interval: 200 }).toBe('checked')
    expect(server.state().messages.filter((message) => message.rule === 'p-001')).toEqual([])
    expect(server.state().handoutsNote).toMatch(/all unchanged since they were laid out: no browser started/)
  }, 360_000)

  it("shows a draft's markup as text: nothing in a chapter runs in the preview", async () => {
    const hostile = path.join(root, 'chapters/2026-01-26-hostile.md')
    const trap = (n: number) => `<img src=x onerror="window.top.pwned=${n}">`
    const before = server.state().version
    await writeFile(
      hostile,
      `---\ntitle: '${trap(1)}<script>window.top.pwned=2</script>'\npublished: 2026-01-26\nsummary: TODO\n---\n\n## Description\n\nTODO ${trap(3)} <script>window.top.pwned=4</script>\n`,
    )
    try {
      await expect.poll(() => server.state().version, { timeout: 30_000 }).toBeGreaterThan(before)
      await settled()
      const name = 'chapters/2026-01-26-hostile.md'
      // On every page that shows it: the image's error (before `load`) would have run its handler.
      const ran = () => page.evaluate(() => (window as unknown as { pwned?: number }).pwned)
      await page.goto(server.url, { waitUntil: 'load' })
      expect(await ran()).toBeUndefined()
      expect(await page.$eval(`tr[data-file="${name}"] td.title`, (cell) => (cell as HTMLElement).innerText)).toContain(`${trap(1)}<script>window.top.pwned=2</script>`)
      await page.goto(`${server.url}draft/${encodeURIComponent(name)}`, { waitUntil: 'load' })
      const frame = await (await page.waitForSelector('iframe.draft'))!.contentFrame()
      await frame.waitForFunction(() => document.readyState === 'complete' && document.body?.innerText.length > 0, { timeout: 30_000 })
      expect(await ran()).toBeUndefined()
      expect(await page.$eval('.problems', (list) => (list as HTMLElement).innerText)).toContain('<script>window.top.pwned=4</script>')
      await page.goto(`${server.url}source/${encodeURIComponent(name)}`, { waitUntil: 'load' })
      expect(await page.$eval('#L2', (line) => (line as HTMLElement).innerText)).toContain('<script>window.top.pwned=2</script>')
      expect(await ran()).toBeUndefined()
    } finally {
      await rm(hostile)
    }
  }, 120_000)
})
