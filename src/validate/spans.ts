/**
 * A text as the book prints it (a Markdown text node, a YAML scalar) and
 * where each part of it is written in the file. The parsed text can differ
 * from the source (escapes, entities, a list's indentation, a YAML string's
 * quotes), so a part is found by matching: the n-th occurrence in the text
 * is the n-th occurrence in the source.
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
  const source = String(file).slice(start, end)
  const where = location(file)
  return {
    value,
    start: where.toPoint(start)!,
    place(index, length = 1) {
      const needle = value.slice(index, index + length)
      let nth = 0
      for (let at = value.indexOf(needle); at !== -1 && at < index; at = value.indexOf(needle, at + 1)) nth++
      let found = source.indexOf(needle)
      for (; found !== -1 && nth > 0; nth--) found = source.indexOf(needle, found + 1)
      return found === -1 ? undefined : where.toPoint(start + found)
    },
  }
}
