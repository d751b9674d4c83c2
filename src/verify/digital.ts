/**
 * Stage 6, verify (digital PDF): the PDF for screens has bookmarks without
 * doubled titles, page labels as printed (roman front matter, then arabic
 * from 1), XMP metadata with the title, creators and language, a
 * description on every link, and a clean structure (`qpdf --check`).
 * Bookmarks, labels and links are read from the PDF's objects (verify/pdf.ts),
 * which poppler's tools do not print; the XMP with `pdfinfo -meta`.
 */
import path from 'node:path'
import { checkLine, type VerifyLine } from './line.ts'
import { openPdfFile, pdfLinks, pdfOutline, pdfPageLabels, type OutlineItem } from './pdf.ts'
import { tool } from './pdfx.ts'

export interface DigitalPdfFacts {
  /** Every bookmark title, at any depth. */
  bookmarks: string[]
  /** The label of each page, or undefined without /PageLabels. */
  pageLabels: string[] | undefined
  links: number
  /** Links with a /Contents description. */
  describedLinks: number
}

export async function digitalPdfFacts(file: string): Promise<DigitalPdfFacts> {
  const document = await openPdfFile(file)
  const bookmarks: string[] = []
  const walk = (items: OutlineItem[]) => {
    for (const item of items) {
      bookmarks.push(item.title)
      walk(item.items)
    }
  }
  walk(pdfOutline(document))
  const links = pdfLinks(document)
  return { bookmarks, pageLabels: pdfPageLabels(document), links: links.length, describedLinks: links.filter((link) => link.described).length }
}

/** A title that is a title twice over, run together ("EducationEducation"): what Chromium's outline made of some headings. */
export function isDoubled(title: string): boolean {
  return /^(.{3,})\1$/su.test(title)
}

/** Roman labels (possibly none), then 1, 2, 3 … to the end. */
export function labelsAsPrinted(labels: readonly string[]): boolean {
  const arabic = labels.findIndex((label) => /^\d+$/.test(label))
  if (arabic === -1) return false
  const romanOk = labels.slice(0, arabic).every((label) => /^[ivxlcdm]+$/.test(label))
  const arabicOk = labels.slice(arabic).every((label, index) => label === String(index + 1))
  return romanOk && arabicOk
}

export async function verifyDigitalPdf(file: string, expected: { title: string; language: string }): Promise<VerifyLine[]> {
  const facts = await digitalPdfFacts(file)
  const doubled = facts.bookmarks.filter(isDoubled)
  const bookmarksDetail = `${facts.bookmarks.length} bookmarks${doubled.length ? `, doubled: ${doubled.slice(0, 5).join(', ')}` : ', none doubled'}`
  const labelsDetail = facts.pageLabels ? `${facts.pageLabels[0]} … ${facts.pageLabels.at(-1)} (arabic 1 on page ${facts.pageLabels.indexOf('1') + 1})` : 'no page labels'
  const linksDetail = `${facts.describedLinks} of ${facts.links} links have a description`
  const lines: VerifyLine[] = [
    checkLine(file, 'bookmarks', facts.bookmarks.length > 0 && doubled.length === 0, bookmarksDetail, 'o-021', facts.bookmarks.length === 0 ? 'The PDF has no bookmarks' : `Doubled bookmarks: ${doubled.slice(0, 5).join(', ')}`),
    checkLine(file, 'page labels as printed', facts.pageLabels !== undefined && labelsAsPrinted(facts.pageLabels), labelsDetail, 'o-022', `Page labels: ${labelsDetail}`),
    checkLine(file, 'links described', facts.describedLinks === facts.links, linksDetail, 'o-023', `Only ${linksDetail}`),
  ]
  const xmp = await tool('pdfinfo', ['-meta', file])
  const has = (element: string, value: string) => new RegExp(`<dc:${element}>[\\s\\S]*?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*?</dc:${element}>`).test(xmp)
  const xmpOk = has('title', expected.title) && /<dc:creator>[\s\S]*?<rdf:li>[^<]+<\/rdf:li>/.test(xmp) && has('language', expected.language)
  lines.push(checkLine(file, 'XMP metadata', xmpOk, xmpOk ? 'title, creators and language' : 'missing the title, creators or language', 'o-024', 'The XMP metadata lacks the title, the creators or the language'))
  // qpdf names the file in each warning: keep its name only, the place is the message's.
  const check = (await tool('qpdf', ['--check', file], { allowFailure: true })).split(file).join(path.basename(file))
  const clean = /No syntax or stream encoding errors found/.test(check) && !/^WARNING/m.test(check)
  const found = check.split('\n').filter((line) => /error|warning/i.test(line) && !/No syntax or stream encoding errors/.test(line)).slice(0, 3).join('; ')
  lines.push(checkLine(file, 'qpdf --check', clean, clean ? 'no errors or warnings' : found, 'o-025', `qpdf --check: ${found}`))
  return lines
}
