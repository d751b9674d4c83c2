/**
 * What the front matter needs, read from the feature's prose. Each function
 * returns `undefined` (or a reason) when the text does not say, so that the
 * chapter gets a `TODO` there instead of a guess.
 */

const smallWords = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with'])

/** "The Director of Medical Records is responsible for …" → "Director of Medical Records". */
export function inferTitle(description: string | undefined): string | undefined {
  const match = /^(?:(?:The|A|An)\s+)?([A-Za-z][A-Za-z'\u2019&/ -]*?)\s+(?:is|are|works?|serves?)\b/.exec(description ?? '')
  const phrase = match?.[1]?.trim()
  if (!phrase || phrase.split(/\s+/).length > 8) return undefined
  return phrase
    .split(/\s+/)
    .map((word, index) => (index > 0 && smallWords.has(word.toLowerCase()) ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ')
}

/** Abbreviations whose period does not end a sentence (ICU's segmenter splits after "U.S."). */
const abbreviation = /(?:\b[A-Za-z]\.)+\s*$|\b(?:Dr|Mr|Mrs|Ms|St|vs|etc|Inc|No|approx|e\.g|i\.e)\.\s*$/

/** The first sentence of the description. */
export function inferSummary(description: string | undefined): string | undefined {
  if (!description) return undefined
  let sentence = ''
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(description)) {
    sentence += segment
    if (!abbreviation.test(sentence)) break
  }
  return sentence.trim() || undefined
}

/** The first degree the education part names, in the words the chapters use. */
export function inferDegree(education: readonly string[]): string | undefined {
  const text = education.join(' ')
  const degrees: [RegExp, (match: RegExpExecArray) => string][] = [
    [/\bbachelor(?:['\u2019]?s)?\b/i, () => "Bachelor's degree"],
    [/\bmaster(?:['\u2019]s\b|\s+of\b|s\s+degree\b)/i, () => "Master's degree"],
    [/\bassociate(?:['\u2019]?s)?\s+(?:degree|of)\b/i, () => "Associate's degree"],
    // A named doctorate is the degree itself: "Doctor of Pharmacy (PharmD)".
    [/\bDoctor of(?: [A-Z][a-z]+)+(?: \([A-Za-z.]+\))?/, (match) => match[0]],
    [/\bdoctor(?:ate|al)\b/i, () => 'Doctoral degree'],
    [/\bhigh school diploma\b/i, () => 'High school diploma'],
  ]
  let first: { at: number; degree: string } | undefined
  for (const [pattern, name] of degrees) {
    const match = pattern.exec(text)
    if (match && (!first || match.index < first.at)) first = { at: match.index, degree: name(match) }
  }
  return first?.degree
}

/** Words that make a capitalized name with an abbreviation an organization or a degree, not a credential. */
const notCredential = /^(?:Bachelor|Master|Associate|Doctor)\b|\b(?:Association|Society|Board|Council|Commission|Registry|Department|Bureau|Institute|College|University)\b/

/**
 * Named credentials with their abbreviation: "the Registered Health
 * Information Administrator Certification (RHIA)" → "Registered Health
 * Information Administrator (RHIA)", as the chapters write them.
 */
export function inferCertifications(education: readonly string[], isOrganization: (name: string) => boolean): string[] {
  const found: string[] = []
  const named = /((?:[A-Z][\w'\u2019-]*)(?:\s+(?:(?:of|in|and|for|&)\s+)?[A-Z][\w'\u2019-]*)*)\s+\(([A-Z][A-Za-z-]{1,9})\)/g
  for (const match of education.join(' ').matchAll(named)) {
    const words = match[1]!.replace(/^(?:The|A|An|Following|Then|After)\s+/, '').replace(/\s+(?:Certification|Certificate|Credential)$/, '')
    if (notCredential.test(words) || isOrganization(words) || isOrganization(match[2]!)) continue
    const certification = `${words} (${match[2]})`
    if (!found.includes(certification)) found.push(certification)
  }
  return found
}

export interface InferredSalary {
  min: number
  max: number
  /** Set when the figures were converted on an assumption that an editor should confirm. */
  flag?: string
}

const hoursPerYear = 2080
const perYear = { hour: hoursPerYear, week: 52, month: 12, year: 1 } as const
type Unit = keyof typeof perYear

const amount = /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*(k\b|K\b|thousand\b))?/
/** The rest of a range after its first figure: "to $120,000", "- $60,000", "and 120,000". */
const rangeEnd = /^\s*(?:to|-|\u2013|\u2014|and)\s*(\$?)\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s*(k\b|K\b|thousand\b))?/

function dollars(digits: string, cents: string | undefined, thousands: string | undefined): number {
  return (Number(digits.replace(/,/g, '')) + Number(`0.${cents ?? 0}`)) * (thousands ? 1000 : 1)
}

function unitIn(text: string): Unit | undefined {
  if (/^\s*(?:\/\s*|(?:per|an?|each)\s+)(?:hour|hr)\b|^\s*hourly\b/i.test(text)) return 'hour'
  if (/^\s*(?:\/\s*|(?:per|an?|each)\s+)(?:week|wk)\b|^\s*weekly\b/i.test(text)) return 'week'
  if (/^\s*(?:\/\s*|(?:per|an?|each)\s+)(?:month|mo)\b|^\s*monthly\b/i.test(text)) return 'month'
  if (/^\s*(?:\/\s*|(?:per|an?|each)\s+)(?:year|yr|annum)\b|^\s*(?:annually|yearly|annual)\b/i.test(text)) return 'year'
  return undefined
}

/**
 * The first dollar range of the salary part, as whole dollars a year:
 * `$80,000 to $120,000`, `$45,000 - $60,000`, `$38/hour` (× 2,080 hours).
 * A figure without a unit below $10,000 is flagged: it may be hourly or monthly.
 */
export function inferSalary(salary: readonly string[]): InferredSalary | undefined {
  const text = salary.join(' ')
  const first = amount.exec(text)
  if (!first) return undefined
  const low = dollars(first[1]!, first[2], first[3])
  let high = low
  let end = first.index + first[0].length
  const second = rangeEnd.exec(text.slice(end))
  // "$80,000 and 5 years": a bare number after "and" or "to" is the range's end only if it could be.
  if (second && (second[1] || dollars(second[2]!, second[3], second[4]) >= low)) {
    high = dollars(second[2]!, second[3], second[4])
    end += second[0].length
  }
  const after = text.slice(end)
  const sentence = text.slice(0, first.index).split(/[.!?]\s/).at(-1)! + text.slice(first.index, end) + after.split(/[.!?](?:\s|$)/)[0]
  const unit = unitIn(after) ?? (/\b(?:hourly|per hour|an hour)\b/i.test(sentence) ? 'hour' : undefined)
  const shown = text.slice(first.index, end).trim()
  if (unit) return { min: Math.round(low * perYear[unit]), max: Math.round(high * perYear[unit]) }
  if (high >= 10_000) return { min: Math.round(low), max: Math.round(high) }
  if (high < 200) {
    return {
      min: Math.round(low * hoursPerYear),
      max: Math.round(high * hoursPerYear),
      flag: `"${shown}" has no unit; read as an hourly rate (× 2,080 hours a year): confirm, then delete this comment`,
    }
  }
  return { min: Math.round(low), max: Math.round(high), flag: `"${shown}" has no unit; read as a yearly figure: confirm, then delete this comment` }
}
