/**
 * Issue 22, the attack suite: images. Decompression bombs, huge dimensions,
 * damaged PNG, JPEG and GIF files, wrong extensions, and SVGs with scripts,
 * handlers, foreign objects, external entities, billion laughs and
 * references to files and web addresses. Each is found by `check` and
 * reported at the image's place in the chapter (never a crash in a later
 * stage); what an SVG may keep is all that reaches the EPUB. No browser, no
 * Java: the print path and EPUBCheck are in attack-images.e2e.test.ts.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanSvg } from '../src/images/svg.ts'
import { makeBook, validChapter } from './helpers/book.ts'
import { positionOf, runCli } from './helpers/cli.ts'
import { hostileImages, hostileSvgs, type HostileImage } from './helpers/hostile.ts'
import { parseXml } from './helpers/xhtml.ts'

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

/** A chapter showing `files` (in assets/), one image to a paragraph. */
function chapterShowing(files: readonly string[]): string {
  return validChapter({ append: `\n${files.map((file, index) => `Figure ${index + 1}:\n\n![Figure ${index + 1}](../assets/${file})\n`).join('\n')}` })
}

describe('bad images: each a located error in check, none reaching a later stage', () => {
  let images: HostileImage[]
  let root: string
  let chapter: string
  let check: Awaited<ReturnType<typeof runCli>>

  beforeAll(async () => {
    images = await hostileImages()
    chapter = chapterShowing(images.map((image) => image.file))
    root = await makeBook({ '2026-01-05-medical-records-director.md': chapter }, { files: Object.fromEntries(images.map((image) => [`assets/${image.file}`, image.data])) })
    roots.push(root)
    check = await runCli(['check', '--no-layout', '--root', root, '--no-cache'])
  }, 120_000)

  it('check exits 1 and reports every one of them at once', () => {
    expect(check.code).toBe(1)
    expect(check.stderr).toMatch(new RegExp(`^${images.length} errors, \\d+ warnings?$`, 'm'))
  })

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])('image %i: its rule and reason, at the image in the chapter', (index) => {
    const image = images[index]!
    const { line, column } = positionOf(chapter, `![Figure ${index + 1}]`)
    const reported = check.stderr.split('\n').find((text) => text.includes(`The image \`../assets/${image.file}\` cannot be used`))
    expect(reported, `${image.name}\n${check.stderr}`).toBeDefined()
    expect(reported).toMatch(new RegExp(`^chapters/2026-01-05-medical-records-director\\.md:${line}:${column}: error `))
    expect(reported).toMatch(image.reason)
    expect(reported!.endsWith(`[${image.rule}]`)).toBe(true)
  })

  it('defect 6 (images): an EPUB build stops at the check (exit 1, not 70 in sharp), writing nothing', async () => {
    const run = await runCli(['build', '--format', 'epub', '--root', root])
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).not.toMatch(/internal error|exceeds pixel limit/)
    await expect(readFile(path.join(root, 'dist'))).rejects.toThrow(/ENOENT/)
  }, 120_000)

  it('a bad image in a chapter that also fails otherwise is reported too', async () => {
    const bomb = images[0]!
    const text = chapterShowing([bomb.file]).replace('title: Medical Records Director', 'title: ')
    const broken = await makeBook({ '2026-01-05-medical-records-director.md': text }, { files: { [`assets/${bomb.file}`]: bomb.data } })
    roots.push(broken)
    const run = await runCli(['check', '--no-layout', '--root', broken])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('[i-012]')
    expect(run.stderr).toContain('[m-')
  })
})

