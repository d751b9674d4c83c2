/**
 * Writes the rule tables from the catalogue in src/report/rules.ts, between
 * the `rules:start` and `rules:end` markers: the whole table in docs/rules.md,
 * the short list by family in README.md. `npm run rules:doc`; a test fails
 * when either is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { rulesSummary, rulesTable } from '../src/report/rules-table.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
for (const [file, table] of [['docs/rules.md', rulesTable()], ['README.md', rulesSummary()]] as const) {
  const text = await readFile(path.join(root, file), 'utf8')
  // A function, not a replacement string: the table's text may hold `$1`-like patterns ("$23.50").
  const updated = text.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, (_whole, start: string, end: string) => `${start}${table}${end}`)
  if (!updated.includes(table)) throw new Error(`${file} has no <!-- rules:start --> … <!-- rules:end --> markers`)
  if (updated === text) console.log(`${file}: the rule table is up to date`)
  else {
    await writeFile(path.join(root, file), updated)
    console.log(`${file}: the rule table updated`)
  }
}
