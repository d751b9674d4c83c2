/**
 * Text for SVG artwork (the generated EPUB cover), set in the book's own
 * fonts and drawn as outlines: fontkit shapes each run (kerning included)
 * from the @fontsource files, and the glyphs become `<path>` data, so the
 * SVG renders the same on any machine with no font installed.
 *
 * fontkit cannot re-encode these WOFF2 files as fonts for an SVG renderer
 * (its subsetter fails on their composite glyphs), hence outlines.
 */
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as fontkit from 'fontkit'
import { EnvironmentError } from '../errors.ts'
import { fontFaces } from './fonts.ts'

const require = createRequire(import.meta.url)

export type FamilyName = 'serif' | 'sans'

export interface TextBlock {
  text: string
  family: FamilyName
  weight?: number
  italic?: boolean
  /** Font size in px. */
  size: number
  /** Left edge (or right edge with `align: 'end'`) and the baseline of the first line, in px. */
  x: number
  y: number
  /** Lines wrap at this width (px); none: one line. */
  width?: number
  /** Distance between baselines, as a multiple of `size` (default 1.2). */
  lineHeight?: number
  /** Lines beyond this are dropped, the last one ending with an ellipsis. */
  maxLines?: number
  /** Extra space after each character, as a multiple of `size`. */
  letterSpacing?: number
  uppercase?: boolean
  align?: 'start' | 'end'
  fill?: string
}

/** The subset files of one weight and style, latin first; each is read when a character first needs it. */
interface Face {
  /** The package, weight and style, for messages. */
  label: string
  files: string[]
  fonts: (fontkit.Font | undefined)[]
}

const faces = new Map<string, Face>()

/** Every unicode-range subset of one weight and style, latin first: a character is drawn from the first that has it. */
function faceFor(family: FamilyName, weight: number, italic: boolean): Face {
  const key = `${family}-${weight}-${italic}`
  let face = faces.get(key)
  if (!face) {
    const pkg = family === 'serif' ? fontFaces[0].pkg : fontFaces[1].pkg
    const filesDir = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files')
    const suffix = `-${weight}-${italic ? 'italic' : 'normal'}.woff2`
    let names: string[]
    try {
      names = readdirSync(filesDir)
        .filter((name) => name.endsWith(suffix))
        .sort((a, b) => subsetRank(a) - subsetRank(b) || (a < b ? -1 : 1))
      if (names.length === 0) throw new Error(`no file ends with ${suffix}`)
    } catch (error) {
      throw fontError(`${pkg}, ${weight}${italic ? ' italic' : ''}`, error)
    }
    face = { label: `${pkg}, ${weight}${italic ? ' italic' : ''}`, files: names.map((name) => path.join(filesDir, name)), fonts: [] }
    openSubset(face, 0)
    faces.set(key, face)
  }
  return face
}

/** The face's subset at `index`, read from its WOFF2 file the first time (a cover's text is mostly in the first). */
function openSubset(face: Face, index: number): fontkit.Font {
  let font = face.fonts[index]
  if (!font) {
    try {
      font = fontkit.openSync(face.files[index]!) as fontkit.Font
    } catch (error) {
      throw fontError(face.label, error)
    }
    face.fonts[index] = font
  }
  return font
}

function fontError(label: string, error: unknown): EnvironmentError {
  return new EnvironmentError(`The book's fonts (${label}) could not be read: ${(error as Error).message}`, 'Reinstall the packages: npm ci', { cause: error })
}

function subsetRank(name: string): number {
  if (/-latin-\d/.test(name)) return 0
  if (/-latin-ext-/.test(name)) return 1
  return 2
}

interface Run {
  font: fontkit.Font
  text: string
}

/** Consecutive characters drawn from the same subset file. */
function runsOf(text: string, face: Face): Run[] {
  const runs: Run[] = []
  for (const character of text) {
    const code = character.codePointAt(0)!
    const font = subsetFor(code, face)
    const last = runs.at(-1)
    if (last && last.font === font) last.text += character
    else runs.push({ font, text: character })
  }
  return runs
}

/** The first subset that has the character, else the first. */
function subsetFor(code: number, face: Face): fontkit.Font {
  for (let index = 0; index < face.files.length; index++) {
    const font = openSubset(face, index)
    if (font.hasGlyphForCodePoint(code)) return font
  }
  return openSubset(face, 0)
}

// Each run laid out once, by font: the balanced wrap measures the same words again for each line count, and
// the lines it keeps are drawn from the same layouts (fontkit's layout is most of a cover's drawing).
const layouts = new WeakMap<fontkit.Font, Map<string, fontkit.GlyphRun>>()

function layOut(font: fontkit.Font, text: string): fontkit.GlyphRun {
  let known = layouts.get(font)
  if (!known) layouts.set(font, (known = new Map()))
  let layout = known.get(text)
  if (!layout) known.set(text, (layout = font.layout(text)))
  return layout
}

