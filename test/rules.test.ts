import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { rules } from '../src/report/rules.ts'
import { rulesTable } from '../src/report/rules-table.ts'
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

  it('is the table in README.md (run `npm run rules:doc` after changing a rule)', async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8')
    const table = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme)?.[1]
    expect(table).toBe(rulesTable())
  })
})
