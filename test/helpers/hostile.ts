/**
 * Hostile chapter content from the hardening issue: what a pasted widget,
 * a Word export or a careless merge puts into a Markdown file. Each case
 * carries marker words so a test can find what survives of it; the cases
 * produce warnings at most, never errors, so a book made of them builds
 * (but for the characters the book's fonts lack: see `unprintable`).
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import path from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import { expect } from 'vitest'
import type { VFileMessage } from 'vfile-message'
import { validChapter } from './book.ts'
import { ancestorsOf, elementWithText, textOf, type ParsedXml, type XmlElement } from './xhtml.ts'

/** What a check sees: the chapter's XHTML parsed, and the messages of its file. */
export interface Outcome {
  parsed: ParsedXml
  messages: readonly VFileMessage[]
}

export interface HostileCase {
  name: string
  markdown: string
  /**
   * The case holds characters the book's fonts lack (emoji, scripts they do not cover, U+FFFD): `check`
   * refuses it (t-007), so it stays out of the hostile book and its body is transformed on its own.
   */
  unprintable?: true
  /** What must hold for this case beyond well-formed, unique ids and no active content (checked for all). */
  check(outcome: Outcome): void
}

const text = (outcome: Outcome) => (outcome.parsed.root ? textOf(outcome.parsed.root) : '')
const named = (outcome: Outcome, name: string) => outcome.parsed.elements.filter((element) => element.name === name)
const reasons = (outcome: Outcome, rule: string) => outcome.messages.filter((message) => message.ruleId === rule).map((message) => message.reason)
const containing = (outcome: Outcome, marker: string): XmlElement => {
  const element = elementWithText(outcome.parsed, marker)
  expect(element, `no element holds ${marker}`).toBeDefined()
  return element!
}
/** The names of the element holding `marker` and of its ancestors inside the chapter body (not the template's, nor the fragment's root). */
const lineage = (outcome: Outcome, marker: string) => {
  const names: string[] = []
  for (let node: XmlElement | undefined = containing(outcome, marker); node?.parent && !node.attributes.class?.split(' ').includes('chapter-body'); node = node.parent) {
    names.push(node.name)
  }
  return names
}
const expectText = (outcome: Outcome, present: string[], absent: string[] = []) => {
  const all = text(outcome)
  for (const marker of present) expect(all, marker).toContain(marker)
  for (const marker of absent) expect(all, marker).not.toContain(marker)
}

/** A 1×1 PNG, for cases that need an image that exists (`assets/dot.png`). */
export const dotPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
)

/** Every character XML 1.0 forbids that can be typed into a UTF-8 file (the issue's list, plus NUL and U+FFFF). */
export const forbiddenCharacters = [
  '\u0000', '\u0001', '\u0002', '\u0003', '\u0004', '\u0005', '\u0006', '\u0007', '\u0008', '\u000B', '\u000C',
  '\u000E', '\u000F', '\u0010', '\u0011', '\u0012', '\u0013', '\u0014', '\u0015', '\u0016', '\u0017', '\u0018',
  '\u0019', '\u001A', '\u001B', '\u001C', '\u001D', '\u001E', '\u001F', '\uFFFE', '\uFFFF',
]

export const longWord = 'supercalifragilistic'.repeat(150)

