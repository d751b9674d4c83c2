/**
 * `springboard verify`: run the checks the stores and printers run on what
 * is in `dist/`, before anyone uploads it. EPUBs: EPUBCheck 5.1.0 and
 * 4.2.6, Ace by DAISY. Print PDFs: trim size, embedded fonts, no tags or
 * links (KDP); handouts: one page each; every PDF: only the book's fonts.
 * Digital PDFs: bookmarks, page labels, XMP, links, qpdf (digital.ts);
 * PDF/X files: boxes, output intent, ink, margins (pdfx.ts). The store
 * editions, the handouts' Buy-now block, the fair pack and the release
 * pack: release.ts.
 */
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { TransformedChapter } from '../chapter.ts'
import type { BookConfig } from '../config/index.ts'
import { verifyFidelity } from './fidelity.ts'
import { interiorLayout } from '../config/print-layout.ts'
import { flatMessage } from '../report/messages.ts'
import { runAce } from './ace.ts'
import type { VerifyLine } from './line.ts'
import { verifyDigitalPdf } from './digital.ts'
import { runEpubcheck, type EpubcheckVersion } from './epubcheck.ts'
import { aceMessages, epubcheckMessages } from './findings.ts'
import { foreignFonts, pdfFonts, pdfInfo } from './pdf.ts'
import { verifyCoverBarcode } from './barcode.ts'
import { verifyPrintBooks } from './print-book.ts'
import { verifyPdfx } from './pdfx.ts'
import { fontFaces } from '../render/fonts.ts'
import { GlyphCoverage } from '../text/glyphs.ts'

const debianEpubcheck = '/usr/share/java/epubcheck.jar'
import { verifyHandoutPacks, verifyReleasePacks, verifyStoreEditions } from './release.ts'

/** The release pack holds copies of the build's files: checked once, where the build wrote them (verifyReleasePacks). */
const inRelease = (file: string) => file.includes(`${path.sep}release${path.sep}`)

/** The PostScript names of the book's fonts, read from the font files once. */
let ownFonts: Set<string> | undefined

export type { VerifyLine } from './line.ts'

/**
 * `chapters`: the book's checked chapters (lintBook), for the fidelity audit of the EPUBs and print
 * interiors (fidelity.ts); without them, that audit is not run.
 */
