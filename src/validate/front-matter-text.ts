/**
 * What a paste leaves in the front matter: tabs and non-breaking spaces in
 * the indentation, `■` bullets instead of `- `, curly quotes around a
 * value, a name cut off at `(`, characters the fonts lack. The first two
 * break the YAML itself, so they are found line by line before it is
 * parsed, and repaired (one character for one, so that every position
 * stays true) for the parse only: the errors are reported, and the rest of
 * the front matter is still checked.
 */
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Scalar } from 'yaml'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'
import { report } from '../report/messages.ts'
import { describeField } from '../report/yaml.ts'
import { checkWebUrl, secureForm } from '../text/urls.ts'
import type { GlyphCoverage } from '../text/glyphs.ts'
import { bulletCharacters, noGlyph, unclosedParenthesis } from './paste.ts'
import { textSpan } from './spans.ts'

type Path = (string | number)[]

/** Fields printed in the book (and the handouts): their text must be set in the book's fonts. */
const printed = new Set(['title', 'summary', 'category', 'degree', 'certifications', 'competencies', 'resources.name'])

export interface ScannedYaml {
  /** The YAML with tabs and non-breaking spaces of indentation made spaces, and bullets made `-`. */
  text: string
  /** Whether the indentation had tabs or non-breaking spaces (the parser's complaints about it are not news). */
  indentation: boolean
}

/** Report the indentation and bullets of each line of the front matter (`text`, at `offset` in the file). */
export function scanFrontMatterLines(file: VFile, text: string, offset: number): ScannedYaml {
  const place = location(file)
  let indentation = false
  let lineStart = 0
  const lines = text.split('\n').map((line) => {
    const start = lineStart
    lineStart += line.length + 1
    // Leading whitespace, and the whitespace after each `-` of a list item: YAML's indentation.
    const prefix = /^[ \t\u00A0]*(?:-[ \t\u00A0]+)*/.exec(line)![0]
    const leading = /^[ \t\u00A0]*/.exec(line)![0].length
    const bad = [...prefix].flatMap((character, index) =>
      character === '\u00A0' || (character === '\t' && index < leading) ? [{ character, index }] : [],
    )
    if (bad.length > 0) {
      indentation = true
      const kinds = [...new Set(bad.map(({ character }) => (character === '\t' ? 'a tab' : 'a non-breaking space (U+00A0)')))]
      report(file, 'm-011', `The line is indented with ${kinds.join(' and ')}: YAML indents with spaces only`, place.toPoint(offset + start + bad[0]!.index))
    }
    let repaired = [...prefix].map((character) => (character === '\t' || character === '\u00A0' ? ' ' : character)).join('') + line.slice(prefix.length)
    const bullet = bulletCharacters.exec(line.slice(prefix.length, prefix.length + 1))
    if (bullet && /^[ \t]/.test(line.slice(prefix.length + 1))) {
      const listed = prefix.includes('-')
      report(
        file,
        't-001',
        listed ? `The list item starts with \`${bullet[0]}\` after its \`-\`: it would print with two bullets` : `The line starts with \`${bullet[0]}\`, which YAML does not read as a list item`,
        place.toPoint(offset + start + prefix.length),
        `Write \`- \` instead: \`- ${line.slice(prefix.length + 1).trim().replace(/^(.{40}).+/u, '$1…')}\`.`,
      )
      repaired = repaired.slice(0, prefix.length) + (listed ? ' ' : '-') + repaired.slice(prefix.length + 1)
    }
    return repaired
  })
  return { text: lines.join('\n'), indentation }
}

/** Check every value of the parsed front matter (`offset`: where its YAML starts in the file). */
export function checkFrontMatterValues(file: VFile, doc: Document, offset: number, glyphs: GlyphCoverage): void {
  walk(doc.contents, [], (node, path) => {
    if (typeof node.value !== 'string' || !node.range) return
    const span = textSpan(file, node.value, offset + node.range[0], offset + node.range[1])
    const name = describeField(path)
    const Name = name.charAt(0).toUpperCase() + name.slice(1)
    if (/^[“‘„‚«‹]/.test(node.value) && /[”’“‘»›]$/.test(node.value) && node.value.length > 1) {
      const last = path[path.length - 1]
      const written = typeof last === 'number' ? `- ${node.value.slice(1, -1)}` : `${last}: ${node.value.slice(1, -1)}`
      report(file, 'm-010', `${Name} is wrapped in curly quotes, which would be printed: \`${node.value}\``, span.start, `Write it without them: \`${written}\`.`)
    }
    const secure = path[path.length - 1] === 'url' && !checkWebUrl(node.value) ? secureForm(node.value) : undefined
    if (secure) report(file, 'l-010', `The address of ${describeField(path.slice(0, -1))}, \`${node.value}\`, is not secure: use \`${secure}\``, span.start)
    const bullet = bulletCharacters.exec(node.value.slice(0, 1))
    if (bullet) report(file, 't-001', `${Name} starts with \`${bullet[0]}\`, a bullet that is not Markdown`, span.start)
    if (!printed.has(path.filter((key) => typeof key === 'string').join('.'))) return
    const cut = unclosedParenthesis(node.value)
    if (cut !== undefined) {
      report(file, 't-002', `${Name} ends in an unclosed \`(\`: the rest looks cut off`, span.place(cut) ?? span.start)
    }
    for (const { index, text } of glyphs.missing(node.value)) {
      report(file, 't-007', noGlyph(text), span.place(index, text.length) ?? span.start)
    }
  })
}

function walk(node: YamlNode | null, path: Path, visit: (node: Scalar, path: Path) => void): void {
  if (isScalar(node)) visit(node, path)
  else if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) walk(pair.value as YamlNode | null, [...path, String(pair.key.value)], visit)
    }
  } else if (isSeq(node)) node.items.forEach((item, index) => walk(item as YamlNode | null, [...path, index], visit))
}
