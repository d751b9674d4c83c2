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
import { textSpan } from '../../validate/spans.ts'
import { toName } from './ids.ts'
import type { ResourceContext } from './resources.ts'

const written = /(!?)\[([^\]\n]*)\]\(([^)\n]*)\)/g
const footnote = /\[\^([^\]\s]+)\]/g

export function reportLiteralMarkdown(tree: MdastRoot, file: VFile, context: ResourceContext): void {
  visit(tree, (node) => {
    if (!('children' in node)) return
    for (const run of textRuns(node.children as PhrasingContent[])) {
      const span = textSpan(file, run.value, run.start, run.end)
      const covered: [number, number][] = []
      const at = (index: number, length: number) => {
        covered.push([index, index + length])
        return span.place(index, length)
      }
      for (const match of run.value.matchAll(written)) {
        const place = at(match.index, match[0].length)
        if (!place) continue
        const [, bang, label, destination] = match as unknown as [string, string, string, string]
        const { reason, hint } = bang ? imageFix(label, destination) : linkFix(label, destination, file, context)
        report(file, 't-005', reason, place, hint)
      }
      for (const match of run.value.matchAll(footnote)) {
        const place = at(match.index, match[0].length)
        if (!place) continue
        const hint = `Add the note on a line of its own at the end of the chapter, \`${match[0]}: The source.\`, or remove \`${match[0]}\`.`
        report(file, 't-006', `The footnote \`${match[0]}\` has no note, so it would be printed as it is written`, place, hint)
      }
      // What is left: an opening `![` or a `](` that no pattern above explains.
      for (const match of run.value.matchAll(/!\[|\]\(/g)) {
        if (covered.some(([from, to]) => match.index >= from && match.index < to)) continue
        const place = span.place(match.index, 2)
        if (place) report(file, 't-005', `\`${match[0]}\` would be printed as it is written: the image or link around it did not parse`, place)
      }
    }
  })
}

/**
 * Neighbouring text nodes and autolinks, as one text with its place in the file: GFM makes
 * `https://x.org/a` in `[BLS](https://x.org/a b.htm)` a link of its own, which splits the text.
 */
function* textRuns(children: readonly PhrasingContent[]): Generator<{ value: string; start: number; end: number }> {
  let run: { value: string; start: number; end: number } | undefined
  for (const child of children) {
    const text = child.type === 'text' ? child.value : child.type === 'link' ? autolinkText(child) : undefined
    const start = child.position?.start.offset
    const end = child.position?.end.offset
    if (text === undefined || start === undefined || end === undefined) {
      if (run) yield run
      run = undefined
    } else if (run) {
      run.value += text
      run.end = end
    } else run = { value: text, start, end }
  }
  if (run) yield run
}

function autolinkText(link: Link): string | undefined {
  const [child] = link.children
  if (link.children.length !== 1 || child?.type !== 'text') return undefined
  return [child.value, `http://${child.value}`, `mailto:${child.value}`].includes(link.url) ? child.value : undefined
}

function imageFix(alt: string, destination: string): { reason: string; hint?: string } {
  const trimmed = destination.trim()
  if (/\s/.test(trimmed)) {
    return {
      reason: `The image \`![${alt}](${destination})\` did not parse, so it would be printed as it is written: its path has a space`,
      hint: `Put the path in angle brackets: \`![${alt}](<${trimmed}>)\`, or rename the file without spaces.`,
    }
  }
  return { reason: `The image \`![${alt}](${destination})\` did not parse, so it would be printed as it is written` }
}

function linkFix(label: string, destination: string, file: VFile, context: ResourceContext): { reason: string; hint?: string } {
  const trimmed = destination.trim()
  const written = `[${label}](${destination})`
  const reason = `The link \`${written}\` did not parse, so it would be printed as it is written`
  if (/^[a-z][a-z0-9+.-]*:|^\/|[/\\]|\.[a-z0-9]{1,5}$/i.test(trimmed)) {
    // An address or a path: the space is what stopped it.
    const fixed = /^https?:/i.test(trimmed) ? trimmed.replace(/\s/g, '%20') : `<${trimmed}>`
    return { reason: `${reason}: the address has a space`, hint: `Write it \`[${label}](${fixed})\`.` }
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
