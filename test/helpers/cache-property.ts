/**
 * The build cache's property (issue 23): random sequences of edits to a small
 * book, and after each edit the cached output equals the `--no-cache` output,
 * byte for byte, with the same messages. The edits: a chapter's text (one
 * variant long enough to change the page count, one linking to a chapter that
 * may not exist), the bytes of the image a chapter shows, a new image that
 * shadows it (`chapters/pay.png` before `assets/pay.png`), the image removed,
 * a template, the config's `stores:` and `volumes:`.
 *
 * - Without printing: `build --format epub` with the disk cache, and the dev
 *   server's rebuild (the memory cache), each against a `--no-cache` build of
 *   the same sources.
 * - With printing: each step builds `--format epub` or `--format epub,pdf`
 *   into the same dist/ as before, against a `--no-cache` build into a copy of
 *   that dist/; and an EPUB-only build's page list, when it has one, is the
 *   one a print of the current sources gives.
 *
 * Sequences share one book (and its cache, as an editor's weekly builds do):
 * each starts where the last one left off. fast-check does not shrink (the
 * book is shared); a failure prints the sequence, the state it started from
 * and what differed.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import JSZip from 'jszip'
import sharp from 'sharp'
import { buildBook, type Format } from '../../src/build.ts'
import { startDevServer, type DevServer } from '../../src/dev/server.ts'
import { flattenMessages, type FlatMessage } from '../../src/report/messages.ts'
import { projectRoot, validChapter, validConfig } from './book.ts'

export interface BookState {
  /** Each chapter's text: 0 as written, 1 edited (the second links to the third chapter), 2 long (more pages). */
  text: [number, number]
  /** Which bytes `assets/pay.png` has: 0 1500×475, 1 1500×1500 (more pages), 2 800×300 (under 300 dpi: i-006). */
  image: number
  imageRemoved: boolean
  /** `chapters/pay.png` exists: it is the image `pay.png` means. */
  shadow: boolean
  /** The third chapter (a link's target) exists. */
  third: boolean
  /** 0: the built-in chapter template; 1: the book's own. */
  template: number
  /** 0: no stores; 1: Kindle; 2: Kindle and Nook, with links to the volumes. */
  stores: number
  /** 0: no volumes list (one volume, complete); 1: complete and a January volume. */
  volumes: number
}

export type Edit =
  | { kind: 'text'; chapter: 0 | 1; variant: number }
  | { kind: 'image'; variant: number }
  | { kind: 'imageRemoved' | 'shadow' | 'third' }
  | { kind: 'template' | 'stores' | 'volumes'; variant: number }

export const initialState: BookState = { text: [0, 0], image: 0, imageRemoved: false, shadow: false, third: true, template: 0, stores: 0, volumes: 0 }

export const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), chapter: fc.constantFrom(0 as const, 1 as const), variant: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('image' as const), variant: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constantFrom('imageRemoved' as const, 'shadow' as const, 'third' as const) }),
  fc.record({ kind: fc.constant('template' as const), variant: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('stores' as const), variant: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('volumes' as const), variant: fc.integer({ min: 0, max: 1 }) }),
)

export function applyEdit(state: BookState, edit: Edit): BookState {
  const next: BookState = { ...state, text: [...state.text] }
  if (edit.kind === 'text') next.text[edit.chapter] = edit.variant
  else if (edit.kind === 'image') next.image = edit.variant
  else if (edit.kind === 'imageRemoved' || edit.kind === 'shadow' || edit.kind === 'third') next[edit.kind] = !state[edit.kind]
  else if (edit.kind === 'template' || edit.kind === 'stores' || edit.kind === 'volumes') next[edit.kind] = edit.variant
  return next
}

const long = Array.from({ length: 30 }, (_, index) => `Paragraph ${index + 1}: demand grows with an older population that keeps its teeth longer, and clinics hire.`).join('\n\n')

function chapterText(chapter: number, variant: number): string {
  const extra = variant === 1 ? (chapter === 1 ? '\n\nSee [the third career](2026-01-19-third.md).\n' : '\n\nA sentence added this week.\n') : variant === 2 ? `\n\n${long}\n` : ''
  const image = chapter === 0 ? '\n\n![What hygienists earn](pay.png)\n' : ''
  return validChapter({ title: chapter === 0 ? 'First' : 'Second', published: chapter === 0 ? '2026-01-05' : '2026-01-12', append: `${image}${extra}` })
}

