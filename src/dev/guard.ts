/**
 * What the preview server lets through. It listens on 127.0.0.1 only, but a
 * page on another site can still reach it by DNS rebinding (its own name
 * made to resolve to 127.0.0.1), so a request must name the preview itself
 * in its `Host:` header. And what the book shows is data: images (an SVG
 * above all) and other files of the EPUB are served sandboxed, never run as
 * a document of the preview's own origin, and never sniffed as another type.
 */
import type { OutgoingHttpHeaders } from 'node:http'

/** The names the preview answers to, at its port: 127.0.0.1, localhost and [::1]. */
export function isPreviewHost(host: string | undefined, port: number): boolean {
  if (!host) return false
  const allowed = ['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port}`)
  return allowed.includes(host.toLowerCase())
}

/** The preview's own pages, styles and scripts; everything else it serves is the book's data. */
const pageTypes = /^(?:text\/html|application\/xhtml\+xml|text\/css|text\/javascript|application\/json|text\/event-stream)\b/

/**
 * `sandbox`: a page made of the book's own text (a draft as far as it renders), served sandboxed like the
 * book's other data, with no script and nothing loaded from elsewhere than the preview.
 */
export function previewHeaders(type: string, options?: { sandbox: boolean }): OutgoingHttpHeaders {
  const sandboxed = options?.sandbox || !pageTypes.test(type)
  return {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(sandboxed ? { 'content-security-policy': options?.sandbox ? "sandbox; default-src 'none'; style-src http://127.0.0.1:* http://localhost:* http://[::1]:*; img-src data:" : 'sandbox' } : {}),
  }
}
