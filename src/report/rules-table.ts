import { rules } from './rules.ts'

/** The Markdown table of every rule, for the README. */
export function rulesTable(): string {
  const rows = [...rules.values()].map((rule) => {
    const cell = (text: string) => text.replace(/\|/g, '\\|')
    return `| \`${rule.code}\` | ${rule.severity}${rule.retired ? ' (retired)' : ''} | ${cell(rule.description)} | ${cell(rule.hint)} |`
  })
  return ['| code | severity | what it checks | how to fix it |', '| --- | --- | --- | --- |', ...rows, ''].join('\n')
}
