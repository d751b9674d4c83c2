/**
 * Issue 23's defects of the build cache that need no printing, each as it was
 * found: a cached build (the disk cache, and the dev server's memory cache)
 * must give what a build with `--no-cache` gives, byte for byte. Only public
 * entry points (buildBook, startDevServer), so that the same file runs against
 * an older version of the program. The printed ones: cache-defects.e2e.test.ts.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { startDevServer } from '../src/dev/server.ts'
import { flattenMessages } from '../src/report/messages.ts'
import { makeBook, projectRoot, validChapter } from './helpers/book.ts'

const roots: string[] = []
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))))

const png = (width: number, height: number, colour: string) => sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer()

async function book(): Promise<string> {
  const chart = await readFile(path.join(projectRoot, 'test/fixtures/chart.png'))
  const root = await makeBook(
    {
      '2026-01-05-first.md': validChapter({ title: 'First', published: '2026-01-05', append: '\n\n![A chart of pay](chart.png)\n' }),
      '2026-01-12-second.md': validChapter({ title: 'Second', published: '2026-01-12' }),
    },
    { files: { 'assets/chart.png': chart } },
  )
  roots.push(root)
  return root
}

/** Every file a build wrote, by path, and its messages. */
async function build(root: string, out: string, cache: boolean) {
  const result = await buildBook({ root, out: path.join(root, out), formats: ['epub'], cache, env: { SOURCE_DATE_EPOCH: '1767225600' } })
  const files: Record<string, Buffer> = {}
  for (const name of result.ok ? await readdir(path.join(root, out), { recursive: true }) : []) {
    if (name.endsWith('.epub')) files[name] = await readFile(path.join(root, out, name))
  }
  return { ok: result.ok, files, messages: flattenMessages(result.files, root).map((message) => `${message.rule} ${message.file}:${message.line}`).sort() }
}

describe('issue 23: cached equals --no-cache', () => {
  it('defect 4: a new image that shadows the one a cached chapter shows is the one shipped (chapters/x.png before assets/x.png)', async () => {
    const root = await book()
    expect((await build(root, 'first', true)).ok).toBe(true)
    await writeFile(path.join(root, 'chapters', 'chart.png'), await png(600, 300, '#3060c0'))
    const cached = await build(root, 'cached', true)
    const fresh = await build(root, 'fresh', false)
    expect(cached.messages).toEqual(fresh.messages)
    expect(cached.files).toEqual(fresh.files)
  }, 120_000)

  it('defect 3: the dev server reports an image removed from under an unchanged chapter (i-001), as --no-cache does, and recovers', async () => {
    const root = await book()
    const server = await startDevServer({ root, port: 0, out: path.join(root, 'preview'), env: { SOURCE_DATE_EPOCH: '1767225600' }, layout: false })
    try {
      expect(server.state().ok).toBe(true)
      await rm(path.join(root, 'assets', 'chart.png'))
      const state = await server.rebuild()
      const fresh = await build(root, 'fresh', false)
      expect(fresh.messages.some((message) => message.startsWith('i-001'))).toBe(true)
      expect(state.ok).toBe(false)
      expect(state.messages.map((message) => `${message.rule} ${message.file}:${message.line}`).sort()).toEqual(fresh.messages)
      // The image back, with other bytes: the preview shows it, as a clean build does.
      await writeFile(path.join(root, 'assets', 'chart.png'), await png(500, 250, '#c03060'))
      expect((await server.rebuild()).ok).toBe(true)
      const clean = await build(root, 'clean', false)
      expect(await readFile(path.join(root, 'preview/complete/test-careers.epub'))).toEqual(clean.files['complete/test-careers.epub'])
    } finally {
      await server.close()
    }
  }, 120_000)
})