function configText(state: BookState): string {
  const stores = [
    '',
    'stores:\n  kindle:\n    name: Kindle\n',
    "stores:\n  kindle:\n    name: Kindle\n    volumes:\n      complete: https://www.amazon.com/dp/B0COMPLETE\n  nook:\n    name: Nook\n    volumes:\n      january: https://www.barnesandnoble.com/w/january/1100000026\n",
  ][state.stores]!
  const volumes = state.volumes === 1 ? "volumes:\n  - id: complete\n  - id: january\n    title: January's Careers\n    from: 2026-01-01\n    to: 2026-01-12\n" : ''
  return `${validConfig}url: https://www.springboardcareers.org/\n${stores}${volumes}`
}

const png = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } }).png().toBuffer()

export interface PropertyBook {
  root: string
  state: BookState
  files: Map<string, string | Buffer>
  images: Buffer[]
  shadowImage: Buffer
  template: string
}

/** The files of a state, by path in the book; absent: no such file. */
function filesOf(book: PropertyBook, state: BookState): Map<string, string | Buffer> {
  const files = new Map<string, string | Buffer>()
  files.set('springboard.yaml', configText(state))
  files.set('chapters/2026-01-05-first.md', chapterText(0, state.text[0]))
  files.set('chapters/2026-01-12-second.md', chapterText(1, state.text[1]))
  if (state.third) files.set('chapters/2026-01-19-third.md', validChapter({ title: 'Third', published: '2026-01-19' }))
  if (!state.imageRemoved) files.set('assets/pay.png', book.images[state.image]!)
  if (state.shadow) files.set('chapters/pay.png', book.shadowImage)
  if (state.template === 1) files.set('templates/chapter.ejs', book.template)
  return files
}

export async function makePropertyBook(): Promise<PropertyBook> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'springboard-cache-property-'))
  const builtin = await readFile(path.join(projectRoot, 'templates/chapter.ejs'), 'utf8')
  const book: PropertyBook = {
    root,
    state: initialState,
    files: new Map(),
    // Just over 300 dpi at the 6 × 9 text width (1,448 px), but for the third; small, so that each build is quick.
    images: [await png(1500, 475, '#3060c0'), await png(1500, 1500, '#3060c0'), await png(800, 300, '#c06030')],
    shadowImage: await png(1500, 850, '#30a060'),
    template: builtin.replace('Career <%= number %>', 'Profile <%= number %>'),
  }
  if (book.template === builtin) throw new Error('templates/chapter.ejs changed: pick another edit for the property test')
  await writeState(book, initialState)
  return book
}

/** Write what changed between the book's state and `state` (only that: a file's time says nothing here). */
export async function writeState(book: PropertyBook, state: BookState): Promise<void> {
  const next = filesOf(book, state)
  for (const [name, content] of book.files) if (!next.has(name)) await rm(path.join(book.root, name), { force: true })
  for (const [name, content] of next) {
    const old = book.files.get(name)
    if (old !== undefined && (typeof content === 'string' ? old === content : Buffer.isBuffer(old) && old.equals(content))) continue
    await mkdir(path.dirname(path.join(book.root, name)), { recursive: true })
    await writeFile(path.join(book.root, name), content)
  }
  book.files = next
  book.state = state
}

const env = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' }

interface Built {
  ok: boolean
  messages: string[]
  /** What the build wrote, by path in the output folder. */
  files: Map<string, Buffer>
}

const describeMessage = (message: FlatMessage) => `${message.rule} ${message.file}:${message.line}:${message.column} ${message.message}`

async function build(root: string, out: string, formats: Format[], cache: boolean): Promise<Built> {
  const result = await buildBook({ root, out, formats, cache, env })
  const files = new Map<string, Buffer>()
  for (const written of result.written) files.set(path.relative(out, written.path), await readFile(written.path))
  return { ok: result.ok, messages: flattenMessages(result.files, root).map(describeMessage).sort(), files }
}

