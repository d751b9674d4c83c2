import { rules } from './rules.ts'

/** What each code family covers, in the order the README lists them (by the letter before the dash). */
export const ruleFamilies: Record<string, string> = {
  f: 'Chapter files (name, encoding, size)',
  m: 'Front matter (the fields between the `---` lines)',
  s: 'Sections and headings',
  t: 'Text (pasted symbols, literal Markdown, fonts)',
  l: 'Links and web addresses',
  i: 'Images',
  x: 'HTML and characters a book cannot carry',
  v: 'The book as a whole (volumes, dates, titles)',
  c: 'The book config (`springboard.yaml`) and the store forms',
  p: 'Print and handout layout',
  a: 'The fidelity audit (what you wrote is in every output)',
  o: 'What `verify` finds in the files in `dist/`',
}

/** The Markdown table of every rule, for docs/rules.md. */
export function rulesTable(): string {
  const rows = [...rules.values()].map((rule) => {
    const cell = (text: string) => text.replace(/\|/g, '\\|')
    return `| \`${rule.code}\` | ${rule.severity}${rule.retired ? ' (retired)' : ''} | ${cell(rule.description)} | ${cell(rule.hint)} |`
  })
  return ['| code | severity | what it checks | how to fix it |', '| --- | --- | --- | --- |', ...rows, ''].join('\n')
}

/** The README's short list: each family with its codes; the whole table is in docs/rules.md. */
export function rulesSummary(): string {
  const byFamily = new Map<string, string[]>()
  for (const rule of rules.values()) {
    const family = rule.code[0]!
    if (!(family in ruleFamilies)) throw new Error(`rule ${rule.code}: no family "${family}" in ruleFamilies (src/report/rules-table.ts)`)
    byFamily.set(family, [...(byFamily.get(family) ?? []), rule.code])
  }
  const rows = Object.entries(ruleFamilies)
    .filter(([family]) => byFamily.has(family))
    .map(([family, what]) => `| \`${family}-\` | ${what} | ${byFamily.get(family)!.sort().map((code) => `\`${code}\``).join(' ')} |`)
  return ['| codes | what they cover | the rules |', '| --- | --- | --- |', ...rows, ''].join('\n')
}