export const hostileCases: HostileCase[] = [
  {
    name: 'script',
    markdown: `<script>window.SCRIPT1 = 1</script>

<SCRIPT type="module">SCRIPT2()</SCRIPT>

Text with <script>SCRIPT3()</script> inline, <noscript>SCRIPT4</noscript> <base href="https://evil.example/"> <meta http-equiv="refresh" content="0;url=https://evil.example/">

\`\`\`html
<script>CODEKEPT()</script>
\`\`\``,
    check(outcome) {
      expectText(outcome, ['CODEKEPT'], ['SCRIPT1', 'SCRIPT2', 'SCRIPT3', 'SCRIPT4'])
      // The fenced example is text in a code block, not a script.
      expect(containing(outcome, 'CODEKEPT').name).toBe('code')
      expect(textOf(containing(outcome, 'CODEKEPT'))).toContain('<script>')
      expect(reasons(outcome, 'x-002').join('\n')).toMatch(/<script>/)
    },
  },
  {
    name: 'style',
    markdown: `<style>body { display: none } /* STYLE1 */</style>

<p style="color: red">STYLE2</p> <link rel="stylesheet" href="https://evil.example/x.css">`,
    check(outcome) {
      expectText(outcome, ['STYLE2'], ['STYLE1', 'display: none'])
      expect(containing(outcome, 'STYLE2').attributes.style).toBeUndefined()
    },
  },
  {
    name: 'event handlers',
    markdown: `<p onclick="steal()" onMouseOver='steal()' ONLOAD=steal()>HANDLER1</p>

<a href="https://www.bls.gov/" onfocus="steal()">HANDLER2</a> <img src="dot.png" alt="HANDLER3" onerror="steal()"> <span onpointerenter="x">HANDLER4</span>`,
    check(outcome) {
      expectText(outcome, ['HANDLER1', 'HANDLER2', 'HANDLER4'])
      expect(named(outcome, 'img').some((image) => image.attributes.alt === 'HANDLER3')).toBe(true)
      const reported = reasons(outcome, 'x-002').join('\n')
      for (const handler of ['onclick', 'onmouseover', 'onload', 'onfocus', 'onerror', 'onpointerenter']) expect(reported).toContain(`\`${handler}\``)
    },
  },
  {
    name: 'javascript: URLs',
    markdown: `[JSURL1](javascript:alert(1)) <a href="JaVaScRiPt:alert(1)">JSURL2</a> <a href="  javascript:alert(1)">JSURL3</a> <a href="java&#x09;script:alert(1)">JSURL4</a> <a href="&#x6A;avascript&colon;alert(1)">JSURL5</a> [JSURL6](javascript&#58;alert(1)) <a href="vbscript:msgbox(1)">JSURL7</a>

[JSURL8]: javascript:alert(8)

Reference: [JSURL8].`,
    check(outcome) {
      for (let n = 1; n <= 8; n++) {
        const link = containing(outcome, `JSURL${n}`)
        expect(link.name, `JSURL${n}`).toBe('a')
        expect(link.attributes.href, `JSURL${n}`).toBeUndefined()
      }
      // Each is reported as an address a book cannot follow, the tab-split one included (not as a missing file).
      expect(reasons(outcome, 'l-007').filter((reason) => /`(?:java|vb)script:`/.test(reason))).toHaveLength(8)
      expect(reasons(outcome, 'l-003')).toEqual([])
    },
  },
  {
    name: 'data: URLs',
    markdown: `![DATAURL1](data:image/png;base64,iVBORw0KGgo=) <img src="data:image/svg+xml,%3Csvg onload=alert(1)%3E" alt="DATAURL2"> <a href="data:text/html,%3Cscript%3Ealert(1)%3C/script%3E">DATAURL3</a> ![DATAURL4]()`,
    check(outcome) {
      // Images that lose their address become their alt text; none is left without a src.
      expectText(outcome, ['DATAURL1', 'DATAURL2', 'DATAURL3', 'DATAURL4'])
      for (const image of named(outcome, 'img')) expect(image.attributes.src ?? '').not.toBe('')
      expect(containing(outcome, 'DATAURL3').attributes.href).toBeUndefined()
      expect(reasons(outcome, 'l-007').join('\n')).toMatch(/data:/)
    },
  },
  {
    name: 'iframe',
    markdown: `<iframe src="https://evil.example/" srcdoc="<script>alert(1)</script>">IFRAME1</iframe>

Inline <iframe src="https://evil.example/"></iframe> IFRAME2 <frameset><frame src="x"></frameset>`,
    check(outcome) {
      expectText(outcome, ['IFRAME2'], ['IFRAME1'])
    },
  },
  {
    name: 'object and embed',
    markdown: `<object data="movie.swf" type="application/x-shockwave-flash"><param name="a" value="b"><embed src="movie.swf">OBJECT1</object>

<embed src="movie.swf" type="application/x-shockwave-flash"> OBJECT2 <applet code="x.class">OBJECT3</applet>`,
    check(outcome) {
      expectText(outcome, ['OBJECT2'], ['OBJECT1', 'OBJECT3'])
    },
  },
  {
    name: 'form and input',
    markdown: `<form action="https://evil.example/" method="post"><input name="q" value="FORM1"><input type="password"><button formaction="javascript:alert(1)">FORM2</button><textarea>FORM3</textarea><select><option>FORM4</option></select></form>

A lone <input type="text" value="FORM5"> and a task list:

- [x] FORM6 done
- [ ] FORM7 to do`,
    check(outcome) {
      expectText(outcome, ['FORM6', 'FORM7'], ['FORM2', 'FORM3', 'FORM4'])
      // Task list check boxes become ballot boxes, not form controls.
      expectText(outcome, ['☑', '☐'])
    },
  },
  {
    name: 'svg onload',
    markdown: `<svg onload="alert(1)"><circle r="1"/><text>SVG1</text></svg>

Inline <svg><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>SVG2</text></a></svg> and <math><mi xlink:href="javascript:alert(1)">MATH1</mi></math> SVG3`,
    check(outcome) {
      expectText(outcome, ['SVG3'], ['SVG1', 'SVG2', 'MATH1'])
    },
  },
  {
    name: 'entities',
    unprintable: true,
    markdown: `AMPREF1 &nbsp;|&copy;|&mdash;|&bogus;|&#0;|&#xD800;|&#xDFFF;|&#x1;|&#xFFFE;|&#1114112;|&amp;|&#x1F600;| AMPREF2

<p title="&copy;&#0;&#x1;&#xD800;&#xFFFE;&unknown;">AMPREF3 &nbsp;|&#0;|&#x1;|&#xD800;|&#xDC00;|&#xFFFE;|&#xFFFF;|&#x8;|&#x1B;|&unknown;|&amp;amp; AMPREF4</p>`,
    check(outcome) {
      const markdown = textOf(containing(outcome, 'AMPREF1'))
      for (const expected of ['\u00A0', '©', '—', '&bogus;', '\uFFFD', '&', '😀']) expect(markdown).toContain(expected)
      const raw = containing(outcome, 'AMPREF3')
      expect(textOf(raw)).toContain('&unknown;')
      expect(textOf(raw)).toContain('&amp;')
      expect(raw.attributes.title).toContain('©')
      expect(raw.attributes.title).toContain('&unknown;')
      // References to characters XML forbids are removed, with a warning.
      expect(reasons(outcome, 'x-001').length).toBeGreaterThan(0)
    },
  },
  {
    name: 'void elements',
    markdown: `VOID1<br>VOID2<br/>VOID3<BR>

<hr>

<p>VOID4<img src="dot.png" alt="VOID5"><wbr>VOID6</p>`,
    check(outcome) {
      expect(named(outcome, 'br').length).toBeGreaterThanOrEqual(3)
      expect(named(outcome, 'hr').length).toBeGreaterThanOrEqual(1)
      expect(named(outcome, 'img').some((image) => image.attributes.alt === 'VOID5')).toBe(true)
      expectText(outcome, ['VOID1', 'VOID2', 'VOID3', 'VOID4', 'VOID6'])
    },
  },
  {
    name: 'unclosed and misnested tags',
    markdown: `<b><i>MIS1</b></i> <em>MIS2 never closed

<ul><li>MIS3<li>MIS4</ul> </span>MIS5 <table><td>MIS6</td>

<a href="https://www.bls.gov/">MIS7 <a href="https://www.ahima.org/">MIS8</a></a> <p><h3>MIS9</h3></p> <li>MIS10</li> <dt>MIS11</dt> <figcaption>MIS12</figcaption> <caption>MIS13</caption> <td>MIS14</td>

<div><p>MIS15 <div>MIS16

<tr><td>MIS17</td></tr> <caption>MIS18</caption>

<td>MIS19</td>

<em>

MIS20 in a paragraph wrapped in emphasis

</em>

<span>MIS21

- <b>MIS22 list item
- MIS23

</span>`,
    check(outcome) {
      const markers = Array.from({ length: 23 }, (_, n) => `MIS${n + 1}`)
      expectText(outcome, markers)
      // An unclosed tag stays in its block: the next block is not inside it.
      expect(lineage(outcome, 'MIS3')).not.toContain('em')
      expect(lineage(outcome, 'MIS7')).not.toContain('table')
      expect(lineage(outcome, 'MIS17')).not.toContain('div')
      // A wrapper written around Markdown still wraps it.
      expect(containing(outcome, 'MIS20').name).toBe('em')
      expect(containing(outcome, 'MIS20').parent!.name).toBe('p')
    },
  },
  {
    name: 'CDATA, processing instructions, comments',
    markdown: `<![CDATA[ CDATA1 < & ]]>

<?xml-stylesheet href="https://evil.example/x.css"?>

COMMENT1 <!-- a -- b --> <!--> --> <!---> COMMENT2 <!-- ok -->

Text: ]]> CDEND1 and \`]]>\` <span title="a<b]]>c">CDEND2</span>`,
    check(outcome) {
      expectText(outcome, ['COMMENT1', 'COMMENT2', ']]> CDEND1'], ['CDATA1', 'xml-stylesheet', ' ok '])
      expect(textOf(containing(outcome, 'CDEND1'))).toContain(']]>')
      expect(containing(outcome, 'CDEND2').attributes.title).toBe('a<b]]>c')
      expect(reasons(outcome, 'x-003').length).toBeGreaterThan(0)
    },
  },
  {
    name: 'upper-case tags',
    markdown: `<P CLASS="x" ID="UpperId"><B>UPPER1</B> <A HREF="#description">UPPER2</A> <EM>UPPER3</EM><BR><IMG SRC="dot.png" ALT="UPPER4"></P>`,
    check(outcome) {
      const paragraph = containing(outcome, 'UPPER1').parent!
      expect(paragraph.name).toBe('p')
      expect(containing(outcome, 'UPPER1').name).toBe('b')
      expect(containing(outcome, 'UPPER3').name).toBe('em')
      const link = containing(outcome, 'UPPER2')
      expect(link.name).toBe('a')
      const heading = outcome.parsed.elements.find((element) => element.name === 'h2' && textOf(element) === 'Description')!
      expect(link.attributes.href).toBe(`#${heading.attributes.id}`)
      expect(named(outcome, 'img').some((image) => image.attributes.alt === 'UPPER4')).toBe(true)
    },
  },
  {
    name: 'attribute values',
    markdown: `<p dir="bogus" lang="!!">ATTR1</p> <p dir="RTL" lang="ar-EG">ATTR2</p> <ol start="abc"><li>ATTR3</li></ol> <table><tr><td colspan="abc" rowspan="-1">ATTR4</td><td colspan="0">ATTR5</td></tr></table> <span title="multi
line">ATTR6</span>`,
    check(outcome) {
      expect(containing(outcome, 'ATTR1').attributes).toEqual({})
      expect(containing(outcome, 'ATTR2').attributes).toEqual({ dir: 'rtl', lang: 'ar-EG' })
      expect(containing(outcome, 'ATTR3').parent!.attributes.start).toBeUndefined()
      expect(containing(outcome, 'ATTR4').attributes).toEqual({})
      expect(containing(outcome, 'ATTR5').attributes).toEqual({})
    },
  },
  {
    name: 'scripts of the world',
    unprintable: true,
    markdown: `### 看護師

### 👩🏽‍⚕️

### עברית

UNI1 Zalgo: Z\u0351\u0354\u0367\u0311\u0313a\u0308\u0356\u032D\u0308\u0307 and e\u0301 (decomposed) UNI2 emoji 👩🏽‍⚕️ 🇺🇸 🏥 math 𝔘𝔫𝔦 CJK 看護師になるには UNI3

<p dir="rtl" lang="ar">UNI4 ممرضة مسجلة</p>

Hebrew \u200Fאחות\u200F with marks \u202Eevil\u202C UNI5`,
    check(outcome) {
      expectText(outcome, [
        'Z\u0351\u0354\u0367\u0311\u0313a\u0308\u0356\u032D\u0308\u0307',
        'e\u0301 (decomposed)',
        '👩🏽‍⚕️ 🇺🇸 🏥',
        '𝔘𝔫𝔦',
        '看護師になるには',
        '\u200Fאחות\u200F',
        '\u202Eevil\u202C',
      ])
      const arabic = containing(outcome, 'UNI4')
      expect(arabic.attributes).toEqual({ dir: 'rtl', lang: 'ar' })
      expect(textOf(arabic)).toContain('ممرضة مسجلة')
      const headings = ['看護師', '👩🏽‍⚕️', 'עברית'].map((title) => outcome.parsed.elements.find((element) => element.name === 'h3' && textOf(element) === title))
      for (const heading of headings) expect(heading?.attributes.id).toMatch(/^[A-Za-z_][\w.-]*$/)
      expect(new Set(headings.map((heading) => heading!.attributes.id)).size).toBe(3)
    },
  },
  {
    name: 'long word',
    markdown: `LONG1 ${longWord} LONG2`,
    check(outcome) {
      expect(text(outcome)).toContain(`LONG1 ${longWord} LONG2`)
    },
  },
  {
    name: 'duplicate headings and colliding ids',
    markdown: `### Outlook

### Outlook

### Notes

### Notes

<a id="ch-hostile-title">IDS1</a> <span id="ch-hostile">IDS2</span> <span id="fn-fn-1">IDS3</span> <span id="fn-fnref-1">IDS4</span> <p id="ch-hostile_outlook">IDS5</p> <h3 id="outlook">IDS6</h3> <span id="">IDS7</span> <span id="1 2 &lt;x&gt;">IDS8</span> <span id="UpperId">IDS9</span> <span id="ch-hostile-glance">IDS10</span>

A note[^1] and [to outlook](#outlook), [to the second notes](#notes-2) and [back to a raw id](#fn-fn-1).

[^1]: IDS11 the footnote, with its own <span id="fn-fn-1">IDS12</span>.`,
    check(outcome) {
      const byId = (id: string) => outcome.parsed.elements.find((element) => element.attributes.id === id)
      const target = (marker: string) => byId(containing(outcome, marker).attributes.href!.slice(1))
      // The note reference reaches the note, and the note's number leads back to the reference.
      const noteref = outcome.parsed.elements.find((element) => element.attributes['epub:type'] === 'noteref')!
      const note = byId(noteref.attributes.href!.slice(1))!
      expect(note.name).toBe('aside')
      expect(note.attributes['epub:type']).toBe('footnote')
      expect(textOf(note)).toContain('IDS11')
      const backlink = note.children.flatMap((child) => (typeof child === 'string' ? [] : child.children)).find((child): child is XmlElement => typeof child !== 'string' && child.name === 'a')!
      expect(byId(backlink.attributes.href!.slice(1))).toBe(noteref)
      // Author links keep meaning what the author wrote.
      expect(target('to outlook')!.name).toBe('h2')
      expect(textOf(target('to outlook')!)).toBe('Outlook')
      const notes = outcome.parsed.elements.filter((element) => element.name === 'h3' && textOf(element) === 'Notes')
      expect(target('to the second notes')).toBe(notes[1])
      expect(textOf(target('back to a raw id')!)).toBe('IDS3')
      // Renaming an author's duplicate is reported; the pipeline's own footnote ids never are.
      const renamed = reasons(outcome, 'x-004').join('\n')
      expect(renamed).toContain('`outlook`')
      expect(renamed).toContain('`fn-fn-1`')
      expect(renamed).not.toContain('`fn-fnref-1`')
    },
  },
]

