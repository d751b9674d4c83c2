/**
 * The feature's structure: which unit of the text is the title, which is
 * boilerplate, and which part of the chapter each of the others belongs
 * to, found by its label, by its content (a `$` figure with pay words is
 * the salary) or by its position (what follows the description before the
 * education is more description). What fits nowhere is listed as unused;
 * what fits only by a guess is kept apart as unsure, for a `TODO`.
 */
import { boilerplateReason, type BoilerplateContext } from './boilerplate.ts'
import { inferTitle, namesCareer, sentencesOf, titleCase } from './infer.ts'
import { openingLabel, standaloneLabel, type Part } from './labels.ts'
import { findAddresses } from './organizations.ts'
import { cleanText, toUnits, type Item, type Lines, type Unit } from './read.ts'

export type { Part } from './labels.ts'
export type How = 'label' | 'position' | 'content'

export interface Placement {
  text: string
  lines: Lines
  how: How
  /** The label it stood under, as written. */
  label?: string
  /** Resources named in a sentence rather than one to a line. */
  prose?: boolean
}

export interface Fact {
  part: Part
  label: string
  text: string
  lines: Lines
}

export interface FeatureStructure {
  title?: { text: string; lines: Lines; how: How; label?: string; sure: boolean }
  parts: Record<Part, Placement[]>
  /** Lines of an at-a-glance box ("Degree: Master's degree"), by the part they speak of. */
  facts: Fact[]
  unused: { text: string; lines: Lines; why: string }[]
  /** Text the reader placed only by a guess: each becomes a `TODO` with the text in a comment. */
  unsure: { part: Part; text: string; lines: Lines; why: string }[]
  /** Labels on lines of their own ("Key skills:", "EDUCATION"), by the part they announce. */
  labels: { part: Part; text: string; lines: Lines }[]
}

export const parts: readonly Part[] = ['description', 'education', 'competencies', 'salary', 'outlook', 'resources']
const listParts = new Set<Part>(['competencies', 'resources'])

const words = (text: string) => text.split(/\s+/).filter(Boolean).length

/** A paragraph of the feature's own text, not a title, label or line of a header. */
function isProse(unit: Unit): boolean {
  return unit.kind === 'text' && words(unit.text) >= 12 && /[a-z]/.test(unit.text) && (/[.!?]/.test(unit.text) || words(unit.text) >= 20)
}

const isShort = (unit: Unit & { kind: 'text' }) => unit.lines.from === unit.lines.to && unit.text.length <= 90

const moneyWithPay = (text: string) =>
  /\$\s?\d/.test(text) && /\b(?:earn(?:s|ed|ing)?|salar(?:y|ies)|wages?|pay|paid|make|makes|made|income|median|compensation)\b/i.test(text)
const outlookSignal =
  /\b(?:employment|jobs?|demand|openings|outlook|growth|prospects|hiring)\b[^.]*\b(?:grow|growth|projected|expected|increase|decline|faster|slower|rise|shortage|bright)\b|\b(?:projected|expected|forecast|likely|set) to (?:grow|increase|decline|rise|expand)\b/i
const strongEducation = /\b(?:degree|diploma|bachelor|master['\u2019]s|associate['\u2019]s|doctor of|doctoral|licen[sc]|certif|credential|exam\b|examination|accredited|apprenticeship|internship|residency)/i
const weakEducation = /\b(?:training|school|college|university|program|course(?:work|s)?|classes|study)\b/gi

function educationSignal(text: string): boolean {
  return strongEducation.test(text) || new Set(text.match(weakEducation)?.map((word) => word.toLowerCase())).size >= 2
}

/**
 * A sentence that lists skills: "Key skills include communication,
 * compassion and …", "Good massage therapists need communication skills,
 * empathy, …". Its items, or undefined.
 */
function inlineSkills(text: string): string[] | undefined {
  if (/[.!?]\s+\S/.test(text.trim())) return undefined
  const match = /^(.{0,60}?)\b(?:include|includes|including|are|need|needs|require|requires|such as)\b:?\s+(.+)$/i.exec(text)
  if (!match || !/\b(?:skills?|qualit|abilit|traits?|competenc|need|needs)\b/i.test(match[0].slice(0, match[1]!.length + 10))) return undefined
  const items = splitList(match[2]!)
  return items.length >= 3 && items.every((item) => words(item) <= 6) ? items : undefined
}

