/**
 * The bench's results are kept once (bench/results.json) and shown once (bench/results.md, which
 * `npm run bench` makes from the JSON): the Markdown is what the JSON gives, so neither is edited alone.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderResults, type Results } from '../scripts/bench/report.ts'
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