/** 200 levels of block quote and 60 of list, each ending in a marker word. */
export function deepNesting(quotes = 200, lists = 60): string {
  const quote = `${'> '.repeat(quotes)}DEEPQUOTE`
  const list = Array.from({ length: lists }, (_, level) => `${'  '.repeat(level)}- DEEPLIST${level + 1}`).join('\n')
  return `${quote}\n\n${list}\n`
}

/** The literal forbidden characters between two marker words, in text and in an attribute. */
export function forbiddenLine(): string {
  return `FORBID1${forbiddenCharacters.join('')}FORBID2 <span title="FORBID3${forbiddenCharacters.slice(1, 4).join('')}FORBID4">FORBID5</span>`
}

/** A chapter as a file: byte order mark, CRLF line endings, every hostile case appended to Outlook. */
/** The cases a book can print: those whose characters the book's fonts all have. */
export const printableCases = () => hostileCases.filter((item) => !item.unprintable)

export function hostileChapterFile(published = '2026-01-05'): Uint8Array {
  const append = ['', ...printableCases().map((item) => item.markdown), forbiddenLine(), ''].join('\n\n')
  const text = validChapter({ title: 'Hostile Content', published, append })
  return new TextEncoder().encode(`\uFEFF${text.replace(/\n/g, '\r\n')}`)
}

