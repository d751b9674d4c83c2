/**
 * The bench's results are kept once (bench/results.json) and shown once (bench/results.md, which
 * `npm run bench` makes from the JSON): the Markdown is what the JSON gives, so neither is edited alone.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeChapters, volumesOf } from '../scripts/bench/generate.ts'
import { renderResults, type Results } from '../scripts/bench/report.ts'
import { resolveVolumes, type BookConfig } from '../src/config/index.ts'
import type { Chapter } from '../src/chapter.ts'
import { projectRoot } from './helpers/book.ts'

const bench = path.join(projectRoot, 'bench')

describe('bench/results.md', () => {
  it('is what bench/results.json gives', () => {
    const results = JSON.parse(readFileSync(path.join(bench, 'results.json'), 'utf8')) as Results
    expect(readFileSync(path.join(bench, 'results.md'), 'utf8')).toBe(renderResults(results))
  })

  it('shows every target of the JSON with its measured value', () => {
    const results = JSON.parse(readFileSync(path.join(bench, 'results.json'), 'utf8')) as Results
    expect(results.targets.length).toBeGreaterThan(0)
    const markdown = readFileSync(path.join(bench, 'results.md'), 'utf8')
    for (const target of results.targets) expect(markdown).toContain(`| ${target.what} | ${target.target} | ${target.actual} |`)
  })
})

describe("the bench's books", () => {
  // The bench measures what editors run: the default volumes. Its own list must be the one the build makes.
  it.each([8, 52, 60, 520])('have the volumes the build makes of %i weeks of chapters', (count) => {
    const chapters = makeChapters(count)
    const asBuilt = resolveVolumes(
      { title: 'Bench' } as BookConfig,
      chapters.map((chapter) => ({ meta: { published: chapter.fileName.slice(0, 10) }, file: { basename: chapter.fileName } }) as unknown as Chapter),
    )
    expect(volumesOf(chapters).map((volume) => [volume.id, volume.chapters.map((chapter) => chapter.fileName)])).toEqual(
      asBuilt.map((volume) => [volume.id, volume.chapters.map((chapter) => chapter.file.basename)]),
    )
  })
})
