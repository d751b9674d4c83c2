import type { RuleCode } from '../report/rules.ts'

export interface UrlProblem {
  rule: RuleCode
  message: string
}

// Curly quotes as escapes: esbuild copies regular expressions into the bundle as written, and one non-ASCII
// character there makes V8 hold the whole 3.7 MB bundle as a two-byte string (test/cli-bundle.test.ts checks).
const trailingPunctuation = /[.,;:!?'"\u2018\u2019\u201C\u201D(\[{<]$/
const unsafeSchemes = /^(javascript|vbscript|data|file|blob|about|chrome|view-source):/i

/**
 * Check an address that must be an absolute web URL (resource links, and
 * every `http(s)` link in a chapter). Catches what copy and paste does to
 * addresses: cut off mid-parenthesis, trailing punctuation, spaces.
 */
export function checkWebUrl(url: string): UrlProblem | undefined {
  const value = url.trim()
  if (value === '') return { rule: 'l-001', message: 'The URL is empty' }
  if (/\s/.test(value)) {
    const cut = value.slice(value.search(/\s/))
    return { rule: 'l-002', message: `The URL \`${value}\` contains a space (before \`${cut.trim()}\`): it looks cut off or pasted together` }
  }
  if (count(value, '(') !== count(value, ')')) {
    return { rule: 'l-002', message: `The URL \`${value}\` has unbalanced parentheses: it looks cut off` }
  }
  if (trailingPunctuation.test(value)) {
    return { rule: 'l-002', message: `The URL \`${value}\` ends in \`${value.slice(-1)}\`: it looks cut off or has punctuation stuck to it` }
  }
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    return { rule: 'l-001', message: `\`${value}\` is not an absolute URL` }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { rule: 'l-001', message: `The URL \`${value}\` must start with \`https://\` or \`http://\`` }
  }
  const host = parsed.hostname
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')
  if (!isIp && (!host.includes('.') || host.startsWith('.') || host.endsWith('.') || host.includes('..'))) {
    return { rule: 'l-006', message: `The URL \`${value}\` has no proper host name (\`${host}\`)` }
  }
  return undefined
}

/** `javascript:`, `data:`, `file:` and the like: never followed, always removed from a book. */
export function isUnsafeScheme(url: string): boolean {
  return unsafeSchemes.test(url.trim())
}

/** `true` for `https://…`, `http://…` and protocol-relative `//…` addresses. */
export function isRemote(url: string): boolean {
  return /^(https?:)?\/\//i.test(url.trim())
}

/** `true` when the link has a scheme (`mailto:`, `https:` …) rather than being a path. */
export function hasScheme(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url.trim())
}

function count(text: string, char: string): number {
  let n = 0
  for (const c of text) if (c === char) n++
  return n
}

/** `%20` and the like decoded; a malformed escape is left as written rather than thrown. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
