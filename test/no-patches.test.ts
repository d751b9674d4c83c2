/**
 * No runtime code patches a built-in (issue 28): loading every module under src/ and running the build
 * path that needs no browser (an EPUB build; reading a PDF's pages, destinations, bookmarks, labels and
 * links) leaves every built-in prototype and constructor as Node made it. pdfjs-dist's legacy build,
 * once in the build path, replaced prototype methods for the rest of the process. Checked in a new
 * process, so that nothing another test file loaded can hide a patch.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { projectRoot } from './helpers/book.ts'

const run = promisify(execFile)
const url = (file: string) => JSON.stringify(pathToFileURL(path.join(projectRoot, file)).href)

const script = `
const builtins = { Object, Function, Array, String, Number, Boolean, Symbol, BigInt, Promise, Map, Set, WeakMap, WeakSet, RegExp, Date, Error,
  ArrayBuffer, DataView, Uint8Array, Int32Array, Float64Array, TypedArray: Object.getPrototypeOf(Uint8Array), Iterator, JSON, Math, Reflect, Intl }
function snapshot() {
  const seen = new Map()
  for (const [name, builtin] of Object.entries(builtins)) {
    for (const [where, target] of [[name, builtin], [name + '.prototype', builtin.prototype]]) {
      if (!target) continue
      for (const key of Reflect.ownKeys(target)) {
        const { value, get, set } = Object.getOwnPropertyDescriptor(target, key)
        seen.set(where + '.' + String(key), [value, get, set])
      }
    }
  }
  return seen
}
const before = snapshot()

const { readdirSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } = await import('node:fs')
const path = await import('node:path')
const os = await import('node:os')
const src = ${url('src')}
for (const entry of readdirSync(new URL(src), { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && entry.name.endsWith('.ts')) await import(path.join(entry.parentPath, entry.name))
}
const { buildBook } = await import(${url('src/build.ts')})
const { validChapter, validConfig } = await import(${url('test/helpers/book.ts')})
const root = mkdtempSync(path.join(os.tmpdir(), 'springboard-no-patches-'))
mkdirSync(path.join(root, 'chapters'))
writeFileSync(path.join(root, 'springboard.yaml'), validConfig)
writeFileSync(path.join(root, 'chapters', '2026-01-05-medical-records-director.md'), validChapter())
const built = await buildBook({ root, formats: ['epub'] })
if (!built.ok) throw new Error('the EPUB build failed')

const { PDFDocument } = await import('pdf-lib')
const pdf = await PDFDocument.create()
pdf.addPage()
pdf.addPage()
const file = path.join(root, 'two.pdf')
writeFileSync(file, await pdf.save())
const { inspectPdf } = await import(${url('src/print/pdf.ts')})
const { digitalPdfFacts } = await import(${url('src/verify/digital.ts')})
const { pdfNavigation } = await import(${url('src/verify/pdf.ts')})
if ((await inspectPdf(new Uint8Array(readFileSync(file)))).pageCount !== 2) throw new Error('inspectPdf')
await digitalPdfFacts(file)
await pdfNavigation(file)

const after = snapshot()
const changed = []
for (const [key, [value, get, set]] of after) {
  const old = before.get(key)
  if (!old) changed.push('added ' + key)
  else if (!Object.is(old[0], value) || old[1] !== get || old[2] !== set) changed.push('replaced ' + key)
}
for (const key of before.keys()) if (!after.has(key)) changed.push('removed ' + key)
rmSync(root, { recursive: true, force: true })
console.log(JSON.stringify(changed))
`

describe('the build path', () => {
  it('patches no built-in prototype or constructor', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 })
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([])
  }, 120_000)
})
