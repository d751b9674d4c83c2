import type { RuleCode } from '../report/rules.ts'

export interface UrlProblem {
  rule: RuleCode
  message: string
  /** Replaces the rule's hint when this problem needs its own. */
  hint?: string
}

// Curly quotes as escapes, so that the pattern reads the same in any editor.
const trailingPunctuation = /[.,;:!?'"\u2018\u2019\u201C\u201D(\[{<]$/
const unsafeSchemes = /^(javascript|vbscript|data|file|blob|about|chrome|view-source):/i

/**
 * The `https://` form of an `http://` address, for the l-010 warning (readers and the stores expect a secure
 * address; whether the site serves it is not checked, as a build never goes on the network); else undefined.
 */
export function secureForm(url: string): string | undefined {
  const value = url.trim()
  return /^http:\/\//i.test(value) ? `https://${value.slice('http://'.length)}` : undefined
}

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
  return checkHost(value, parsed.hostname)
}

/**
 * A WHATWG URL parser takes hosts that are no host names (`foo.bar.%60baz`
 * is `foo.bar.\`baz`); EPUBCheck does not (RSC-023). An IP address has been
 * checked by the parser; a name must be dot-separated labels of letters
 * (international ones are punycode by now), digits and hyphens, not at a
 * label's ends. Underscores pass: they occur in real host names and
 * EPUBCheck takes them.
 */
function checkHost(value: string, host: string): UrlProblem | undefined {
  if (host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return undefined
  const labels = host.split('.')
  if (labels.length < 2 || labels.includes('')) {
    return { rule: 'l-006', message: `The URL \`${value}\` has no proper host name (\`${host}\`)` }
  }
  const bad = /[^a-z0-9_.-]/.exec(host)
  if (bad) {
    return {
      rule: 'l-006',
      message: `The URL \`${value}\` has an invalid host name \`${host}\`: U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (${bad[0]}) cannot be part of one`,
      hint: 'A host name has only letters, digits, hyphens and dots, such as `www.bls.gov`; copy the address again from the browser\'s address bar.',
    }
  }
  const label = labels.find((part) => part.startsWith('-') || part.endsWith('-') || part.length > 63)
  if (label) {
    return {
      rule: 'l-006',
      message: `The URL \`${value}\` has an invalid host name \`${host}\`: the part \`${label}\` ${label.length > 63 ? 'is longer than 63 characters' : 'starts or ends with a hyphen'}`,
      hint: 'Each dot-separated part of a host name starts and ends with a letter or digit and has at most 63 characters; check the address.',
    }
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
