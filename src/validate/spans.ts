/**
 * A text as the book prints it (a Markdown text node, a YAML scalar) and
 * where each part of it is written in the file. The parsed text can differ
 * from the source (escapes, entities, a list's indentation, a YAML string's
 * quotes), so a part is found by matching: the n-th occurrence in the text
 * is the n-th occurrence in the source, written as itself or as a numeric
 * character reference.
 */
import type { Point } from 'unist'
import type { VFile } from 'vfile'
import { location } from 'vfile-location'

export interface TextSpan {
  /** The text as parsed. */
  readonly value: string
  /** Where the span starts in the file. */
  readonly start: Point
  /** Where `value.slice(index, index + length)` is written; undefined when it is not written as it reads. */
  place(index: number, length?: number): Point | undefined
}

/** The source of `file` between the offsets `start` and `end` holds `value`. */
export function textSpan(file: VFile, value: string, start: number, end: number): TextSpan {
  // Most texts have nothing to report: where things are is worked out only when asked.
  const where = () => locations(file)
  return {
    value,
    get start() {
      return where().toPoint(start)!
    },
    place(index, length = 1) {
      const needle = value.slice(index, index + length)
      let nth = 0
      for (let at = value.indexOf(needle); at !== -1 && at < index; at = value.indexOf(needle, at + 1)) nth++
      const found = [...String(file).slice(start, end).matchAll(written(needle))][nth]
      return found === undefined ? undefined : where().toPoint(start + found.index)
    },
  }
}

/** One index of line starts per file: building it reads the whole file. */
const indexes = new WeakMap<VFile, { text: string; place: ReturnType<typeof location> }>()

function locations(file: VFile): ReturnType<typeof location> {
  const text = String(file)
  let known = indexes.get(file)
  if (known?.text !== text) indexes.set(file, (known = { text, place: location(file) }))
  return known.place
}

/** `needle` as Markdown and HTML may write it: itself, or (one character) a numeric character reference. */
function written(needle: string): RegExp {
  const literal = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const codePoint = needle.codePointAt(0)!
  if ([...needle].length !== 1) return new RegExp(literal, 'g')
  const hex = codePoint.toString(16)
  return new RegExp(`${literal}|&#[xX]0*(?:${hex}|${hex.toUpperCase()});|&#0*${codePoint};`, 'g')
}