/** "compassion; critical thinking; patience" or "communication, empathy, stamina and strength" → the items. */
export function splitList(text: string): string[] {
  const body = text.trim().replace(/[.;,|]+$/, '')
  let items = /\s\|\s/.test(body) ? body.split(/\s+\|\s+/) : body.includes(';') ? body.split(/\s*;\s*/) : body.split(/\s*,\s*/)
  const last = items.at(-1) ?? ''
  if (/^(?:and|or)\s+/i.test(last)) items[items.length - 1] = last.replace(/^(?:and|or)\s+/i, '')
  else if (items.length >= 2 && / and /.test(last)) items = [...items.slice(0, -1), ...last.split(/\s+and\s+/)]
  return items.map(capitalize).filter(Boolean)
}

function capitalize(item: string): string {
  const text = item.trim().replace(/[.;,]+$/, '')
  return text && text[0]!.toUpperCase() + text.slice(1)
}

const organizationWord = /\b(?:Association|Society|Academy|Board|Council|Commission|Bureau|Institute|Organization|Federation|Department|Centers?|Registry|Foundation|Alliance|College)\b/

function looksLikeResource(text: string): boolean {
  return findAddresses(text).length > 0 || /\(\s*$/.test(text) || organizationWord.test(text)
}

/** "CAREER OF THE WEEK", "Issue 212", "Spotlight on", "Careers Close-Up": what a title is announced with. */
const kicker = /\b(?:careers?|job|profile|spotlight|issue\s*#?\d+|close-?up|focus|this week(?:'s|\u2019s)?|featured?|series|of the week|occupation|subject)\b/i

/** A career's name: a few capitalized words, no sentence. */
function looksLikeName(text: string): boolean {
  const all = text.split(/\s+/)
  return (
    all.length <= 6 &&
    text.length <= 60 &&
    !/[.!?,;:]$/.test(text) &&
    !/\d/.test(text) &&
    all.every((word, index) => /^[A-Z]/.test(word) || (index > 0 && /^(?:of|and|in|for|the|&|\/)$/.test(word)))
  )
}

/** A line without the marks around it: `# …`, `**…**`, `*** … ***`, `=== … ===`, an e-mail's `Subject:`. */
function bare(text: string): string {
  return text
    .replace(/^#{1,6}\s+/, '')
    .replace(/^[*=_~\s]+|[*=_~\s]+$/g, '')
    .replace(/^(?:subject|re|fwd?):\s*/i, '')
    .trim()
}

interface TitleCandidate {
  text: string
  how: How
  label?: string
  sure: boolean
}

/** The title a short line at the top gives: as a label, beside a kicker, or alone. */
function titleFrom(line: string, description: string, context: BoilerplateContext): TitleCandidate | undefined {
  if (/^(?:from|to|cc|sent|date|reply-to):/i.test(line)) return undefined
  const text = bare(line)
  const labelled = openingLabel(text)
  if (labelled?.kind === 'title' && looksLikeName(bare(labelled.rest))) return { text: titleCase(bare(labelled.rest)), how: 'label', label: labelled.head, sure: true }
  const sides = text.split(/\s+[|\u2013\u2014\u00B7-]\s+|:\s+/)
  if (sides.length === 2) {
    const [a, b] = sides as [string, string]
    const career = kicker.test(a) && !kicker.test(b) ? b : kicker.test(b) && !kicker.test(a) ? a : undefined
    if (career && looksLikeName(career)) {
      return { text: titleCase(career), how: 'position', label: career === a ? b : a, sure: namesCareer(description, career) }
    }
  }
  if (!looksLikeName(text) || standaloneLabel(text) || boilerplateReason(text, context, true)) return undefined
  return { text: titleCase(text), how: 'position', sure: namesCareer(description, text) }
}

export function readStructure(source: string, context: BoilerplateContext): FeatureStructure {
  const cleaned = cleanText(source)
  const units = toUnits(cleaned.text)
  const result: FeatureStructure = {
    parts: { description: [], education: [], competencies: [], salary: [], outlook: [], resources: [] },
    facts: [],
    unused: cleaned.removed.map((removal) => ({ text: removal.text, lines: { from: removal.line, to: removal.line }, why: removal.why })),
    unsure: [],
    labels: [],
  }
  const done = new Set<Unit>()
  // The feature's text starts at its first paragraph that is not the newsletter's.
  const bodyStart = units.findIndex((unit) => unit.kind === 'text' && isProse(unit) && !boilerplateReason(unit.text, context, false, true))
  const lastList = units.findLastIndex((unit) => unit.kind === 'list')
  /** Above the feature's text, or after its last list: where the newsletter's header and footer stand. */
  const edge = (index: number) => index < bodyStart || (lastList !== -1 && index > lastList)
  const top = bodyStart === -1 ? units : units.slice(0, bodyStart)
  const description = units
    .slice(Math.max(bodyStart, 0))
    .filter(isProse)
    .slice(0, 2)
    .map((unit) => (unit as { text: string }).text)
    .join(' ')

  // The title: the first short line at the top that names the career the description speaks of.
  let unsureTitle: { unit: Unit; candidate: TitleCandidate } | undefined
  for (const unit of top) {
    if (unit.kind !== 'text' || !isShort(unit)) continue
    const candidate = titleFrom(unit.text, description, context)
    if (!candidate) continue
    if (candidate.sure) {
      result.title = { ...candidate, lines: unit.lines }
      done.add(unit)
      break
    }
    unsureTitle ??= { unit, candidate }
  }
  if (!result.title && unsureTitle) {
    result.title = { ...unsureTitle.candidate, lines: unsureTitle.unit.lines }
    done.add(unsureTitle.unit)
  }
  if (!result.title && bodyStart !== -1) {
    const opening = inferTitle((units[bodyStart] as { text: string }).text)
    if (opening) result.title = { text: opening, how: 'content', lines: units[bodyStart]!.lines, sure: true }
  }

  const place = (part: Part, placement: Placement) => result.parts[part].push(placement)
  /** What the last label or paragraph opened, which the next units may continue. */
  let current: { part: Part; how: How; label?: string; list: boolean } | undefined
  /** The label of a list part just read, whose items may follow as lines of their own. */
  let listLabel: { part: Part; label: string } | undefined
  let facts = false
  let last: Part | undefined
  /** After a question ("What does it pay?"), the answer's "A:" is not text. */
  let question = false

  units.forEach((_, index) => placeUnit(index))
  return result

  /** Place the unit at `index`: leave it out, or put it in a part, or among the unsure. */
  function placeUnit(index: number): void {
    const unit = units[index]!
    if (done.has(unit)) return
    if (unit.kind === 'rule') return
    if (unit.kind === 'list') {
      question = false
      placeList(unit.items, unit.lines)
      return
    }
    const { lines } = unit
    const text = question ? unit.text.replace(/^A[:.]\s+/, '') : unit.text
    question = false
    const short = isShort(unit)
    const next = units[index + 1]
    const keyed = short && /^[A-Z][\w'\u2019&/ -]{0,30}:\s+\S/.test(text) && words(text) <= 10

    const why = boilerplateReason(text, context, short || !isProse(unit), edge(index))
    if (why) {
      result.unused.push({ text, lines, why })
      facts = facts && keyed
      return
    }
    const label = short || unit.heading ? standaloneLabel(bare(text)) : undefined
    if (label) {
      listLabel = undefined
      facts = label.kind === 'facts'
      if (label.kind === 'facts' || label.kind === 'title' || label.kind === 'blurb') {
        result.unused.push({ text, lines, why: label.kind === 'facts' ? 'the heading of an at-a-glance box' : `a label (${label.kind}) with nothing to place` })
        return
      }
      current = { part: label.kind, how: 'label', label: label.text, list: listParts.has(label.kind) }
      if (current.list) listLabel = { part: label.kind, label: label.text }
      question = /\?$/.test(label.text)
      result.labels.push({ part: label.kind, text: label.text, lines })
      return
    }
    // An at-a-glance box: "Degree: Master's degree", "Median pay: $48,440 per year".
    const nextKeyed = next?.kind === 'text' && next.block === unit.block && /^[A-Z][\w'\u2019&/ -]{0,30}:\s+\S/.test(next.text) && words(next.text) <= 10
    if (keyed && (facts || nextKeyed)) {
      facts = true
      const opening = openingLabel(text)
      const kind = opening?.kind
      if (opening && (kind === 'competencies' || kind === 'resources')) {
        placeLabelled(kind, opening.head, opening.rest, lines)
      } else if (opening && kind && kind !== 'title' && kind !== 'facts' && kind !== 'blurb') {
        result.facts.push({ part: kind, label: opening.head, text: opening.rest, lines })
      } else {
        result.unused.push({ text, lines, why: 'a line of a box or header that names no part of the chapter' })
      }
      return
    }
    facts = false

    // The items of a list part's label, one to a line: "Want to know more?" then "Name — www…".
    if (listLabel && !isProse(unit) && (unit.lines.from === unit.lines.to || listLabel.part === 'resources')) {
      placeLabelled(listLabel.part, listLabel.label, text, lines)
      return
    }
    if (listLabel?.part === 'resources' && findAddresses(text).length > 0) {
      place('resources', { text, lines, how: 'label', label: listLabel.label, prose: true })
      last = 'resources'
      return
    }
    listLabel = undefined

    const opening = openingLabel(text)
    // A run-in head in capitals that names no part ("THE WORK — …") is taken out all the same; what follows is placed by its content.
    if (opening && !opening.kind && !/[a-z]/.test(opening.head) && /[A-Z]{2}/.test(opening.head) && index >= bodyStart) {
      result.unused.push({ text: opening.head, lines, why: 'a heading that names no part of the chapter' })
      units[index] = { ...unit, text: opening.rest }
      return placeUnit(index)
    }
    const piped = opening?.kind ? [] : text.split(/\s+\|\s+/)
    if (piped.length >= 3 && piped.every((item) => words(item) <= 6) && findAddresses(text).length === 0) {
      placeList(piped.map((item) => ({ text: item, lines })), lines)
      return
    }
    if (opening?.kind === 'blurb') {
      result.unused.push({ text, lines, why: 'series blurb' })
      return
    }
    if (opening?.kind && opening.kind !== 'title' && opening.kind !== 'facts') {
      const part = opening.kind
      placeLabelled(part, opening.head, opening.rest, lines)
      current = { part, how: 'label', label: opening.head, list: listParts.has(part) }
      return
    }

    // A short line alone in its block that is not a sentence ("What's ahead", "The paycheck") is a heading.
    const alone = units[index - 1]?.block !== unit.block && next?.block !== unit.block
    const subhead = short && alone && words(text) <= 8 && !/[.!?]$/.test(text) && findAddresses(text).length === 0 && !/\$\s?\d/.test(text)
    if (index < bodyStart || (!isProse(unit) && (unit.heading || subhead || (short && /:$|^[^a-z]+$/.test(text))))) {
      const above = index < bodyStart
      result.unused.push({ text, lines, why: above ? 'a line above the feature\u2019s text (not its title)' : 'a heading that names no part of the chapter' })
      if (!above) current = undefined
      return
    }

    // The signs of three parts or more in one paragraph: paragraphs run together, not one part.
    const signs = signsOf(text)
    if (signs.length >= 3) {
      result.unsure.push({ part: signs[0]!, text, lines, why: `holds the signs of several parts (${signs.join(', ')}): paragraphs run together?` })
      current = undefined
      return
    }
    const content = contentOf(text)
    const continuing = current && !current.list ? current : undefined
    const how = (part: Part): How => (continuing?.part === part && continuing.how === 'label' ? 'label' : 'content')
    if (content === 'resources') {
      place('resources', { text, lines, how: how('resources'), label: continuing?.label, prose: true })
      current = undefined
      last = 'resources'
      return
    }
    if (content === 'salary' || content === 'outlook') {
      // "… earn $9,000 a month or more. Employment is projected to grow 17 percent …": pay, then the outlook.
      const [pay, outlook] = content === 'salary' ? splitOutlook(text) : [text, undefined]
      place(content, { text: pay, lines, how: how(content), label: continuing?.part === content ? continuing.label : undefined })
      if (outlook) place('outlook', { text: outlook, lines, how: 'content' })
      current = { part: content, how: how(content), label: continuing?.part === content ? continuing.label : undefined, list: false }
      last = content
      return
    }
    const skills = result.parts.competencies.length === 0 ? inlineSkills(text) : undefined
    if (skills) {
      for (const item of skills) place('competencies', { text: item, lines, how: 'content' })
      current = undefined
      last = 'competencies'
      return
    }
    if (content === 'education' && (!continuing || continuing.part === 'description') && result.parts.description.length > 0 && rank(last) <= rank('education')) {
      place('education', { text, lines, how: 'content' })
      current = { part: 'education', how: 'content', list: false }
      last = 'education'
      return
    }
    if (continuing) {
      place(continuing.part, { text, lines, how: continuing.how === 'label' ? 'label' : 'position', label: continuing.label })
      last = continuing.part
      return
    }
    if (result.parts.description.length === 0 && rank(last) <= rank('description')) {
      place('description', { text, lines, how: 'position' })
      current = { part: 'description', how: 'position', list: false }
      last = 'description'
      return
    }
    // Prose after the lists, or between them, with nothing that says what it is.
    const guess: Part = last === undefined || last === 'resources' || last === 'competencies' ? 'outlook' : last
    result.unsure.push({ part: guess, text, lines, why: `placed by position only, after the ${last ?? 'title'}` })
  }

  /** What a label announced, read as that part: list items, resources, or a paragraph. */
  function placeLabelled(part: Part, label: string, rest: string, lines: Lines): void {
    if (part === 'competencies') {
      for (const item of /[,;|]/.test(rest) ? splitList(rest) : [capitalize(rest)]) place(part, { text: item, lines, how: 'label', label })
    } else if (part === 'resources') {
      place(part, { text: rest, lines, how: 'label', label, prose: findAddresses(rest).length > 1 })
    } else {
      // A figure keeps a label that says what it is ("Median pay: $57,720") or that it needs to be read
      // ("Salary range: $90,000 – $140,000 a year"); a sentence does not need the part's name.
      const firstSentence = rest.split(/[.!?]\s/)[0]!
      const fragment = firstSentence.replace(/\$?[\d.,]+k?|\b(?:a|an|per|year|hour|month|week)\b|[\u2013\u2014-]/gi, '').trim().split(/\s+/).filter(Boolean).length < 3
      const qualified = /\b(?:median|average|mean|typical|starting|entry|annual|hourly|projected)\b/i.test(label)
      const text = /^[$\d]/.test(rest) && (qualified || fragment) ? `${label}: ${rest}` : rest
      place(part, { text, lines, how: 'label', label })
    }
    last = part
  }

  function placeList(items: Item[], lines: Lines): void {
    const labelled = listLabel
    listLabel = undefined
    current = undefined
    const part: Part | undefined = labelled
      ? labelled.part
      : items.filter((item) => looksLikeResource(item.text)).length * 2 >= items.length
        ? 'resources'
        : result.parts.competencies.length === 0
          ? 'competencies'
          : undefined
    if (!part) {
      result.unsure.push({ part: 'competencies', text: items.map((item) => item.text).join('; '), lines, why: 'a second list that is neither competencies nor resources' })
      return
    }
    const how: How = labelled ? 'label' : part === 'resources' ? 'content' : 'position'
    for (const item of items) {
      place(part, { text: part === 'competencies' ? capitalize(item.text) : item.text, lines: item.lines, how, label: labelled?.label })
    }
    last = part
  }
}

function rank(part: Part | undefined): number {
  return part === undefined ? -1 : parts.indexOf(part)
}

/** A pay paragraph whose last sentences are the outlook (no figure, words of growth): the two parts. */
function splitOutlook(text: string): [string, string | undefined] {
  const sentences = sentencesOf(text)
  let at = sentences.length
  while (at > 1 && outlookSignal.test(sentences[at - 1]!) && !/\$\s?\d/.test(sentences[at - 1]!)) at--
  return at === sentences.length ? [text, undefined] : [sentences.slice(0, at).join(' '), sentences.slice(at).join(' ')]
}

/** Every part whose signs a paragraph holds. */
function signsOf(text: string): Part[] {
  const signs: Part[] = []
  if (educationSignal(text)) signs.push('education')
  if (moneyWithPay(text)) signs.push('salary')
  if (outlookSignal.test(text)) signs.push('outlook')
  if (findAddresses(text).length > 0) signs.push('resources')
  return signs
}

/** What a paragraph's content says it is, when it says so clearly. */
function contentOf(text: string): Part | undefined {
  if (findAddresses(text).length > 0 && (words(text) <= 12 || /\b(?:visit|see|website|web site|online|at www)\b/i.test(text))) return 'resources'
  if (moneyWithPay(text)) return 'salary'
  if (outlookSignal.test(text)) return 'outlook'
  if (educationSignal(text)) return 'education'
  return undefined
}
