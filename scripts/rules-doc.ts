/**
 * Writes the rule table in README.md from the catalogue in
 * src/report/rules.ts, between the `rules:start` and `rules:end` markers.
 * `npm run rules:doc`; a test fails when the README is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { rulesTable } from '../src/report/rules-table.ts'

const readme = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md')
const text = await readFile(readme, 'utf8')
// A function, not a replacement string: the table's text may hold `$1`-like patterns ("$23.50").
const updated = text.replace(/(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/, (_whole, start: string, end: string) => `${start}${rulesTable()}${end}`)
if (updated === text) console.log('README.md rule table is up to date')
else {
  await writeFile(readme, updated)
  console.log('README.md rule table updated')
}
