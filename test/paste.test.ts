/**
 * Issue 14, the paste we tried: the weekly feature as published on the web,
 * pasted into a chapter the way a hurried editor does. Every artifact of it
 * used to pass `check` and be printed. Now `check` exits 1 and lists every
 * one at once, each at the place it is written.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers/cli.ts'
import { makeBook, validChapter } from './helpers/book.ts'

const pasted = `---
title: “Dental Hygienist 🦷”
published: 2026-01-12
summary: A dental hygienist cleans teeth and teaches patients how to keep them healthy.
degree: Associate degree
certifications:
  - Registered Dental Hygienist (RDH)
salary:
  min: 60000
  max: 100000
competencies:
  ■ Working closely with patients, including nervous ones
  ■ Attention to detail
resources:
  - name: Department of Labor, Bureau of Labor Statistics (
    url: https://www.bls.gov/ooh/healthcare/dental-hygienists.htm
  - name: American Dental Hygienists Association
    url: https://www.adha.org/
---

## Description

Dental hygienists clean teeth [...] and teach patients how to care for them.

![Pay chart](../assets/dental pay.png)

## Education

An associate degree in dental hygiene is the usual path, as for [Registered Nurse](Registered Nurse).

■ Outstanding interpersonal skills
■ Ability to plan, direct, and evaluate staff

## Salary

A dental hygienist may earn in the range of $60,000 to $100,000.[^2]

## Outlook

Employment is expected to grow.

 Buy now on the Kindle or Nook!
`

const file = 'chapters/2026-01-12-dental-hygienist.md'
let root: string

beforeAll(async () => {
  root = await makeBook({
    '2026-01-05-registered-nurse.md': validChapter({ title: 'Registered Nurse' }),
    '2026-01-12-dental-hygienist.md': pasted,
  })
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Where `needle` is first written in the pasted chapter after `after`: 1-based line and column. */
function at(needle: string, after = ''): { line: number; column: number } {
  const offset = pasted.indexOf(needle, pasted.indexOf(after))
  if (offset === -1) throw new Error(`"${needle}" is not in the chapter`)
  const lines = pasted.slice(0, offset).split('\n')
  return { line: lines.length, column: lines.at(-1)!.length + 1 }
}

describe('the paste we tried', () => {
  it('fails check (exit 1) with every artifact at once, each at its place', async () => {
    const run = await runCli(['check', '--no-layout', '--root', root, '--format', 'json'])
    expect(run.code).toBe(1)
    const messages = JSON.parse(run.stdout) as { file: string; line: number; column: number; rule: string; hint: string }[]
    expect(messages.map(({ file, line, column, rule }) => ({ file, line, column, rule }))).toEqual(
      [
        { rule: 'm-010', ...at('“Dental') }, // the title in curly quotes
        { rule: 't-007', ...at('🦷') }, // an emoji the book's fonts lack
        { rule: 't-001', ...at('■ Working') }, // bullets in the competencies
        { rule: 't-001', ...at('■ Attention') },
        { rule: 't-002', ...at('(', 'Statistics') }, // the resource name cut off at `(`
        { rule: 't-004', ...at('[...]') },
        { rule: 't-005', ...at('![Pay chart]') }, // the image path with a space
        { rule: 't-005', ...at('[Registered Nurse](') }, // a link to a title, not a file
        { rule: 't-001', ...at('■ Outstanding') }, // bullets in the body
        { rule: 't-001', ...at('■ Ability') },
        { rule: 't-006', ...at('[^2]') }, // a footnote with no note
        { rule: 't-003', ...at('Buy now') }, // the store line
      ].map((message) => ({ file, ...message })),
    )
    const hint = (rule: string) => messages.filter((message) => message.rule === rule).map((message) => message.hint)
    expect(hint('t-005')).toEqual([
      'Put the path in angle brackets: `![Pay chart](<../assets/dental pay.png>)`, or rename the file without spaces.',
      'To link to that chapter, write its file name: `[Registered Nurse](2026-01-05-registered-nurse.md)`.',
    ])
  })

  it('prints the same problems as text, with the count', async () => {
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(1)
    expect(run.stdout + run.stderr).toMatch(/^12 errors, 0 warnings$/m)
  })
})
