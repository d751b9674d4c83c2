/**
 * Helpers for the CSS the print pages are generated with: lengths and
 * strings written the same way every time, so that the pages (and so the
 * PDFs) are stable from build to build.
 */

/** A length for CSS, rounded so that generated CSS is stable. */
export function inches(value: number): string {
  return `${Number(value.toFixed(4))}in`
}

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`
}