/** Every output that is not the same in all of `builds`, each build's copy in its own folder, for a look. */
async function keepDifferences(builds: Record<string, Built>): Promise<string> {
  const kept = await mkdtemp(path.join(os.tmpdir(), 'springboard-differs-'))
  const all = Object.values(builds)
  const names = new Set(all.flatMap((built) => [...built.files.keys()]))
  for (const name of names) {
    const copies = all.map((built) => built.files.get(name))
    if (copies.every((copy) => copy && copies[0] && copy.equals(copies[0]))) continue
    for (const [label, built] of Object.entries(builds)) {
      const data = built.files.get(name)
      if (!data) continue
      await mkdir(path.dirname(path.join(kept, label, name)), { recursive: true })
      await writeFile(path.join(kept, label, name), data)
    }
  }
  return kept
}

/** What differs between two builds, in a line each; empty when nothing. */
function differences(label: string, actual: Built, expected: Built): string[] {
  const found: string[] = []
  if (actual.ok !== expected.ok) found.push(`${label}: ok ${actual.ok}, --no-cache ${expected.ok}`)
  if (actual.messages.join('\n') !== expected.messages.join('\n')) found.push(`${label}: messages ${JSON.stringify(actual.messages)}, --no-cache ${JSON.stringify(expected.messages)}`)
  for (const name of new Set([...actual.files.keys(), ...expected.files.keys()])) {
    const a = actual.files.get(name)
    const b = expected.files.get(name)
    if (!a || !b || !a.equals(b)) found.push(`${label}: ${name} differs (${a?.length ?? 'absent'} bytes, --no-cache ${b?.length ?? 'absent'})`)
  }
  return found
}

export async function pageList(epub: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(epub)
  const nav = Object.keys(zip.files).find((name) => name.endsWith('nav.xhtml') || name.endsWith('toc.xhtml'))
  const text = nav ? await zip.file(nav)!.async('string') : ''
  const list = /<nav[^>]*epub:type="page-list"[\s\S]*?<\/nav>/.exec(text)?.[0] ?? ''
  return [...list.matchAll(/href="([^"]+)"[^>]*>([^<]+)</g)].map((match) => `${match[2]} ${match[1]}`)
}

export interface PropertyOptions {
  runs: number
  printing: boolean
  /** Edits a sequence: 1 to this many. */
  maxEdits?: number
  seed?: number
}

export interface PropertyReport {
  steps: number
  references: number
  failure?: string
}

/**
 * Run the property; resolves with a report (the caller asserts on `failure`). The book is made and removed here.
 */
