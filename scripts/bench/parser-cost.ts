/**
 * What one chapter costs to check as it grows, in shapes that stress the
 * Markdown parser (micromark, through remark-parse and remark-gfm): one
 * long paragraph, many footnotes, a long table, one line dense with inline
 * markup, and for comparison many short paragraphs and a long list. Each shape at 1×, 10× and 100× of a
 * size a real chapter could have, each in a new process (so no run heats
 * the next one), timed as CPU time (user + system) after a warm-up: the
 * machine is shared, and CPU time moves less with its load than wall time.
 *
 *   node scripts/bench/parser-cost.ts            # every shape; writes bench/parser-cost.md
 *
 * "parse" is the parser alone, on the whole chapter; "check" is load, parse, validate and transform of
 * the chapter, what `springboard check` does for it, with the limits of src/load/limits.ts (a chapter
 * over one is refused before it is parsed: the last column names the rule).
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { VFile } from 'vfile'
import { makeChapters } from './generate.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const projectRoot = path.resolve(here, '../..')

const shapes = {
  'one long paragraph': { unit: 'lines', base: 200, make: (n: number) => lines(n, (i) => `Line ${i} of one long paragraph, with some words and a comma,`).join('\n') },
  'many footnotes': { unit: 'notes', base: 50, make: (n: number) => `${lines(n, (i) => `A sentence with a note.[^n${i}]`).join('\n\n')}\n\n${lines(n, (i) => `[^n${i}]: The source of note ${i}.`).join('\n')}` },
  'a long table': { unit: 'rows', base: 100, make: (n: number) => `| Setting | Median pay | Share |\n| --- | ---: | ---: |\n${lines(n, (i) => `| Setting ${i} | $${50 + (i % 40)},000 | ${i % 100} % |`).join('\n')}` },
  'one line of emphasis': { unit: 'words', base: 400, make: (n: number) => 'a *b* c '.repeat(n / 2).trimEnd() },
  'many paragraphs': { unit: 'paragraphs', base: 200, make: (n: number) => lines(n, (i) => `Paragraph ${i}, with some words and a comma, as editors write them.`).join('\n\n') },
  'a long list': { unit: 'items', base: 200, make: (n: number) => lines(n, (i) => `- Item ${i} of a list, with some words`).join('\n') },
} as const

type Shape = keyof typeof shapes

function lines(count: number, line: (index: number) => string): string[] {
  return Array.from({ length: count }, (_, index) => line(index))
}

/** A chapter of the bench's synthetic books with `body` at its end. */
function chapter(body: string): string {
  return `${makeChapters(1)[0]!.text.trimEnd()}\n\n${body}\n`
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

/** In the child: parse and check one chapter of `shape` at `count`, after a warm-up; prints JSON. */
async function measureOne(shape: Shape, count: number): Promise<void> {
  const { parseMarkdown } = await import('../../src/parse/index.ts')
  const { sourceFromBytes } = await import('../../src/load/index.ts')
  const { parseChapter } = await import('../../src/parse/index.ts')
  const { validateChapter } = await import('../../src/validate/index.ts')
  const { transformChapter } = await import('../../src/transform/index.ts')
  const { GlyphCoverage } = await import('../../src/text/glyphs.ts')
  const { fontFaces } = await import('../../src/render/fonts.ts')
  const glyphs = new GlyphCoverage(fontFaces)
  const filePath = path.join(projectRoot, 'chapters', makeChapters(1)[0]!.fileName)
  const check = (text: string) => {
    const file = new VFile({ path: filePath, cwd: projectRoot })
    const source = sourceFromBytes(file, new TextEncoder().encode(text))
    const { chapter: valid, tree } = validateChapter(source, parseChapter(source), glyphs)
    if (valid && tree) transformChapter(valid, tree, { root: projectRoot, chapterSlugs: new Map() })
    return file.messages.filter((message) => message.fatal).map((message) => `${message.ruleId}`)
  }
  const warm = chapter(shapes[shape].make(10))
  for (let run = 0; run < 3; run++) {
    parseMarkdown(new VFile({ value: warm }))
    check(warm)
  }
  const text = chapter(shapes[shape].make(count))
  let since = process.cpuUsage()
  parseMarkdown(new VFile({ value: text }))
  const parseMs = cpuMs(since)
  since = process.cpuUsage()
  const errors = check(text)
  const checkMs = cpuMs(since)
  process.stdout.write(JSON.stringify({ bytes: Buffer.byteLength(text), parseMs, checkMs, errors: [...new Set(errors)] }))
}

interface Row {
  shape: Shape
  scale: number
  count: number
  bytes?: number
  parseMs?: number
  checkMs?: number
  errors?: string[]
  failed?: string
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { one: { type: 'string' }, count: { type: 'string' }, timeout: { type: 'string', default: '600' }, out: { type: 'string' } } })
  if (values.one) return measureOne(values.one as Shape, Number(values.count))
  const rows: Row[] = []
  for (const shape of Object.keys(shapes) as Shape[]) {
    for (const scale of [1, 10, 100]) {
      const count = shapes[shape].base * scale
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', shape, '--count', String(count)], {
        encoding: 'utf8',
        timeout: Number(values.timeout) * 1000,
        maxBuffer: 1024 * 1024,
      })
      const row: Row = { shape, scale, count }
      if (child.status === 0) Object.assign(row, JSON.parse(child.stdout))
      else row.failed = child.error ? `stopped after ${values.timeout} s` : child.stderr.trim().split('\n').at(-1)
      rows.push(row)
      console.log(JSON.stringify(row))
    }
  }
  const out = values.out ?? path.join(projectRoot, 'bench', 'parser-cost.md')
  writeFileSync(out, await report(rows))
  console.log(`Wrote ${path.relative(process.cwd(), out)}`)
}

async function report(rows: readonly Row[]): Promise<string> {
  const ms = (value: number | undefined) => (value === undefined ? '–' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`)
  const growth = (row: Row, key: 'parseMs' | 'checkMs') => {
    const base = rows.find((other) => other.shape === row.shape && other.scale === 1)?.[key]
    const value = row[key]
    return row.scale === 1 || base === undefined || value === undefined ? '' : ` (×${(value / base).toFixed(0)})`
  }
  const lines = [
    "# The Markdown parser's cost",
    '',
    `Made by \`node scripts/bench/parser-cost.ts\` on ${new Date().toISOString().slice(0, 10)}; Node ${process.version}; load average ${(await import('node:os')).loadavg().map((load) => load.toFixed(1)).join(' / ')}.`,
    'CPU time of one chapter in a new process after a warm-up; in brackets, how many times the 1× time (linear: ×10 and ×100).',
    '',
    '| shape | scale | size | parse | check | refused with |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const row of rows) {
    const size = `${row.count.toLocaleString('en-US')} ${shapes[row.shape].unit}${row.bytes ? `, ${Math.round(row.bytes / 1024).toLocaleString('en-US')} KiB` : ''}`
    const refused = row.failed ?? (row.errors?.length ? row.errors.join(', ') : '')
    lines.push(`| ${row.shape} | ${row.scale}× | ${size} | ${ms(row.parseMs)}${growth(row, 'parseMs')} | ${ms(row.checkMs)}${growth(row, 'checkMs')} | ${refused} |`)
  }
  return `${lines.join('\n')}\n`
}

await main()
