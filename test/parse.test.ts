/**
 * The parse stage (src/parse/): Markdown with YAML front matter and GFM to
 * mdast, every node positioned in the file as the editor sees it.
 */
import { VFile } from 'vfile'
import { describe, expect, it } from 'vitest'
import { parseMarkdown } from '../src/parse/index.ts'

const text = [
  '---',
  'title: Nurse',
  '---',
  '',
  '## Salary',
  '',
  '| Role | Pay |',
  '| --- | --- |',
  '| RN | $80,000 |',
  '',
  'See www.bls.gov or write to jane@example.org.[^1] ~~old~~',
  '',
  '- [x] licensed',
  '',
  '[^1]: The note.',
  '',
].join('\n')

describe('parseMarkdown', () => {
  const tree = parseMarkdown(new VFile(text))
  const types = tree.children.map((node) => node.type)

  it('reads the front matter as a yaml node at the top, with its text', () => {
    expect(types[0]).toBe('yaml')
    expect((tree.children[0] as { value: string }).value).toBe('title: Nurse')
  })

  it('reads GitHub tables, autolink literals, footnotes, strikethrough and task lists', () => {
    expect(types).toEqual(['yaml', 'heading', 'table', 'paragraph', 'list', 'footnoteDefinition'])
    const paragraph = JSON.stringify(tree.children[3])
    expect(paragraph).toContain('"url":"http://www.bls.gov"')
    expect(paragraph).toContain('"url":"mailto:jane@example.org"')
    expect(paragraph).toContain('"type":"footnoteReference"')
    expect(paragraph).toContain('"type":"delete"')
    expect((tree.children[4] as { children: { checked: boolean }[] }).children[0]!.checked).toBe(true)
  })

  it('positions every node at its line and column in the file', () => {
    const table = tree.children[2]!
    expect(table.position!.start).toMatchObject({ line: 7, column: 1 })
    const paragraph = tree.children[3] as { children: { type: string; position?: { start: { line: number; column: number } } }[] }
    const email = paragraph.children.find((node) => node.type === 'link' && JSON.stringify(node).includes('mailto'))
    expect(email!.position!.start).toMatchObject({ line: 11, column: 29 })
  })
})