/** A chapter with deep nesting, plain LF. */
export function deepChapterFile(published = '2026-01-12'): string {
  return validChapter({ title: 'Deep Nesting', published, append: `\n${deepNesting()}` })
}


/**
 * Every entry under `dir`, sorted: `dir a`, `file a/b <sha256>`, `link a/c -> target`. Links are listed,
 * never followed; a folder that does not exist is `[]`. Two snapshots are equal when nothing changed.
 */
export async function treeSnapshot(dir: string, prefix = ''): Promise<string[]> {
  const names = await readdir(path.join(dir, prefix)).catch(() => [] as string[])
  const lines: string[] = []
  for (const name of names.sort()) {
    const relative = path.join(prefix, name)
    const file = path.join(dir, relative)
    const stats = await lstat(file)
    if (stats.isSymbolicLink()) lines.push(`link ${relative} -> ${await readlink(file)}`)
    else if (stats.isDirectory()) lines.push(`dir ${relative}`, ...(await treeSnapshot(dir, relative)))
    else lines.push(`file ${relative} ${createHash('sha256').update(await readFile(file)).digest('hex')}`)
  }
  return lines
}

/** An image file an editor (or an attacker) might put in `assets/`, and the rule `check` must refuse it with. */
export interface HostileImage {
  name: string
  /** The file name in `assets/`. */
  file: string
  data: Uint8Array
  rule: 'i-010' | 'i-011' | 'i-012' | 'i-013'
  /** Part of the message. */
  reason: RegExp
}

