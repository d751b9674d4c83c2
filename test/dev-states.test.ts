/**
 * What the preview says it shows (issue 25), without a browser: every valid
 * chapter whatever state the others are in; a preview from an earlier
 * rebuild said to be one; none at all never presented as a last good one.
 * The pages' look and the banner in Chromium: dev.e2e and dev-draft.e2e.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from '../src/dev/server.ts'
import { newChapter } from '../src/new.ts'
import { makeBook, validChapter, validConfig } from './helpers/book.ts'

const roots: string[] = []
const servers: DevServer[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})

async function start(chapters: Record<string, string>, config = validConfig): Promise<{ root: string; server: DevServer; get: (at: string) => Promise<{ status: number; text: string; headers: Headers }> }> {
  const root = await makeBook(chapters, { config })
  roots.push(root)
  const server = await startDevServer({ root, port: 0, layout: false })
  servers.push(server)
  const get = async (at: string) => {
    const response = await fetch(new URL(at, server.url))
    return { status: response.status, text: await response.text(), headers: response.headers }
  }
  return { root, server, get }
}

describe('the preview while a chapter is half-written', () => {
  it('shows every valid chapter beside a fresh `new` draft, and the draft with its problems', async () => {
    const { root, server, get } = await start({ '2026-01-05-medical-records-director.md': validChapter() })
    const file = await newChapter({ root, title: 'Phlebotomist' })
    const name = `chapters/${path.basename(file)}`
    const todos = (await readFile(file, 'utf8')).split('\n').filter((line) => /\bTODO\b/.test(line)).length
    const state = await server.rebuild()
    expect(state).toMatchObject({ ok: false, preview: 'partial' })

    const contents = (await get('/')).text
    expect(contents).toContain('href="/epub/ch-medical-records-director?volume=complete"')
    expect(contents).toContain(`<span class="status draft">draft: ${todos} TODOs</span>`)
    expect(contents).toContain('Drafts: not in the EPUB or print until their problems are fixed')
    expect(contents).not.toMatch(/last good preview|earlier rebuild/)
    expect((await get('/epub/ch-medical-records-director')).status).toBe(200)
    expect((await get('/epub/ch-phlebotomist')).status).toBe(404)

    const draft = await get(`/draft/${encodeURIComponent(name)}`)
    expect(draft.status).toBe(200)
    expect(draft.text.match(/<li class="problem error">/g)).toHaveLength(todos)
    const text = await get(`/draft-text/${encodeURIComponent(name)}`)
    expect(text.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/)
    expect(text.text).toContain('TODO: what people in this job do, and where they work.')

    // Written out: the draft's page (reloaded by the rebuild) goes on to its EPUB view.
    await writeFile(file, validChapter({ title: 'Phlebotomist', published: path.basename(file).slice(0, 10) }))
    expect(await server.rebuild()).toMatchObject({ ok: true, preview: 'current' })
    const done = await fetch(new URL(`/draft/${encodeURIComponent(name)}`, server.url))
    expect(new URL(done.url).pathname + new URL(done.url).search).toBe('/epub/ch-phlebotomist?volume=complete')
    expect(done.status).toBe(200)
  })

  it('says the views come from an earlier rebuild when the latest could not make the books', async () => {
    const { root, server, get } = await start({ '2026-01-05-medical-records-director.md': validChapter() })
    expect(server.state()).toMatchObject({ ok: true, preview: 'current' })
    await writeFile(path.join(root, 'springboard.yaml'), 'title: [unclosed\n')
    await writeFile(path.join(root, 'chapters/2026-01-12-nurse.md'), validChapter({ published: '2026-01-12', title: 'Nurse' }))
    expect(await server.rebuild()).toMatchObject({ ok: false, preview: 'earlier' })
    const contents = (await get('/')).text
    expect(contents).toContain('The last rebuild could not make the books: the views show an earlier rebuild.')
    // The new chapter is valid, but in no book yet: not called a draft with problems.
    expect(contents).toContain('Not in the preview: the book could not be made since they were added or changed')
    expect((await get('/epub/ch-medical-records-director')).status).toBe(200)
  })

  it('with no preview at all, claims none', async () => {
    const { server, get } = await start({ '2026-01-05-medical-records-director.md': validChapter() }, 'title: [unclosed\n')
    expect(server.state()).toMatchObject({ ok: false, preview: 'none' })
    const page = await get('/epub/ch-medical-records-director')
    expect(page.status).toBe(503)
    expect(page.text).not.toMatch(/last good/)
    expect((await get('/')).text).toContain('No chapter has built yet')
  })
})
