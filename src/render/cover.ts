/**
 * The front cover when the config names no cover art: templates/cover.html
 * rendered by Chromium at 1600 × 2560 px, KDP's recommended size and shape.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'puppeteer'
import type { BookConfig, Volume } from '../config/index.ts'
import type { BrowserSession } from '../browser/index.ts'
import { installFonts, sansFamily, serifFamily } from './fonts.ts'
import type { Templates } from './templates.ts'

export const coverSize = { width: 1600, height: 2560 } as const

export async function renderCover(input: {
  config: BookConfig
  volume: Volume
  templates: Templates
  session: BrowserSession
  /** A private folder for this render; the page may load files only from here. */
  workDir: string
}): Promise<Buffer> {
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
  try {
    await page.setViewport({ ...coverSize, deviceScaleFactor: 1 })
    await page.goto(`file://${htmlPath}`, { waitUntil: 'load' })
    await assertFontsLoaded(page, [`700 100px "${serifFamily}"`, `italic 400 50px "${serifFamily}"`, `400 50px "${sansFamily}"`])
    const image = await page.screenshot({ type: 'jpeg', quality: 90, clip: { x: 0, y: 0, ...coverSize } })
    return Buffer.from(image)
  } finally {
    await page.close()
  }
}

/**
 * Chromium prints and paints with a fallback font, or nothing, when a web
 * font fails to load, and says nothing. Fail loudly instead.
 */
export async function assertFontsLoaded(page: Page, fonts: readonly string[]): Promise<void> {
  const missing = await page.evaluate(async (specs: readonly string[]) => {
    await document.fonts.ready
    const failed: string[] = []
    for (const spec of specs) {
      const faces = await document.fonts.load(spec, 'Aa')
      if (faces.length === 0 || faces.some((face) => face.status !== 'loaded')) failed.push(spec)
    }
    return failed
  }, fonts)
  if (missing.length > 0) {
    throw new Error(`Web fonts did not load: ${missing.join(', ')}`)
  }
}