/** A PNG chunk: length, type, data, CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A decompression bomb: a `side` × `side` black-and-white PNG of zeros, a few kilobytes on disk (only its first rows are written). */
export function pngBomb(side = 60_000): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(side, 0)
  header.writeUInt32BE(side, 4)
  header[8] = 1 // bit depth 1, greyscale
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * 1000)
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))])
}

/** A JPEG whose frame header (SOF) declares `side` × `side` pixels. */
function jpegDeclaring(jpeg: Buffer, side: number): Buffer {
  const copy = Buffer.from(jpeg)
  for (let offset = 2; offset + 9 < copy.length && copy[offset] === 0xff; offset += 2 + copy.readUInt16BE(offset + 2)) {
    const marker = copy[offset + 1]!
    if (marker >= 0xc0 && marker <= 0xc2) {
      copy.writeUInt16BE(side, offset + 5)
      copy.writeUInt16BE(side, offset + 7)
      return copy
    }
  }
  throw new Error('no SOF marker')
}

/** Bombs, damage and disguises: each must be a located error in `check`, never a crash or a broken picture later. */
export async function hostileImages(): Promise<HostileImage[]> {
  const { default: sharp } = await import('sharp')
  const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer()
  const chart = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer()
  const gif = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#8ab' } }).gif().toBuffer()
  const hugeGif = Buffer.from(gif)
  hugeGif.writeUInt16LE(60_000, 6) // the logical screen browsers allocate
  hugeGif.writeUInt16LE(60_000, 8)
  const flipped = Buffer.from(chart)
  for (let index = 120; index < 200; index++) flipped[index]! ^= 0x5a
  return [
    { name: 'a 60,000 × 60,000 PNG decompression bomb', file: 'bomb.png', data: pngBomb(), rule: 'i-012', reason: /60,000 × 60,000 px, over the limit/ },
    { name: 'a JPEG declaring 60,000 × 60,000 px', file: 'huge.jpg', data: jpegDeclaring(photo, 60_000), rule: 'i-012', reason: /60,000 × 60,000 px/ },
    { name: 'a GIF whose screen is 60,000 × 60,000 px', file: 'huge.gif', data: hugeGif, rule: 'i-012', reason: /60,000 × 60,000 px/ },
    { name: 'a 13,000 × 10 px PNG (too wide, few pixels)', file: 'wide.png', data: await sharp({ create: { width: 13_000, height: 10, channels: 3, background: '#fff' } }).png().toBuffer(), rule: 'i-012', reason: /13,000 × 10 px/ },
    { name: 'a PNG cut in half', file: 'half.png', data: chart.subarray(0, chart.length >> 1), rule: 'i-011', reason: /cannot be (?:read|decoded)/ },
    { name: 'a PNG with corrupt data', file: 'corrupt.png', data: flipped, rule: 'i-011', reason: /cannot be (?:read|decoded)/ },
    { name: 'a JPEG cut in half', file: 'half.jpg', data: photo.subarray(0, photo.length >> 1), rule: 'i-011', reason: /cannot be decoded \(premature end of JPEG/i },
    { name: 'a PNG named .jpg', file: 'disguised.jpg', data: chart, rule: 'i-010', reason: /by its content it is a PNG file, but its name says JPEG/ },
    { name: 'a JPEG named .png', file: 'disguised.png', data: photo, rule: 'i-010', reason: /by its content it is a JPEG file, but its name says PNG/ },
    { name: 'a text file named .png', file: 'notes.png', data: Buffer.from('Quarterly notes, not a picture\n'), rule: 'i-010', reason: /not an image file, but its name says PNG/ },
    { name: 'an HTML page named .svg', file: 'page.svg', data: Buffer.from('<html><body><script>alert(1)</script></body></html>'), rule: 'i-010', reason: /not an image file, but its name says SVG/ },
    { name: 'a PNG named .svg', file: 'raster.svg', data: chart, rule: 'i-010', reason: /a PNG file, but its name says SVG/ },
  ]
}

/** An SVG an attacker writes, and what must not survive of it. */
export interface HostileSvg {
  name: string
  svg: string
  /** Refused outright (i-013, an error) rather than cleaned (i-014, a warning). */
  refused?: RegExp
  /** For a cleaned one: what the warning lists. */
  removed?: RegExp
}

const svgOpen = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100" viewBox="0 0 200 100">'
const shape = '<rect x="10" y="10" width="120" height="40" fill="#8ab"/>'

export const hostileSvgs: HostileSvg[] = [
  { name: 'scripts', svg: `${svgOpen}<script>alert(1)</script><script type="text/javascript"><![CDATA[ alert(2) ]]></script><script xlink:href="https://evil.example/x.js"/>${shape}</svg>`, removed: /`<script>` \(×3\)/ },
  { name: 'event handlers', svg: `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5" onclick="alert(2)" ONMOUSEOVER="alert(3)"/><g onfocusin="x()">${shape}</g></svg>`, removed: /event handler \(`onload`\).*`onclick`/ },
  { name: 'foreignObject with HTML', svg: `${svgOpen}<foreignObject width="100" height="100"><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(2)</script></body></foreignObject>${shape}</svg>`, removed: /`<foreignObject>`/ },
  { name: 'javascript: links', svg: `${svgOpen}<a xlink:href="javascript:alert(1)">${shape}</a><a href="JaVaScRiPt:alert(2)"><text x="5" y="90">Click</text></a></svg>`, removed: /link \(`<a>`, its content kept\) \(×2\)/ },
  { name: 'remote and file references', svg: `${svgOpen}<image xlink:href="https://evil.example/track.png" width="10" height="10"/><use xlink:href="file:///etc/passwd#x"/><use href="https://evil.example/sprite.svg#icon"/><rect width="5" height="5" fill="url(https://evil.example/p.svg#p)"/><rect width="5" height="5" style="fill: url('file:///etc/hostname')"/><style>@import url("https://evil.example/x.css"); rect { fill: red }</style>${shape}</svg>`, removed: /`<image>`.*file:\/\/\/etc\/passwd#x.*https:\/\/evil\.example\/sprite\.svg#icon.*`fill`.*`style`.*style sheet/ },
  { name: 'an outside style sheet instruction', svg: `<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css" type="text/css"?>${svgOpen}${shape}</svg>`, removed: /xml-stylesheet/ },
  { name: 'animation that rewrites a link', svg: `${svgOpen}<a xlink:href="#ok"><set attributeName="xlink:href" to="javascript:alert(1)"/><animate attributeName="href" values="javascript:alert(2)"/>${shape}</a></svg>`, removed: /`<set>`.*`<animate>`/ },
  { name: 'namespace tricks', svg: `<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" xmlns:h="http://www.w3.org/1999/xhtml"><s:script>alert(1)</s:script><h:script>alert(2)</h:script><use x:href="javascript:alert(3)"/>${shape}</svg>`, removed: /`<script>`.*`<h:script>`.*javascript:alert\(3\)/ },
  { name: 'an external entity', svg: `<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n${svgOpen}<text x="5" y="50">&xxe;</text></svg>`, refused: /has a DOCTYPE, whose entities could expand without end \(line 2 of the SVG\)/ },
  { name: 'billion laughs', svg: `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level || ''};`.repeat(10)}">`).join('\n')}\n]>\n${svgOpen}<text x="5" y="50">&lol9;</text></svg>`, refused: /has a DOCTYPE/ },
  { name: 'a DOCTYPE naming an outside DTD', svg: `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svgOpen}${shape}</svg>`, refused: /has a DOCTYPE/ },
  { name: 'an undeclared entity', svg: `${svgOpen}<text>&nbsp;</text></svg>`, refused: /not well-formed XML \(undefined entity\)/ },
  { name: 'not well-formed', svg: `${svgOpen}<g>${shape}</svg>`, refused: /not well-formed XML/ },
  { name: 'no SVG namespace', svg: `<svg width="10" height="10">${shape}</svg>`, refused: /lacks `xmlns="http:\/\/www\.w3\.org\/2000\/svg"`/ },
  { name: 'nested 5,000 deep', svg: `${svgOpen}${'<g>'.repeat(5000)}${shape}${'</g>'.repeat(5000)}</svg>`, refused: /nested more than 100 deep/ },
]

/** Every process descended from this one (Chromium, Java …), as `pid command`: a test that ends with any has left one behind. */
export function descendantProcesses(root = process.pid): string[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // ended while we looked
    }
  }
  const found: string[] = []
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      let command = ''
      try {
        command = readFileSync(`/proc/${child}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 120)
      } catch {
        continue
      }
      found.push(`${child} ${command}`)
      visit(child)
    }
  }
  visit(root)
  return found
}