export async function runCacheProperty(options: PropertyOptions): Promise<PropertyReport> {
  const book = await makePropertyBook()
  const work = await mkdtemp(path.join(os.tmpdir(), 'springboard-cache-property-out-'))
  const cachedOut = path.join(work, 'dist')
  let server: DevServer | undefined
  // --no-cache builds of a state into an empty folder, by state (the no-print run), and the generic EPUB of a
  // print of a state (the print run).
  const references = new Map<string, Built>()
  const printedEpubs = new Map<string, Map<string, Buffer>>()
  let steps = 0
  let referenceBuilds = 0
  let scratch = 0
  const fresh = () => path.join(work, `scratch-${scratch++}`)

  async function reference(state: BookState): Promise<Built> {
    const key = JSON.stringify(state)
    let built = references.get(key)
    if (!built) {
      const out = fresh()
      built = await build(book.root, out, ['epub'], false)
      await rm(out, { recursive: true, force: true })
      referenceBuilds++
      references.set(key, built)
    }
    return built
  }

  /** The EPUBs a print of the current sources comes with (a `--no-cache` build into an empty folder). */
  async function printed(state: BookState): Promise<Map<string, Buffer>> {
    const key = JSON.stringify(state)
    let epubs = printedEpubs.get(key)
    if (!epubs) {
      const out = fresh()
      const built = await build(book.root, out, ['epub', 'pdf'], false)
      await rm(out, { recursive: true, force: true })
      referenceBuilds++
      epubs = new Map([...built.files].filter(([name]) => name.endsWith('.epub')))
      printedEpubs.set(key, epubs)
    }
    return epubs
  }

  async function stepWithoutPrinting(): Promise<string[]> {
    const expected = await reference(book.state)
    const found = differences('build --format epub', await build(book.root, cachedOut, ['epub'], true), expected)
    const rebuilt = await server!.rebuild().catch((error: Error) => ({ ok: false, messages: [], error: String(error.stack ?? error) }))
    if ('error' in rebuilt && rebuilt.error) found.push(`dev rebuild: ${rebuilt.error}`)
    const devMessages = rebuilt.messages.map(describeMessage).sort()
    if (rebuilt.ok !== expected.ok) found.push(`dev rebuild: ok ${rebuilt.ok}, --no-cache ${expected.ok}`)
    else if (devMessages.join('\n') !== expected.messages.join('\n')) found.push(`dev rebuild: messages ${JSON.stringify(devMessages)}, --no-cache ${JSON.stringify(expected.messages)}`)
    if (rebuilt.ok && expected.ok) {
      // The preview's EPUBs are the generic editions (no store's, no page list).
      for (const [name, bytes] of expected.files) {
        if (!/^[^/]+\/[^/]+\.epub$/.test(name) || Object.keys({ kindle: 1, nook: 1 }).some((store) => name.endsWith(`-${store}.epub`))) continue
        const preview = await readFile(path.join(work, 'preview', name)).catch(() => undefined)
        if (!preview || !preview.equals(bytes)) found.push(`dev rebuild: ${name} differs from --no-cache`)
      }
    }
    return found
  }

  async function stepWithPrinting(print: boolean): Promise<string[]> {
    const formats: Format[] = print ? ['epub', 'pdf'] : ['epub']
    // The reference: --no-cache into a copy of the same dist/ (an EPUB-only build reads the print's page map there).
    const referenceOut = fresh()
    await cp(cachedOut, referenceOut, { recursive: true }).catch(() => mkdir(referenceOut, { recursive: true }))
    const again = fresh()
    await cp(referenceOut, again, { recursive: true })
    const cached = await build(book.root, cachedOut, formats, true)
    const expected = await build(book.root, referenceOut, formats, false)
    await rm(referenceOut, { recursive: true, force: true })
    referenceBuilds++
    const found = differences(`build --format ${formats.join(',')}`, cached, expected)
    if (found.length > 0) {
      // Still a failure; but say whether the cache is the cause or the print is not the same twice without it.
      const second = await build(book.root, again, formats, false)
      const unstable = differences('two --no-cache builds of the same sources', second, expected)
      found.push(...unstable, `the outputs that differ are kept in ${await keepDifferences({ cached, 'no-cache': expected, 'no-cache-again': second })}`)
    }
    await rm(again, { recursive: true, force: true })
    if (found.length > 0 || !cached.ok) return found
    const epubs = [...cached.files].filter(([name]) => name.endsWith('.epub'))
    if (print) {
      printedEpubs.set(JSON.stringify(book.state), new Map(epubs))
      return found
    }
    // An EPUB built alone: no page list, or the one of a print of these sources (never an older print's).
    for (const [name, bytes] of epubs) {
      if ((await pageList(bytes)).length === 0) continue
      const print = (await printed(book.state)).get(name)
      if (!print || !print.equals(bytes)) found.push(`build --format epub: ${name} has a page list, not the one a print of these sources gives`)
    }
    return found
  }

  let failure: string | undefined
  try {
    if (!options.printing) {
      // The rebuild's EPUBs and messages against the build's; the handouts' layout is check's (dev-draft.e2e).
      server = await startDevServer({ root: book.root, port: 0, out: path.join(work, 'preview'), env, layout: false })
    }
    const sequence = fc.array(fc.record({ edit: editArbitrary, print: fc.boolean() }), { minLength: 1, maxLength: options.maxEdits ?? 3 })
    await fc.assert(
      fc.asyncProperty(sequence, async (edits) => {
        const start = book.state
        const done: string[] = []
        for (const { edit, print } of edits) {
          await writeState(book, applyEdit(book.state, edit))
          done.push(`${JSON.stringify(edit)}${options.printing ? (print ? ' then epub,pdf' : ' then epub') : ''}`)
          steps++
          const found = options.printing ? await stepWithPrinting(print) : await stepWithoutPrinting()
          if (found.length > 0) {
            failure = `From ${JSON.stringify(start)}, after ${done.join(' ; ')}:\n${found.join('\n')}`
            return false
          }
        }
        return true
      }),
      { numRuns: options.runs, endOnFailure: true, ...(options.seed === undefined ? {} : { seed: options.seed }) },
    ).catch((error: Error) => {
      failure ??= String(error.stack ?? error)
    })
  } finally {
    await server?.close()
    await rm(work, { recursive: true, force: true })
    await rm(book.root, { recursive: true, force: true })
  }
  return { steps, references: referenceBuilds, failure }
}