export async function verifyOutputs(outDir: string, config: BookConfig, log: (line: VerifyLine) => void = () => {}, chapters?: readonly TransformedChapter[]): Promise<VerifyLine[]> {
  const files = (await readdir(outDir, { recursive: true }))
    .map((name) => path.join(outDir, String(name)))
    .filter((file) => !file.includes(`${path.sep}.`))
    .sort()
  const lines: VerifyLine[] = []
  const add = (line: VerifyLine) => {
    lines.push(line)
    log(line)
  }
  for (const file of files.filter((name) => name.endsWith('.epub') && !inRelease(name))) {
    for (const version of ['5.1.0', '4.2.6'] as EpubcheckVersion[]) {
      // Debian's 4.2.6 is optional on an editor's machine; 5.1.0 comes with npm ci.
      if (version === '4.2.6' && !existsSync(debianEpubcheck)) continue
      const result = await runEpubcheck(file, version)
      const problems = result.fatals + result.errors + result.warnings
      add({
        file,
        check: `EPUBCheck ${result.version}`,
        ok: problems === 0,
        detail: `${result.fatals} fatal, ${result.errors} errors, ${result.warnings} warnings`,
        messages: epubcheckMessages(file, result),
      })
    }
    const ace = await runAce(file)
    const grave = ace.violations.filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    add({
      file,
      check: 'Ace by DAISY',
      ok: grave.length === 0 && ace.failure === undefined,
      detail: ace.failure === undefined ? `${ace.violations.length} violations, ${grave.length} critical or serious` : 'could not check',
      messages: await aceMessages(file, ace),
    })
  }
  for (const file of files.filter((name) => name.endsWith('-print.pdf') && !inRelease(name))) {
    const info = await pdfInfo(file)
    const page = interiorLayout(config.print.trim, config.print.bleed, info.pages).page
    const [width, height] = [page.width * 72, page.height * 72]
    const size = `${(info.width / 72).toFixed(3)} × ${(info.height / 72).toFixed(3)} in`
    const trimmed = Math.abs(info.width - width) < 0.5 && Math.abs(info.height - height) < 0.5
    add({
      file,
      check: 'trim size',
      ok: trimmed,
      detail: `${size}, expected ${page.width} × ${page.height} in; ${info.pages} pages`,
      messages: trimmed ? [] : [flatMessage('o-006', file, {}, `The pages are ${size}; the trim size in springboard.yaml makes them ${page.width} × ${page.height} in`)],
    })
    const fonts = await pdfFonts(file)
    const loose = fonts.filter((font) => !font.embedded)
    const fontProblem = fonts.length === 0 ? 'The PDF has no fonts at all' : loose.length > 0 ? `Fonts not embedded: ${loose.map((font) => font.name).join(', ')}` : undefined
    add({
      file,
      check: 'fonts embedded',
      ok: fontProblem === undefined,
      detail: `${fonts.length} fonts${loose.length ? `, not embedded: ${loose.map((font) => font.name).join(', ')}` : ''}`,
      messages: fontProblem ? [flatMessage('o-007', file, {}, fontProblem)] : [],
    })
    add({
      file,
      check: 'untagged, for print',
      ok: !info.tagged,
      detail: info.tagged ? 'tagged' : 'not tagged',
      messages: info.tagged ? [flatMessage('o-008', file, {}, 'The print PDF is tagged')] : [],
    })
  }
  for (const file of files.filter((name) => name.endsWith('-digital.pdf'))) {
    for (const line of await verifyDigitalPdf(file, { title: (await pdfInfo(file)).raw['Title'] ?? '', language: config.language })) add(line)
  }
  for (const file of files.filter((name) => name.endsWith('-print-pdfx.pdf') || name.endsWith('-cover-pdfx.pdf'))) {
    for (const line of await verifyPdfx(file, config)) add(line)
  }
  for (const file of files.filter((name) => (name.endsWith('-cover.pdf') || name.endsWith('-cover-pdfx.pdf')) && !inRelease(name))) {
    add(await verifyCoverBarcode(file, outDir, config))
  }
  for (const line of await verifyPrintBooks(files.filter((name) => !inRelease(name)))) add(line)
  for (const file of files.filter((name) => name.endsWith('.pdf'))) {
    const fonts = await pdfFonts(file)
    const foreign = foreignFonts(fonts, (ownFonts ??= new GlyphCoverage(fontFaces).postscriptNames()))
    const names = [...new Set(foreign.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')))].join(', ')
    add({
      file,
      check: "the book's fonts",
      ok: foreign.length === 0,
      detail: foreign.length === 0 ? `${fonts.length} fonts, all the book's own` : `also ${names}`,
      messages: foreign.length === 0 ? [] : [flatMessage('o-014', file, {}, `The PDF embeds ${names}: ${foreign.length === 1 ? 'a font that is' : 'fonts that are'} not the book's own`)],
    })
  }
  for (const file of files.filter((name) => name.includes(`${path.sep}handouts${path.sep}`) && name.endsWith('.pdf'))) {
    const info = await pdfInfo(file)
    add({
      file,
      check: 'one page',
      ok: info.pages === 1,
      detail: `${info.pages} page${info.pages === 1 ? '' : 's'}`,
      messages: info.pages === 1 ? [] : [flatMessage('o-009', file, {}, `The handout has ${info.pages} pages; it must have one`)],
    })
  }
  if (chapters) for (const line of await verifyFidelity(files.filter((name) => !inRelease(name)), config, chapters)) add(line)
  for (const line of await verifyHandoutPacks(outDir, config)) add(line)
  for (const line of await verifyStoreEditions(files, config)) add(line)
  for (const line of await verifyReleasePacks(outDir, config)) add(line)
  return lines
}
