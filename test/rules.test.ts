import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { rules } from '../src/report/rules.ts'
import { ruleFamilies, rulesSummary, rulesTable } from '../src/report/rules-table.ts'
import { projectRoot } from './helpers/book.ts'

describe('the rule catalogue', () => {
  it('gives every rule a well-formed, unique code, a description and a hint', () => {
    const codes = [...rules.keys()]
    expect(new Set(codes).size).toBe(codes.length)
    for (const rule of rules.values()) {
      expect(rule.code).toMatch(/^[a-z]-\d{3}$/)
      expect(rule.description.length, rule.code).toBeGreaterThan(10)
      expect(rule.hint.length, rule.code).toBeGreaterThan(10)
    }
  })

  it('is the whole table in docs/rules.md (run `npm run rules:doc` after changing a rule)', async () => {
    const doc = await readFile(path.join(projectRoot, 'docs/rules.md'), 'utf8')
    const table = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(doc)?.[1]
    expect(table).toBe(rulesTable())
    for (const code of rules.keys()) expect(table).toContain(`| \`${code}\` |`)
  })

  it('is listed by family in README.md, every code once (run `npm run rules:doc`)', async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8')
    const summary = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1]
    expect(summary).toBe(rulesSummary())
    const listed = [...summary!.matchAll(/`([a-z]-\d{3})`/g)].map((match) => match[1])
    expect(listed.sort()).toEqual([...rules.keys()].sort())
    for (const code of rules.keys()) expect(Object.keys(ruleFamilies)).toContain(code[0])
  })
})
