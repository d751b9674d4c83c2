/**
 * The transform stage: a validated Markdown body becomes a sanitized HTML
 * tree (raw HTML parsed, then cut down to the allow-list in schema.ts), with
 * Kindle-style footnotes and book-wide unique ids; then, per output, XHTML
 * that is well-formed XML. Markdown that did not parse is reported first;
 * the text, and the printed front matter, get curly quotes and dashes.
 *
 * Order matters: raw HTML must be parsed (raw.ts, so that an unclosed tag
 * stays in its block) before it can be sanitized; the
 * report plugins run before sanitizing (they say what will go); semantic
 * attributes are added after it (they must never come from the author).
 */
import type { Root as HastRoot } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import type { VFile } from 'vfile'
import type { Chapter, ImageAsset, TransformedBody, TransformedChapter } from '../chapter.ts'
import { kindleFootnotes } from './plugins/footnotes.ts'
import { bodyBlocks } from './source-blocks.ts'
import { reportLiteralMarkdown } from './plugins/literal-markdown.ts'
import { typesetBody, typesetMeta } from './plugins/typography.ts'
import { namespaceIds } from './plugins/ids.ts'
import { prepareForSanitize } from './plugins/prepare.ts'
import { parseRawHtml } from './plugins/raw.ts'
import { repairAfterSanitize } from './plugins/repair.ts'
import { reportUnsafe } from './plugins/report-unsafe.ts'
import { checkResources, type ResourceContext, type Resources } from './plugins/resources.ts'
import { stripXmlForbidden } from './plugins/xml-chars.ts'
import { sanitizeSchema } from './schema.ts'

export { imageMediaTypes, type ResourceContext } from './plugins/resources.ts'
export { toName } from './plugins/ids.ts'

/** The id of a chapter in both outputs: its section id, and its file name in the EPUB. */
export function chapterId(slug: string): string {
  return `ch-${slug}`
}

/** Transform a body (even of a chapter whose front matter failed, so that all problems show at once). */
export function transformBody(
  file: VFile,
  idPrefix: string,
  tree: MdastRoot,
  context: ResourceContext,
): { body: TransformedBody } & Resources {
  let resources: Resources = { images: new Map(), chapterLinks: new Map() }
  const processor = unified()
    .use(() => (mdast: MdastRoot, vfile: VFile) => reportLiteralMarkdown(mdast, vfile, context))
    .use(() => (mdast: MdastRoot) => typesetBody(mdast))
    .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: 'fn-', footnoteLabel: 'Notes' })
    .use(() => (hast: HastRoot, vfile: VFile) => parseRawHtml(hast, vfile))
    .use(() => (hast: HastRoot) => prepareForSanitize(hast))
    .use(() => (hast: HastRoot, vfile: VFile) => reportUnsafe(hast, vfile))
    .use(() => (hast: HastRoot, vfile: VFile) => {
      resources = checkResources(hast, vfile, context)
    })
    .use(rehypeSanitize, sanitizeSchema)
    .use(() => (hast: HastRoot) => repairAfterSanitize(hast))
    .use(() => (hast: HastRoot, vfile: VFile) => stripXmlForbidden(hast, vfile))
    .use(() => (hast: HastRoot) => kindleFootnotes(hast))
    .use(() => (hast: HastRoot, vfile: VFile) => namespaceIds(hast, vfile, idPrefix))
  // The Markdown tree is changed (typography) and not used after this; mdast-util-to-hast makes new nodes.
  const hast = processor.runSync(tree, file) as HastRoot
  return { body: serializeNeutral(hast, resources), ...resources }
}

/** Transform a valid chapter's body (`tree`, from validateChapter). */
export function transformChapter(chapter: Chapter, tree: MdastRoot, context: ResourceContext): TransformedChapter {
  // Before the transform, which sets the tree's typography: the blocks as the editor wrote them.
  const blocks = bodyBlocks(tree)
  const { body, images, chapterLinks } = transformBody(chapter.file, chapterId(chapter.slug), tree, context)
  return { chapter: { ...chapter, meta: typesetMeta(chapter.meta) }, body, images, chapterLinks, blocks: () => blocks }
}

