/**
 * This week's EPUB build, here against another checkout of the project (an older main), taking turns on the
 * same book: issue 23's "this week's build is still fast". Each side builds its own copy of the book once,
 * then, week after week, both add the same next chapter and build again; the command as editors run it (a new
 * process, `build --format epub`). The config is the one the bench used before it took the sample's (one
 * volume, no stores: one EPUB), which both sides accept.
 *
 *   node scripts/bench/against.ts OTHER_CHECKOUT [--sizes 52,520] [--runs 5] [--format epub] [--work DIR]
 *
 * `--format` as the command takes it (`epub`, `all`, …): with a print, each week prints again on both sides.
 * It prints each side's times and the medians' ratio; it writes nothing in bench/ (quote the figures there).
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { makeChapters } from './generate.ts'
import { median, runCommand } from './measure.ts'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { sizes: { type: 'string', default: '52,520' }, runs: { type: 'string', default: '5' }, format: { type: 'string', default: 'epub' }, work: { type: 'string', default: path.join(os.tmpdir(), 'springboard-against') } } })
const other = positionals[0]
if (!other) {
  process.stderr.write('usage: node scripts/bench/against.ts OTHER_CHECKOUT [--sizes 52,520] [--runs 5] [--format epub] [--work DIR]\n')
  process.exit(2)
}
const sides = [
  { name: 'this checkout', script: path.resolve(import.meta.dirname, '..', 'springboard.js') },
  { name: path.resolve(other), script: path.resolve(other, 'scripts', 'springboard.js') },
]
const runs = Number(values.runs)

function config(count: number): string {
  return `title: Careers in Health Care
subtitle: ${count} profiles from SpringBoard’s weekly career feature
editors:
  - SpringBoard Editorial Team
publisher: SpringBoard Press
language: en-US
identifier: urn:uuid:6f1c1f1e-2b0a-5c3d-9e4f-${String(count).padStart(12, '0')}
volumes:
  - id: complete
`
}

async function build(script: string, root: string): Promise<number> {
  const result = await runCommand(process.execPath, [script, 'build', '--format', values.format, '--root', root, '--out', path.join(root, 'dist')], { env: { ...process.env, CI: '1' } })
  if (result.code !== 0) throw new Error(`${script} build failed (${result.code}):\n${result.stderr}`)
  return result.seconds
}

for (const size of values.sizes.split(',').map(Number)) {
  const chapters = makeChapters(size + runs)
  const book = path.join(values.work, `book-${size}`)
  await rm(book, { recursive: true, force: true })
  await mkdir(path.join(book, 'chapters'), { recursive: true })
  await writeFile(path.join(book, 'springboard.yaml'), config(size))
  for (const chapter of chapters.slice(0, size)) await writeFile(path.join(book, 'chapters', chapter.fileName), chapter.text)
  const roots = sides.map((_, index) => path.join(values.work, `book-${size}-${index}`))
  for (const root of roots) {
    await rm(root, { recursive: true, force: true })
    await cp(book, root, { recursive: true })
  }
  const times: number[][] = sides.map(() => [])
  for (const [index, side] of sides.entries()) await build(side.script, roots[index]!) // last week's build: the cache filled
  for (const chapter of chapters.slice(size)) {
    // Taking turns, the order swapped each week: a drift in the machine's speed moves both sides alike.
    const order = times[0]!.length % 2 === 0 ? [0, 1] : [1, 0]
    for (const index of order) {
      await writeFile(path.join(roots[index]!, 'chapters', chapter.fileName), chapter.text)
      times[index]!.push(await build(sides[index]!.script, roots[index]!))
    }
  }
  const load = os.loadavg().map((value) => value.toFixed(2)).join(' / ')
  process.stdout.write(`${size} chapters + 1, this week's build, --format ${values.format} (load ${load}):\n`)
  for (const [index, side] of sides.entries()) process.stdout.write(`  ${side.name}: ${times[index]!.map((s) => s.toFixed(2)).join(', ')} s; median ${median(times[index]!).toFixed(2)} s\n`)
  process.stdout.write(`  this checkout / the other: ${(median(times[0]!) / median(times[1]!)).toFixed(2)}\n`)
}
