/**
 * The transform stage's output is serialized once; links to other chapters
 * and images get each output's addresses in serializeBody. These check the
 * addressing itself, for two outputs that place things differently.
 */
import path from 'node:path'
import { rm } from 'node:fs/promises'
import { VFile } from 'vfile'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeBody, transformBody, type OutputTarget } from '../src/transform/index.ts'
import { parseMarkdown } from '../src/parse/index.ts'
import { typesetMeta } from '../src/transform/plugins/typography.ts'
import { makeBook } from './helpers/book.ts'
import { dotPng } from './helpers/hostile.ts'

let root: string
beforeAll(async () => {
  root = await makeBook({}, { files: { 'assets/dot.png': dotPng, 'assets/other dot.png': dotPng } })
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const epubLike: OutputTarget = { chapterHref: (slug) => `ch-${slug}.xhtml`, imageSrc: (image) => `images/${path.basename(image.projectPath)}` }
const printLike: OutputTarget = { chapterHref: (slug) => `#ch-${slug}`, imageSrc: (image) => `file:///book/${image.projectPath}?a=1&b="2"` }

function transform(markdown: string) {
  const file = new VFile({ path: path.join(root, 'chapters', '2026-01-05-one.md'), cwd: root, value: markdown })
  const chapterSlugs = new Map([
    [file.path, 'one'],
    [path.join(root, 'chapters', '2026-01-12-two.md'), 'two'],
    [path.join(root, 'chapters', '2026-01-19-three.md'), 'three'],
  ])
  return { file, transformed: transformBody(file, 'ch-one', parseMarkdown(file), { root, chapterSlugs }) }
}

describe('serializeBody', () => {
  const markdown = [
    'See [two](2026-01-12-two.md), [three](./2026-01-19-three.md) and [two again](2026-01-12-two.md).',
    '',
    '![A dot](../assets/dot.png) ![Another dot](<../assets/other dot.png>)',
    '',
    'A footnote links to [three](2026-01-19-three.md) too.[^1]',
    '',
    '[^1]: As does [this one](2026-01-12-two.md).',
    '',
  ].join('\n')

  it('gives each output its own addresses for chapters and images, in the text and in the notes', () => {
    const { file, transformed } = transform(markdown)
    expect(file.messages).toEqual([])
    const epub = serializeBody(transformed, epubLike)
    expect(epub.html).toContain('<a href="ch-two.xhtml">two</a>')
    expect(epub.html).toContain('<a href="ch-three.xhtml">three</a>')
    expect(epub.html).toContain('<a href="ch-two.xhtml">two again</a>')
    expect(epub.html).toContain('src="images/dot.png"')
    expect(epub.html).toContain('src="images/other dot.png"')
    expect(epub.notes).toContain('<a href="ch-two.xhtml">this one</a>')

    const print = serializeBody(transformed, printLike)
    expect(print.html).toContain('<a href="#ch-two">two</a>')
    expect(print.html).toContain('<a href="#ch-three">three</a>')
    // Addresses are escaped for an XML attribute.
    expect(print.html).toContain('src="file:///book/assets/dot.png?a=1&#x26;b=&#x22;2&#x22;"')
    expect(print.notes).toContain('<a href="#ch-two">this one</a>')
    // Nothing of the placeholders is left in either.
    expect(epub.html + epub.notes + print.html + print.notes).not.toContain('springboard-target')
  })

  it('is the same for the same body and output, made afresh or taken from the cache, and its own for each output', () => {
    const first = transform(markdown).transformed
    const once = serializeBody(first, epubLike)
    // The same Markdown transformed again: nothing cached, and nothing may differ (watch mode rebuilds).
    expect(serializeBody(transform(markdown).transformed, epubLike)).toEqual(once)
    expect(serializeBody(first, epubLike)).toEqual(once)
    // The cache keeps outputs apart.
    const print = serializeBody(first, printLike)
    expect(print.html).toContain('<a href="#ch-two">two</a>')
    expect(print.html).not.toContain('ch-two.xhtml')
    expect(serializeBody(first, epubLike)).toEqual(once)
  })

  it('leaves text and links that only look like its placeholders alone', () => {
    const lookalike = 'Text: <a href="springboard-target:chapter:0"> and `<img src="springboard-target:image:0">`.'
    const { transformed } = transform(`${lookalike}\n\n[a link](springboard-target:chapter:0)\n`)
    const { html } = serializeBody(transformed, epubLike)
    expect(html).not.toContain('ch-two.xhtml')
    expect(html).not.toContain('ch-one.xhtml')
    // The author's link with that scheme is not a link to a chapter (the sanitizer drops the unknown scheme).
    expect(html).not.toMatch(/href="[^"]*ch-/)
  })
})

describe('typography', () => {
  const markdown = [
    `"Quoted," she said -- it's 1990--2000 --- and so on... 'Single' too.`,
    '',
    "Code stays: `don't -- \"touch\"...` and [a \"link\"](https://example.com/a--b...c) and <https://example.com/x--y> and www.example.com/p--q.",
    '',
    '```',
    'const a = "x" -- \'y\'...',
    '```',
    '',
  ].join('\n')

  it('makes quotes curly and dashes and ellipses typographic in text, never in code, URLs or autolinks', () => {
    const { html } = serializeBody(transform(markdown).transformed, epubLike)
    expect(html).toContain('“Quoted,” she said – it’s 1990–2000 — and so on… ‘Single’ too.')
    expect(html).toContain(`<code>don't -- "touch"...</code>`)
    expect(html).toContain('<a href="https://example.com/a--b...c">a “link”</a>')
    expect(html).toContain('<a href="https://example.com/x--y">https://example.com/x--y</a>')
    expect(html).toContain('<a href="http://www.example.com/p--q">www.example.com/p--q</a>')
    expect(html).toContain(`<code>const a = "x" -- 'y'...\n</code>`)
  })

  it('typesets the printed front matter, and leaves dates, numbers and addresses as written', () => {
    const meta = {
      title: `Director's "Choice"`,
      published: '2026-01-05',
      summary: 'Runs records -- and people...',
      category: 'Records',
      degree: "Bachelor's degree",
      certifications: ["Administrator's license"],
      salary: { min: 1, max: 2, currency: 'USD', per: 'year' as const },
      competencies: ['Planning --- and budgets'],
      resources: [{ name: `"AHIMA"`, url: "https://example.org/it's--here" }],
    }
    expect(typesetMeta(meta)).toEqual({
      ...meta,
      title: 'Director’s “Choice”',
      summary: 'Runs records – and people…',
      degree: 'Bachelor’s degree',
      certifications: ['Administrator’s license'],
      competencies: ['Planning — and budgets'],
      resources: [{ name: '“AHIMA”', url: "https://example.org/it's--here" }],
    })
  })
})
