/**
 * Stage 5, package (EPUB cover): the front cover when the config names no
 * cover art, templates/cover.html rendered by Chromium at 1600 × 2560 px
 * (KDP's recommended size and shape) as a JPEG. Every browser step is
 * bounded like the PDF's (browser/page.ts): a crash, a hang or fonts that
 * do not load are EnvironmentErrors.
 */
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { BrowserSession } from '../browser/index.ts'
import { closeQuietly, defaultBrowserTimeoutMs, guard, loadFile, type Deadline } from '../browser/page.ts'
import type { BookConfig, Volume } from '../config/index.ts'
import { installFonts, sansFamily, serifFamily } from '../render/fonts.ts'
import type { Templates } from '../render/templates.ts'

export const coverSize = { width: 1600, height: 2560 } as const

/** The faces templates/cover.html uses. */
const coverFontSpecs = [`700 100px "${serifFamily}"`, `italic 400 50px "${serifFamily}"`, `400 50px "${sansFamily}"`]

export interface CoverInput {
  config: BookConfig
  volume: Volume
  templates: Templates
  session: BrowserSession
  /** A private folder for this render; the page may load files only from here. */
  workDir: string
  /** How long one browser step may take (default ten minutes). */
  timeoutMs?: number
}

export async function renderCover(input: CoverInput): Promise<Buffer> {
  const { config, volume, templates, session, workDir } = input
  await mkdir(workDir, { recursive: true })
  const fontFaces = await installFonts(workDir)
  const html = templates.render('cover.html', {
    lang: config.language,
    title: volume.title,
    subtitle: volume.subtitle ?? '',
    editors: config.editors,
    publisher: config.publisher,
    volumeLabel: 'SpringBoard career profiles',
    careers: volume.chapters.map((chapter) => chapter.meta.title),
    fontFaces,
  })
  const htmlPath = path.join(workDir, 'cover.html')
  await writeFile(htmlPath, html)

  const page = await session.newPage(workDir)
  const deadline: Deadline = { session, timeoutMs: input.timeoutMs ?? defaultBrowserTimeoutMs }
  const what = 'rendering the cover'
  try {
    await guard(deadline, page, what, page.setViewport({ ...coverSize, deviceScaleFactor: 1 }))
    await loadFile(page, htmlPath, deadline, what, coverFontSpecs)
    const image = await guard(deadline, page, what, page.screenshot({ type: 'jpeg', quality: 90, clip: { x: 0, y: 0, ...coverSize } }))
    return Buffer.from(image)
  } finally {
    await closeQuietly(page)
  }
}

/**
 * The cover as a JPEG file under `workDir`. With a `cache` (the dev server
 * keeps one between rebuilds) a cover is rendered once for the titles it
 * shows and the template it is drawn from.
 */
export async function renderCoverFile(input: CoverInput & { cache?: Map<string, string> }): Promise<string> {
  const { volume, templates } = input
  const key = createHash('sha256').update(JSON.stringify([volume.title, volume.subtitle, volume.chapters.map((c) => c.meta.title), templates.read('cover.html')])).digest('hex')
  const cached = input.cache?.get(key)
  if (cached) return cached
  const dir = path.join(input.workDir, key.slice(0, 16))
  const image = await renderCover({ ...input, workDir: dir })
  const file = path.join(dir, 'cover.jpg')
  await writeFile(file, image)
  input.cache?.set(key, file)
  return file
}