function measure(text: string, face: Face, size: number, spacing: number): number {
  let width = 0
  for (const run of runsOf(text, face)) {
    const layout = layOut(run.font, run.text)
    width += (layout.advanceWidth * size) / run.font.unitsPerEm + layout.glyphs.length * spacing
  }
  return width
}

/**
 * Word wrap at `width` in as few lines as a greedy wrap needs, balanced: of
 * every way to break the words into that many lines that fit, the one whose
 * lines are closest to the same length (least sum of squared slack), and
 * never a line of one word when another way avoids it ("Careers in Health /
 * Care" becomes "Careers in / Health Care"). A title has a handful of words,
 * so trying every way is cheap (dynamic programming over the break points).
 */
function wrap(text: string, face: Face, size: number, spacing: number, width: number | undefined): string[] {
  const words = text.split(/\s+/).filter(Boolean)
  if (width === undefined || words.length < 2) return [words.join(' ')]
  const greedy: string[] = []
  let line = ''
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word
    if (line && measure(candidate, face, size, spacing) > width) {
      greedy.push(line)
      line = word
    } else line = candidate
  }
  if (line) greedy.push(line)
  return greedy.length < 2 ? greedy : balance(words, greedy.length, (from, to) => measure(words.slice(from, to).join(' '), face, size, spacing), width) ?? greedy
}

/** The `count` lines of `words` with the least squared slack; a line of one word costs more than any slack. undefined when none fits. */
export function balance(words: readonly string[], count: number, lineWidth: (from: number, to: number) => number, width: number): string[] | undefined {
  const n = words.length
  const lone = width * width * n
  // best[k][i]: the least cost of setting words[0, i) in k lines; from[k][i]: where its last line starts.
  const best = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY))
  const from = Array.from({ length: count + 1 }, () => new Array<number>(n + 1).fill(-1))
  best[0]![0] = 0
  for (let k = 1; k <= count; k++) {
    for (let i = 1; i <= n; i++) {
      for (let start = k - 1; start < i; start++) {
        if (best[k - 1]![start] === Number.POSITIVE_INFINITY) continue
        const used = lineWidth(start, i)
        if (used > width && i - start > 1) continue
        const cost = best[k - 1]![start]! + (width - used) ** 2 + (i - start === 1 ? lone : 0)
        if (cost < best[k]![i]!) {
          best[k]![i] = cost
          from[k]![i] = start
        }
      }
    }
  }
  if (best[count]![n] === Number.POSITIVE_INFINITY) return undefined
  const lines: string[] = []
  for (let k = count, i = n; k > 0; i = from[k]![i]!, k--) lines.unshift(words.slice(from[k]![i]!, i).join(' '))
  return lines
}

function fit(lines: string[], block: TextBlock, face: Face, spacing: number): string[] {
  if (block.maxLines === undefined || lines.length <= block.maxLines) return lines
  const kept = lines.slice(0, block.maxLines)
  let last = `${kept.at(-1)!}…`
  while (block.width !== undefined && last.length > 1 && measure(last, face, block.size, spacing) > block.width) {
    last = `${last.slice(0, -2).trimEnd()}…`
  }
  kept[kept.length - 1] = last
  return kept
}

const number = (value: number) => String(Math.round(value * 100) / 100)

/** The outline path data of one line, its baseline starting at (x, y). */
function linePath(text: string, face: Face, size: number, spacing: number, x: number, y: number): string {
  let pen = x
  let data = ''
  for (const run of runsOf(text, face)) {
    const scale = size / run.font.unitsPerEm
    const layout = layOut(run.font, run.text)
    layout.glyphs.forEach((glyph, index) => {
      const position = layout.positions[index]!
      const outline = glyph.path.scale(scale, -scale).translate(pen + position.xOffset * scale, y - position.yOffset * scale)
      data += outline.toSVG()
      pen += position.xAdvance * scale + spacing
    })
  }
  // fontkit writes full-precision numbers: round them so the SVG stays small and stable.
  return data.replace(/-?\d+\.\d+(?:e-?\d+)?/g, (value) => number(Number(value)))
}

/** A text block drawn: one SVG `<path>` (with the text in its `aria-label`), its lines, where its last baseline fell. */
export interface DrawnText {
  svg: string
  lines: number
  bottom: number
}

export function svgText(block: TextBlock): DrawnText {
  const face = faceFor(block.family, block.weight ?? 400, block.italic ?? false)
  const text = block.uppercase ? block.text.toLocaleUpperCase('en') : block.text
  const spacing = (block.letterSpacing ?? 0) * block.size
  const lines = fit(wrap(text, face, block.size, spacing, block.width), block, face, spacing)
  const step = block.size * (block.lineHeight ?? 1.2)
  let data = ''
  lines.forEach((line, index) => {
    const left = block.align === 'end' ? block.x - measure(line, face, block.size, spacing) : block.x
    data += linePath(line, face, block.size, spacing, left, block.y + index * step)
  })
  const label = block.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
  return {
    svg: `<path role="img" aria-label="${label}" fill="${block.fill ?? 'currentColor'}" d="${data}"/>`,
    lines: lines.length,
    bottom: block.y + (lines.length - 1) * step,
  }
}
