/**
 * Markdown that did not parse is printed as it is written: an image whose
 * path has a space, a link to a title instead of a file, a footnote whose
 * note is missing. Found in the text Markdown made of it (a part written
 * with backslash escapes is meant as text, and left alone), reported with
 * the fix: angle brackets around the path, or the chapter file the link
 * most likely meant.
 */
import path from 'node:path'
import { closest, distance } from 'fastest-levenshtein'
import type { Link, PhrasingContent, Root as MdastRoot } from 'mdast'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import { report } from '../../report/messages.ts'
import { textSpan, type TextSpan } from '../../validate/spans.ts'
import { toName } from './ids.ts'
import type { ResourceContext } from './resources.ts'

const written = /(!?)\[([^\]\n]*)\]\(([^)\n]*)\)/g
const footnote = /\[\^([^\]\s]+)\]/g

export function reportLiteralMarkdown(tree: MdastRoot, file: VFile, context: ResourceContext): void {
  const source = String(file)
  visit(tree, (node) => {
    if (!('children' in node)) return
    // An autolink in angle brackets, `<https://x.org/?q=](a)>`: its text is the address, never Markdown.
    if (node.type === 'link' && node.position?.start.offset !== undefined && source[node.position.start.offset] === '<') return
    for (const run of textRuns(node.children as PhrasingContent[], source)) {
      const span = textSpan(file, run.value, run.start, run.end)
      /** Whether the character at `index` of the run is written as text on purpose: escaped (`\[`) or as a character reference. */
      const meantAsText = (index: number) => writtenAsText(source, span, index)
      const covered: [number, number][] = []
      const at = (index: number, length: number) => {
        covered.push([index, index + length])
        return span.place(index, length)
      }
      for (const match of run.value.matchAll(written)) {
        const [, bang, label, destination] = match as unknown as [string, string, string, string]
        const open = match.index + bang.length
        const close = open + 1 + label.length
        // `\[see section 4](/rules)`: the editor escaped a bracket, so the text is meant as it is written.
        if ([open, close, close + 1].some(meantAsText)) {
          covered.push([match.index, match.index + match[0].length])
          continue
        }
        // An escaped `\!` before a link: the `!` is text, the link did not parse.
        const image = bang !== '' && !meantAsText(match.index)
        const place = at(image ? match.index : open, match[0].length - (image ? 0 : bang.length))
        if (!place) continue
        const after = run.value.slice(match.index + match[0].length)
        const { reason, hint } = image ? imageFix(label, destination, after) : linkFix(label, destination, after, file, context)
        report(file, 't-005', reason, place, hint)
      }
      for (const match of run.value.matchAll(footnote)) {
        if ([match.index, match.index + 1, match.index + match[0].length - 1].some(meantAsText)) {
          covered.push([match.index, match.index + match[0].length])
          continue
        }
        const place = at(match.index, match[0].length)
        if (!place) continue
        const hint = `Add the note on a line of its own at the end of the chapter, \`${match[0]}: The source.\`, or remove \`${match[0]}\`.`
        report(file, 't-006', `The footnote \`${match[0]}\` has no note, so it would be printed as it is written`, place, hint)
      }
      // What is left: an opening `![` or a `](` that no pattern above explains.
      for (const match of run.value.matchAll(/!\[|\]\(/g)) {
        if (covered.some(([from, to]) => match.index >= from && match.index < to)) continue
        if (meantAsText(match.index) || meantAsText(match.index + 1)) continue
        const place = span.place(match.index, 2)
        if (!place) continue
        const reason = leftoverReason(match[0], run, match.index)
        report(file, 't-005', `\`${match[0]}\` would be printed as it is written: ${reason}`, place)
      }
    }
  })
}

/**
 * Whether the character at `index` of the span is written as text on purpose: escaped with a backslash
 * (an odd number of them before it), or as a character reference (`&#91;`, `&lbrack;`).
 */
function writtenAsText(source: string, span: TextSpan, index: number): boolean {
  const character = span.value[index]
  if (character === undefined) return false
  const place = span.place(index, 1)
  if (place?.offset === undefined) return true // not written as itself: a named character reference
  if (source[place.offset] !== character) return true // a numeric character reference
  let backslashes = 0
  while (source[place.offset - 1 - backslashes] === '\\') backslashes++
  return backslashes % 2 === 1
}

/** Why a `](` or `![` that no whole link or image explains was left as text. */
function leftoverReason(written: string, run: TextRun, index: number): string {
  if (written === '![') return 'the `![` starts an image, but its `[description]` is not followed by `(path)`'
  if (index === 0 && run.afterInnerLink) return 'a link cannot hold another link, so the outer brackets are text'
  const before = run.value.slice(0, index)
  const open = before.lastIndexOf('[')
  if (open === -1) return 'no `[` before it opens a link'
  if (before.slice(open).includes(']')) return 'the `[` before it is already closed by an earlier `]`'
  // The rest of the line, with the raw HTML Markdown made of an address in angle brackets (`<b>`, `<foo\nbar>`).
  const following = run.value.slice(index + 2) + (run.nextHtml ?? '')
  const end = following.indexOf(')')
  const destination = end === -1 ? following : following.slice(0, end)
  if (destination.includes('\n')) return 'the address runs onto the next line, and an address cannot hold a line break'
  const problem = destinationProblem(destination, end === -1 ? '' : following.slice(end), 'address')
  return problem ? problem.reason : 'the brackets before it do not pair up into a link'
}

interface TextRun {
  value: string
  start: number
  end: number
  /** The run follows a link (or a span holding one) that an earlier `[` of the same text wraps: a link in a link. */
  afterInnerLink: boolean
  /** Raw HTML right after the run, and the text after it: `<foo\nbar>` in `[link](<foo\nbar>)` is read as a tag. */
  nextHtml?: string | undefined
}

/**
 * Neighbouring text nodes and GFM's literal autolinks, as one text with its place in the file: GFM makes
 * `https://x.org/a` in `[BLS](https://x.org/a b.htm)` a link of its own, which splits the text. An
 * autolink written in angle brackets, `<https://…>`, is the editor's own and ends the run.
 */
function* textRuns(children: readonly PhrasingContent[], source: string): Generator<TextRun> {
  let run: TextRun | undefined
  let seen = ''
  let afterLink = false
  for (const [index, child] of children.entries()) {
    const start = child.position?.start.offset
    const end = child.position?.end.offset
    const text = child.type === 'text' ? child.value : child.type === 'link' && start !== undefined && source[start] !== '<' ? autolinkText(child) : undefined
    if (text === undefined || start === undefined || end === undefined) {
      const next = children[index + 1]
      if (run) yield { ...run, nextHtml: child.type === 'html' ? child.value + (next?.type === 'text' ? next.value : '') : undefined }
      run = undefined
      afterLink = holdsLink(child)
    } else if (run) {
      run.value += text
      run.end = end
    } else run = { value: text, start, end, afterInnerLink: afterLink && seen.includes('[') }
    if (text !== undefined) seen += text
  }
  if (run) yield run
}

function holdsLink(node: PhrasingContent): boolean {
  if (node.type === 'link' || node.type === 'linkReference') return true
  return 'children' in node && (node.children as PhrasingContent[]).some(holdsLink)
}

function autolinkText(link: Link): string | undefined {
  const [child] = link.children
  if (link.children.length !== 1 || child?.type !== 'text') return undefined
  return [child.value, `http://${child.value}`, `mailto:${child.value}`].includes(link.url) ? child.value : undefined
}

/**
 * What stopped `(destination)` from making a link or an image, when the destination itself is the cause.
 * `after` is the text after the match (the regex stops at the first `)`).
 */
function destinationProblem(destination: string, after: string, noun: 'address' | 'path'): { reason: string; fixed?: string } | undefined {
  const trimmed = destination.trim()
  if (trimmed.startsWith('<') && !trimmed.includes('>')) return { reason: `the \`<\` opens ${noun === 'address' ? 'an' : 'a'} ${noun} in angle brackets that no \`>\` closes on its line` }
  if (/^<[^>]*>\S/.test(trimmed)) return { reason: `text follows the ${noun} in angle brackets, \`${/^<[^>]*>/.exec(trimmed)![0]}\`` }
  const opened = (trimmed.match(/\(/g) ?? []).length
  if (opened > 0 && after.startsWith(')')) {
    const whole = `${trimmed})${/^\)[^\s)]*\)*/.exec(after)![0].slice(1)}`
    return { reason: `the parentheses in the ${noun} do not pair up`, fixed: `<${whole}>` }
  }
  const title = /^(\S+)\s+(["'(][\s\S]*)$/.exec(trimmed)
  if (title) return { reason: `the title after the ${noun}, \`${title[2]}\`, holds its own quote marks (write them \`\\"\`)` }
  if (/\s/.test(trimmed)) return { reason: `the ${noun} has a space` }
  return undefined
}

function imageFix(alt: string, destination: string, after: string): { reason: string; hint?: string } {
  const trimmed = destination.trim()
  const written = `![${alt}](${destination})`
  const problem = destinationProblem(destination, after, 'path')
  if (problem?.reason === 'the path has a space') {
    return {
      reason: `The image \`${written}\` did not parse, so it would be printed as it is written: its path has a space`,
      hint: `Put the path in angle brackets: \`![${alt}](<${trimmed}>)\`, or rename the file without spaces.`,
    }
  }
  if (problem) return { reason: `The image \`${written}\` did not parse, so it would be printed as it is written: ${problem.reason}` }
  return { reason: `The image \`${written}\` did not parse, so it would be printed as it is written: its \`[…]\` holds brackets that do not pair up, or a link` }
}

function linkFix(label: string, destination: string, after: string, file: VFile, context: ResourceContext): { reason: string; hint?: string } {
  const trimmed = destination.trim()
  const written = `[${label}](${destination})`
  const reason = `The link \`${written}\` did not parse, so it would be printed as it is written`
  const problem = destinationProblem(destination, after, 'address')
  const addressLike = /^[a-z][a-z0-9+.-]*:|^\/|[/\\]|\.[a-z0-9]{1,5}$/i.test(trimmed)
  if (problem && problem.reason !== 'the address has a space') {
    return { reason: `${reason}: ${problem.reason}`, hint: problem.fixed ? `Put the address in angle brackets: \`[${label}](${problem.fixed})\`.` : undefined }
  }
  if (problem && addressLike) {
    // An address or a path: the space is what stopped it.
    const fixed = /^https?:/i.test(trimmed) ? trimmed.replace(/\s/g, '%20') : `<${trimmed}>`
    return { reason: `${reason}: the address has a space`, hint: `Write it \`[${label}](${fixed})\`.` }
  }
  if (!problem) {
    return { reason: `${reason}: its \`[…]\` holds brackets that do not pair up, or a link`, hint: `Escape the brackets that are text, \`\\[\` and \`\\]\`, or remove the link inside.` }
  }
  const chapter = likelyChapter(trimmed, file, context) ?? likelyChapter(label, file, context)
  if (chapter) {
    return { reason: `${reason}: \`${trimmed}\` is not a file or an address`, hint: `To link to that chapter, write its file name: \`[${label}](${chapter})\`.` }
  }
  return { reason: `${reason}: \`${trimmed}\` is not a file or an address`, hint: `Write the address, \`[${label}](https://…)\`, or a chapter's file name, \`[${label}](YYYY-MM-DD-<slug>.md)\`.` }
}

/** The chapter file whose slug is nearest to `text` read as a slug, when it is near enough to be meant. */
function likelyChapter(text: string, file: VFile, context: ResourceContext): string | undefined {
  const wanted = toName(text)
  context.reads?.allChapters(context.chapterSlugs)
  const files = [...context.chapterSlugs.entries()].filter(([chapter]) => path.resolve(chapter) !== path.resolve(file.path))
  if (!wanted || files.length === 0) return undefined
  const slug = closest(wanted, files.map(([, slug]) => slug))
  if (distance(wanted, slug) > Math.max(2, Math.floor(slug.length / 4))) return undefined
  const [target] = files.find(([, candidate]) => candidate === slug)!
  return path.relative(path.dirname(file.path), target).split(path.sep).join('/')
}
