/** The typesetting measures read from a PDF's text (src/verify/typesetting.ts), on pdftotext -layout text written by hand. */
import { describe, expect, it } from 'vitest'
import { typesettingFacts } from '../src/verify/typesetting.ts'

const page = (...lines: string[]) => lines.join('\n')

describe('typesetting facts from a PDF\'s text', () => {
  it('a word hyphenated across a page turn, with the folio below it, soft (Chromium) or hard', () => {
    const text = [
      page('CAREER 1', 'evening, night and weekend shifts are com\u00AD-', '                     21'),
      page('mon in hospitals.', '                     22'),
      page('a well-', '23'),
      page('known fact.'),
      '',
    ].join('\f')
    const facts = typesettingFacts(text)
    expect(facts.pages).toBe(4)
    expect(facts.pageTurns).toEqual([{ page: 1, word: 'com-' }, { page: 3, word: 'well-' }])
  })

  it('a page that ends on a whole word, or on a web address broken at its hyphen, is no page turn', () => {
    const text = [page('the end of a line.', '7'), page('https://www.bls.gov/ooh/management/medical-and-health-services-', '8'), page('managers.htm')].join('\f')
    expect(typesettingFacts(text).pageTurns).toEqual([])
  })

  it('ladders: a third hyphenated line in a row counts once per run; two in a row are fine', () => {
    const three = page('one line ends hy\u00AD-', 'phenated and so does an\u00AD-', 'other and yet an\u00AD-', 'other, and a fourth hy\u00AD-', 'phen.')
    const two = page('one line ends hy\u00AD-', 'phenated and so does an\u00AD-', 'other line.')
    expect(typesettingFacts(three).ladders).toBe(1)
    expect(typesettingFacts(two).ladders).toBe(0)
  })

  it('a paragraph that ends on a word\'s tail; PDF/X text keeps only the hyphen', () => {
    expect(typesettingFacts(page('much faster than the average for all occupa\u00AD-', 'tions.1')).tails).toBe(1)
    expect(typesettingFacts(page('should have plenty of op-', 'tions.')).tails).toBe(1)
    expect(typesettingFacts(page('should have plenty of op\u00AD-', 'tions and more.')).tails).toBe(0)
  })

  it('blank pages have no text, or only a folio', () => {
    expect(typesettingFacts(['text', '', '  ', 'text', ''].join('\f')).blankPages).toBe(2)
  })
})