/**
 * Placeholders: a URL scheme the sanitizer never lets an author write, so
 * only ours exist. Each is an attribute value inside a tag; serialized text
 * never holds a literal `<` and attribute values never a literal `"`, so
 * the pattern below cannot match anything else.
 */
const placeholderScheme = 'springboard-target'
const placeholders = new RegExp(`(<(?:a|img)\\s(?:[^<>]*?\\s)?(?:href|src)=")${placeholderScheme}:(chapter|image):(\\d+)"`, 'g')

function serializeNeutral(tree: HastRoot, resources: Resources): TransformedBody {
  const imageKeys = [...resources.images.keys()]
  const linkKeys = [...resources.chapterLinks.keys()]
  visit(tree, 'element', (node) => {
    if (node.tagName === 'a' && typeof node.properties.href === 'string' && resources.chapterLinks.has(node.properties.href)) {
      node.properties.href = `${placeholderScheme}:chapter:${linkKeys.indexOf(node.properties.href)}`
    }
    if (node.tagName === 'img' && typeof node.properties.src === 'string' && resources.images.has(node.properties.src)) {
      node.properties.src = `${placeholderScheme}:image:${imageKeys.indexOf(node.properties.src)}`
    }
  })
  const notesIndex = tree.children.findIndex(
    (node) => node.type === 'element' && node.tagName === 'div' && String(node.properties.className) === 'footnotes',
  )
  const notes = notesIndex === -1 ? [] : tree.children.splice(notesIndex, 1)
  return { html: toXhtml(tree), notes: notes.length > 0 ? toXhtml({ type: 'root', children: notes }) : '' }
}

/** Where links between chapters and images point in one output. */
export interface OutputTarget {
  chapterHref(slug: string): string
  imageSrc(image: ImageAsset): string
}

export type SerializedBody = TransformedBody

/** Serialize a transformed body for one output: links to chapters and images point where that output keeps them. */
export function serializeBody(
  transformed: { body: TransformedBody; images: ReadonlyMap<string, ImageAsset>; chapterLinks: ReadonlyMap<string, string> },
  target: OutputTarget,
): SerializedBody {
  // No memo: a body is one pass of one pattern per output, and what is kept between builds is the build
  // cache's alone (src/cache/index.ts: one place, one rule).
  const images = [...transformed.images.values()]
  const slugs = [...transformed.chapterLinks.values()]
  const address = (_: string, start: string, kind: string, index: string) => {
    const href = kind === 'chapter' ? target.chapterHref(slugs[Number(index)]!) : target.imageSrc(images[Number(index)]!)
    return `${start}${escapeAttribute(href)}"`
  }
  return { html: transformed.body.html.replace(placeholders, address), notes: transformed.body.notes.replace(placeholders, address) }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;').replace(/"/g, '&#x22;')
}

/** rehype-stringify with XHTML syntax: void elements closed, attributes quoted, only numeric character references. */
const xhtmlSerializer = unified()
  .use(rehypeStringify, {
    closeSelfClosing: true,
    characterReferences: { useNamedReferences: false },
    allowDangerousCharacters: false,
    allowDangerousHtml: false,
  })
  .freeze()

export function toXhtml(tree: HastRoot): string {
  return escapeForXml(xhtmlSerializer.stringify(tree))
}

/**
 * hast-util-to-html escapes what HTML needs, which is less than XML needs:
 * it leaves `>` in text (XML forbids `]]>` there) and `<` in attribute
 * values (XML forbids it outright). Its output keeps a shape that makes
 * the rest safe to finish here: text never holds a literal `<`, attribute
 * values are always double-quoted and never hold a literal `"`, and there
 * are no comments, doctypes or raw HTML (sanitized away, or off above).
 */
function escapeForXml(html: string): string {
  return html.replace(/(<[^"<>]*(?:"[^"]*"[^"<>]*)*>)|>/g, (match, tag: string | undefined) =>
    tag === undefined ? '&#x3E;' : tag.replace(/"[^"]*"/g, (value) => value.replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;')),
  )
}
