/**
 * Where a key of a chapter's front matter or of the book config sits, for
 * the messages that come after validation (two chapters with one title, a
 * handout too long for its page, a missing cover). The YAML is parsed again
 * with positions: it is small, and nothing has to be kept from validation
 * (watch mode reuses chapters without re-validating them).
 */
import type { Root as MdastRoot } from 'mdast'
import type { Position } from 'unist'
import { VFile } from 'vfile'
import { location } from 'vfile-location'
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml'
import { parseMarkdown } from '../parse/index.ts'

export type YamlPath = readonly (string | number)[]

/** The key of `path` in the chapter's front matter (for a list item: the item). */
export function frontMatterKeyPosition(file: VFile, path: YamlPath): Position | undefined {
  const yaml = frontMatterOf(file)
  return yaml && positionIn(file, yaml.text, yaml.offset, path, 'key')
}

/** The value of `path` in the chapter's front matter. */
export function frontMatterValuePosition(file: VFile, path: YamlPath): Position | undefined {
  const yaml = frontMatterOf(file)
  return yaml && positionIn(file, yaml.text, yaml.offset, path, 'value')
}

/** The key of `path` in the book config (`file` is springboard.yaml). */
export function configKeyPosition(file: VFile, path: YamlPath): Position | undefined {
  return positionIn(file, String(file), 0, path, 'key')
}

/** The value of `path` in the book config. */
export function configValuePosition(file: VFile, path: YamlPath): Position | undefined {
  return positionIn(file, String(file), 0, path, 'value')
}

/** The front matter's YAML and its offset in the file: the text after the opening `---` line. */
export function frontMatterText(file: VFile, tree: MdastRoot): { text: string; offset: number; start: number } | undefined {
  const node = tree.children[0]
  if (node?.type !== 'yaml') return undefined
  const start = node.position?.start.offset ?? 0
  return { text: node.value, offset: String(file).indexOf('\n', start) + 1, start }
}

function frontMatterOf(file: VFile): { text: string; offset: number } | undefined {
  // The parser reads the front matter at the file's start: the opening through the first closing `---` line is
  // enough (a chapter's placed findings are many at 520 chapters: parsing each whole body took 0.3 s of a check).
  const opening = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(String(file))?.[0]
  if (opening) {
    const found = frontMatterText(file, parseMarkdown(new VFile({ path: file.path, value: opening })))
    if (found) return found
  }
  return frontMatterText(file, parseMarkdown(file))
}

function positionIn(file: VFile, text: string, offset: number, path: YamlPath, part: 'key' | 'value'): Position | undefined {
  const doc = parseDocument(text, { prettyErrors: false })
  const node = part === 'key' ? keyNode(doc.contents, path) : (doc.getIn(path, true) as YamlNode | undefined)
  const range = node?.range ?? (part === 'value' ? keyNode(doc.contents, path)?.range : undefined)
  if (!range) return undefined
  const place = location(file)
  const start = place.toPoint(offset + range[0])
  const end = place.toPoint(offset + range[1])
  return start && end ? { start, end } : undefined
}

/** The key node of the last element of `path` (for a list index: the item itself). */
function keyNode(root: unknown, path: YamlPath): YamlNode | undefined {
  let parent = root
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key)
      if (!pair) return undefined
      if (last) return pair.key as YamlNode
      parent = pair.value
    } else if (isSeq(parent) && typeof key === 'number') {
      const item = parent.items[key] as YamlNode | undefined
      if (!item || last) return item
      parent = item
    } else return undefined
  }
  return undefined
}
