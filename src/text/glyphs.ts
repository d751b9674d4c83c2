/**
 * What the book's own fonts can set, read from their character maps with
 * fontkit. @fontsource splits each face into unicode-range subsets (latin,
 * latin-ext, greek, cyrillic, vietnamese …): the browser takes a character
 * from a subset only inside that subset's range, so a face covers a
 * character when one of its subsets both claims it and maps it. Subset
 * files are read when a character of their range is first asked about,
 * once per process. Shared by validate (characters of the text) and verify
 * (the fonts a PDF may embed), which get the list of faces from the caller.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as fontkit from 'fontkit'

/** A font package and the CSS files (one per weight and style) the book loads from it. */
export interface FontFaceFiles {
  readonly pkg: string
  readonly css: readonly string[]
}

interface Subset {
  file: string
  ranges: [number, number][]
  characters?: Set<number>
}

interface Face {
  /** `@fontsource/source-serif-4/400-italic.css`, for messages. */
  name: string
  subsets: Subset[]
}

const require = createRequire(import.meta.url)
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** Characters that never need a glyph: line breaks and tabs, joiners, variation selectors, soft hyphens. */
const needsNoGlyph = /[\n\t\r]|\p{Default_Ignorable_Code_Point}/u

export class GlyphCoverage {
  private faces: Face[] | undefined
  private readonly known = new Map<number, boolean>()
  private readonly fonts: readonly FontFaceFiles[]

  constructor(fonts: readonly FontFaceFiles[]) {
    this.fonts = fonts
  }

  /** Whether every face of the book has a glyph for `character` (one code point). */
  covers(character: string): boolean {
    const codePoint = character.codePointAt(0)!
    let covered = this.known.get(codePoint)
    if (covered === undefined) {
      covered = needsNoGlyph.test(character) || this.load().every((face) => faceCovers(face, codePoint))
      this.known.set(codePoint, covered)
    }
    return covered
  }

  /**
   * The runs of `text` that some face lacks, each with the index where it starts: whole graphemes (an
   * emoji with its joiners and modifiers is one), and neighbours together (a word of another script).
   */
  *missing(text: string): Generator<{ index: number; text: string }> {
    let segments: Intl.Segments | undefined
    let run: { index: number; text: string } | undefined
    let index = 0
    for (const character of text) {
      const end = run ? run.index + run.text.length : 0
      if (index >= end && !this.covers(character)) {
        segments ??= graphemes.segment(text)
        const grapheme = segments.containing(index)!
        if (run && grapheme.index === end) run.text += grapheme.segment
        else {
          if (run) yield run
          run = { index: grapheme.index, text: grapheme.segment }
        }
      }
      index += character.length
    }
    if (run) yield run
  }

  /** The PostScript names of the faces' fonts (`SourceSerif4-Regular` …), as PDFs name embedded fonts. */
  postscriptNames(): Set<string> {
    const names = new Set<string>()
    for (const face of this.load()) {
      const subset = face.subsets[0]
      if (subset) names.add(openFont(subset.file).postscriptName)
    }
    return names
  }

  private load(): Face[] {
    return (this.faces ??= this.fonts.flatMap(readFaces))
  }
}

function faceCovers(face: Face, codePoint: number): boolean {
  return face.subsets.some((subset) => {
    if (!subset.ranges.some(([from, to]) => codePoint >= from && codePoint <= to)) return false
    subset.characters ??= new Set(openFont(subset.file).characterSet)
    return subset.characters.has(codePoint)
  })
}

function openFont(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(file))
  if (!('characterSet' in font)) throw new Error(`${file} is a font collection, not a font`)
  return font
}

/** The subsets of each CSS file of a package: its woff2 files and their `unicode-range`. */
function readFaces(fonts: FontFaceFiles): Face[] {
  const packageDir = path.dirname(require.resolve(`${fonts.pkg}/package.json`))
  return fonts.css.map((cssName) => {
    const css = readFileSync(path.join(packageDir, cssName), 'utf8')
    const subsets: Subset[] = []
    for (const block of css.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
      const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(block)?.[1]
      if (!file) continue
      const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1]
      subsets.push({ file: path.join(packageDir, file), ranges: range ? parseRanges(range) : [[0, 0x10ffff]] })
    }
    return { name: `${fonts.pkg}/${cssName}`, subsets }
  })
}

/** `U+0000-00FF,U+0131,U+02??` → inclusive code point ranges. */
function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-')
    if (from!.includes('?')) return [parseInt(from!.replace(/\?/g, '0'), 16), parseInt(from!.replace(/\?/g, 'F'), 16)]
    const start = parseInt(from!, 16)
    return [start, to ? parseInt(to, 16) : start]
  })
}

/** `U+1F600`, as the Unicode standard writes code points; the first few of a long text. */
export function codePointName(text: string): string {
  const names = [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
  return names.length > 6 ? `${names.slice(0, 6).join(' ')} …` : names.join(' ')
}
