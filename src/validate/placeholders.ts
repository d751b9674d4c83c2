/**
 * The validate stage (placeholders in the config): a build warns about
 * each one at its place (c-030 an example domain, c-031 a `TODO`, c-032 an
 * ASIN or ISBN that cannot be real), so the sample book shows them; a
 * release refuses them (c-033), the same places listed as errors.
 */
import type { VFile } from 'vfile'
import type { ConfigPlaceholder } from '../config/placeholders.ts'
import { report } from '../report/messages.ts'
import type { RuleCode } from '../report/rules.ts'

const byKind = { domain: 'c-030', todo: 'c-031', identifier: 'c-032' } as const satisfies Record<ConfigPlaceholder['kind'], RuleCode>
const warnings = new Set<string>(Object.values(byKind))

export function reportPlaceholders(file: VFile, placeholders: readonly ConfigPlaceholder[]): void {
  for (const placeholder of placeholders) report(file, byKind[placeholder.kind], `\`${placeholder.field}\`: ${placeholder.message}`, placeholder.place)
}

/** For a release: each placeholder warning on `file` becomes a c-033 error at the same place. */
export function refusePlaceholders(file: VFile): void {
  const found = file.messages.filter((message) => message.ruleId !== undefined && warnings.has(message.ruleId))
  file.messages = file.messages.filter((message) => !found.includes(message))
  for (const message of found) {
    report(file, 'c-033', `${message.reason} (a release cannot carry a placeholder)`, { line: message.line ?? 1, column: message.column ?? 1 })
  }
}