describe('SVG images', () => {
  describe.each(hostileSvgs.filter((svg) => svg.refused))('refused: $name', (hostile) => {
    it('is i-013 at the image in the chapter; check ends (no entity is expanded, nothing is fetched)', async () => {
      const chapter = chapterShowing(['drawing.svg'])
      const root = await makeBook({ '2026-01-05-medical-records-director.md': chapter }, { files: { 'assets/drawing.svg': hostile.svg } })
      roots.push(root)
      const run = await runCli(['check', '--no-layout', '--root', root])
      expect(run.code).toBe(1)
      const { line, column } = positionOf(chapter, '![Figure 1]')
      const reported = run.stderr.split('\n').find((text) => text.includes('[i-013]'))
      expect(reported, run.stderr).toMatch(new RegExp(`^chapters/2026-01-05-medical-records-director\\.md:${line}:${column}: error The image \`\\.\\./assets/drawing\\.svg\` cannot be used: `))
      expect(reported).toMatch(hostile.refused!)
    })
  })

  describe('cleaned, with a warning: the EPUB carries only the drawing', () => {
    const cleaned = hostileSvgs.filter((svg) => svg.removed)
    let root: string
    let build: Awaited<ReturnType<typeof runCli>>
    const carried = new Map<string, string>()

    beforeAll(async () => {
      const files = cleaned.map((_, index) => `drawing-${index + 1}.svg`)
      root = await makeBook(
        { '2026-01-05-medical-records-director.md': chapterShowing(files) },
        { files: Object.fromEntries(cleaned.map((svg, index) => [`assets/${files[index]}`, svg.svg])) },
      )
      roots.push(root)
      build = await runCli(['build', '--format', 'epub', '--root', root])
      const zip = await JSZip.loadAsync(await readFile(path.join(root, 'dist/complete/test-careers.epub')))
      for (const name of Object.keys(zip.files).filter((name) => name.endsWith('.svg'))) carried.set(name, await zip.file(name)!.async('string'))
    }, 120_000)

    it('the build succeeds with one i-014 warning per drawing', () => {
      expect(build.code, build.stderr).toBe(0)
      expect(build.stderr.split('\n').filter((text) => text.includes('[i-014]'))).toHaveLength(cleaned.length)
    })

    it.each(cleaned.map((svg, index) => [svg.name, index] as const))('%s: the warning names what was removed', (_name, index) => {
      const warning = build.stderr.split('\n').find((text) => text.includes(`Removed from the SVG \`../assets/drawing-${index + 1}.svg\``))
      expect(warning, build.stderr).toMatch(cleaned[index]!.removed!)
    })

    it('every SVG in the EPUB is well-formed, keeps its shapes, and holds nothing active or outside', () => {
      expect(carried.size).toBe(cleaned.length)
      for (const [name, svg] of carried) {
        const parsed = parseXml(svg)
        expect(parsed.errors, name).toEqual([])
        expect(parsed.root?.name, name).toBe('svg')
        expect(parsed.elements.some((element) => element.name === 'rect'), name).toBe(true)
        const names = new Set(parsed.elements.map((element) => element.name.replace(/^.*:/, '')))
        for (const banned of ['script', 'foreignObject', 'iframe', 'image', 'set', 'animate', 'a', 'body']) expect(names.has(banned), `${name}: <${banned}>`).toBe(false)
        for (const element of parsed.elements) {
          for (const [attribute, value] of Object.entries(element.attributes)) {
            expect(attribute, name).not.toMatch(/^on/i)
            if (/href$/.test(attribute) && !/^xmlns/.test(attribute)) expect(value, `${name} ${attribute}`).toMatch(/^#/)
            expect(value, `${name} ${attribute}`).not.toMatch(/javascript:|https?:\/\/(?!www\.w3\.org\/)|file:/i)
          }
        }
        expect(svg).not.toMatch(/<!DOCTYPE|<!ENTITY|<\?xml-stylesheet|@import|alert\(/)
      }
    })
  })

  it('a drawing that opens with a long comment is still known as an SVG by its content', async () => {
    const drawing = `<?xml version="1.0"?>\n<!-- ${'Exported by a drawing program. '.repeat(400)} -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>\n`
    const root = await makeBook({ '2026-01-05-medical-records-director.md': chapterShowing(['long.svg']) }, { files: { 'assets/long.svg': drawing } })
    roots.push(root)
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('')
  })

  it('an ordinary drawing passes unchanged in substance and without a warning', () => {
    const drawing = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Made by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="400" height="200" viewBox="0 0 400 200" inkscape:version="1.3">
  <title>Median pay by setting</title>
  <defs><linearGradient id="fade"><stop offset="0" stop-color="#8ab"/><stop offset="1" stop-color="#fff"/></linearGradient><path id="baseline" d="M 10 190 L 390 190"/></defs>
  <style>.bar { fill: url(#fade); } text { font-family: "Source Sans 3", sans-serif }</style>
  <g class="bar" inkscape:label="bars"><rect x="20" y="40" width="60" height="150"/><rect x="100" y="80" width="60" height="110"/></g>
  <use xlink:href="#baseline" stroke="#333"/>
  <text x="20" y="30" font-size="14">Hospitals &amp; clinics</text>
</svg>
`
    const result = cleanSvg(new TextEncoder().encode(drawing))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.removed).toEqual([])
    const parsed = parseXml(result.svg)
    expect(parsed.errors).toEqual([])
    expect(parsed.elements.map((element) => element.name)).toEqual(['svg', 'title', 'defs', 'linearGradient', 'stop', 'stop', 'path', 'style', 'g', 'rect', 'rect', 'use', 'text'])
    expect(result.svg).toContain('xlink:href="#baseline"')
    expect(result.svg).toContain('fill: url(#fade)')
    expect(result.svg).toContain('Hospitals &#x26; clinics')
    expect(result.svg).not.toContain('inkscape')
  })
})
