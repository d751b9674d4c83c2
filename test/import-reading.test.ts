/**
 * Issue 24, each step of reading a feature on its own: the list forms
 * editors paste, the labels in their variants, pay as written, credentials
 * only where the text says someone earns or holds them, the title after a
 * kicker, and the boilerplate of newsletters and of the book.
 */
import { describe, expect, it } from 'vitest'
import { boilerplateReason, recurringTexts, type BoilerplateContext } from '../src/import/boilerplate.ts'
import { inferCertifications, inferDegree, inferSummary } from '../src/import/infer.ts'
import { labelKind, openingLabel } from '../src/import/labels.ts'
import { parseResourceLine, parseResourceProse } from '../src/import/organizations.ts'
import { cleanText, toUnits } from '../src/import/read.ts'
import { readSalary } from '../src/import/salary.ts'
import { readStructure } from '../src/import/structure.ts'

const noBook: BoilerplateContext = { book: { texts: [], stores: [] }, recurring: new Set() }
const book: BoilerplateContext = {
  book: {
    texts: [
      'Careers in Health Care',
      "Profiles from SpringBoard's weekly career feature",
      'SpringBoard Press',
      "Careers in Health Care collects the profiles from SpringBoard's weekly career feature, one job in health care at a time.",
    ],
    stores: ['Kindle', 'Nook'],
  },
  recurring: new Set(),
}

const description = 'Genetic counselors assess the risk that a family has an inherited condition. They explain the results of tests to patients.'

describe('lists in every form editors paste', () => {
  const forms = ['■ ', '• ', '· ', '▪ ', '* ', '- ', '– ', 'o\t', '1. ', '1) ', 'a) ']
  for (const form of forms) {
    it(`reads ${JSON.stringify(form.trim() || form)} lines as one list of three items`, () => {
      const marker = (index: number) => form.replace('1', String(index + 1)).replace('a', 'abc'[index]!)
      const text = ['Key skills:', ...['Compassion', 'Attention to detail', 'Problem-solving skills'].map((item, index) => `${marker(index)}${item}`)].join('\n')
      const units = toUnits(text)
      expect(units.map((unit) => unit.kind)).toEqual(['text', 'list'])
      expect(units[1]!.kind === 'list' && units[1]!.items.map((item) => item.text)).toEqual(['Compassion', 'Attention to detail', 'Problem-solving skills'])
    })
  }

  it('joins an item wrapped onto an indented line, and keeps lists of different markers apart', () => {
    const units = toUnits('- Compassion and the ability to listen, even when a\n  story is hard to hear\n- Patience\n1. Next\n2. After')
    expect(units.map((unit) => unit.kind === 'list' && unit.items.map((item) => item.text))).toEqual([
      ['Compassion and the ability to listen, even when a story is hard to hear', 'Patience'],
      ['Next', 'After'],
    ])
  })

  it('reads "1. THE JOB" over a paragraph as a heading, and rewraps a paragraph wrapped at a fixed width', () => {
    const units = toUnits('1. THE JOB\nProsthetists design artificial limbs for people who have lost\nan arm or a leg, and fit them.')
    expect(units.map((unit) => [unit.kind, unit.kind === 'text' && unit.text])).toEqual([
      ['text', 'THE JOB'],
      ['text', 'Prosthetists design artificial limbs for people who have lost an arm or a leg, and fit them.'],
    ])
  })

  it('decodes character references, and takes out HTML tags and emoji line by line, saying so', () => {
    const { text, removed } = cleanText('Career &mdash; Dietetic Technician\n📚 Education &amp; training: an associate&#8217;s degree\n<a href="x">Unsubscribe</a>')
    expect(text).toBe('Career — Dietetic Technician\nEducation & training: an associate’s degree\nUnsubscribe')
    expect(removed.map((removal) => [removal.line, removal.why.split(',')[0]])).toEqual([
      [2, 'emoji'],
      [3, 'HTML markup'],
    ])
  })
})

describe('labels in their usual variants', () => {
  const cases: [string, string][] = [
    ['Education required:', 'education'],
    ['How to get there:', 'education'],
    ['What you need:', 'education'],
    ['Education & credentials', 'education'],
    ['Key skills:', 'competencies'],
    ['Core competencies:', 'competencies'],
    ['Skills you’ll need:', 'competencies'],
    ['Pay:', 'salary'],
    ['Median pay:', 'salary'],
    ['What it pays', 'salary'],
    ['Job outlook:', 'outlook'],
    ["Where it's headed:", 'outlook'],
    ['Want to know more?', 'resources'],
    ['**Learn more**', 'resources'],
    ['What does it pay?', 'salary'],
    ['Q: How do I become one?', 'education'],
    ['Is the field growing?', 'outlook'],
  ]
  for (const [label, kind] of cases) it(`reads ${JSON.stringify(label)} as ${kind}`, () => expect(labelKind(label)).toBe(kind))

  it('does not read a career or a sentence as a label', () => {
    expect(labelKind('Health Information Technician')).toBeUndefined()
    expect(labelKind('Nurse Educator')).toBeUndefined()
    expect(labelKind('Ever thought about becoming one?')).toBeUndefined()
    expect(openingLabel('The outlook is bright: employment is projected to grow.')).toBeUndefined()
    expect(openingLabel('**Education.** NPs must first be registered nurses.')).toEqual({ head: 'Education', kind: 'education', rest: 'NPs must first be registered nurses.' })
  })
})

describe('pay as written', () => {
  const year = (min: number, max: number) => ({ min, max, per: 'year' })
  const hour = (min: number, max: number) => ({ min, max, per: 'hour' })
  const cases: [string, object][] = [
    ['earn $64,000 to $114,000 a year', year(64000, 114000)],
    ['earn between $39,840 and $87,950 a year', year(39840, 87950)],
    ['$45,000-$65,000 is typical', year(45000, 65000)],
    ['roughly $24k–$47k a year', year(24000, 47000)],
    ['start at about $60k, and experienced ones can make $190k or more', year(60000, 190000)],
    ['start at about $22 per hour, and experienced technologists can earn up to $35 per hour', hour(22, 35)],
    ['from $17 to $29 an hour', hour(17, 29)],
    ['a median of $20.50 an hour', hour(20.5, 20.5)],
    ['between $25 and $40 an hour, or roughly $52,000 to $83,000 a year', year(52000, 83000)],
    ['about $14.25/hr, or $29,640 a year', year(29640, 29640)],
    ['The median was $79,120; the lowest 10 percent earned less than $48,840, and the highest 10 percent earned more than $121,260.', year(48840, 121260)],
    ['The median wage was $12.15 per hour. The lowest 10 percent earned less than $9.47 per hour, and the highest 10 percent more than $16.28 per hour.', hour(9.47, 16.28)],
    ['The median annual wage was $85,560. Most earn between $58,000 and $128,000.', year(58000, 128000)],
    ['from $46,000 to $129,000 per year (median $70,990)', year(46000, 129000)],
    ['New ones earn around $4,200 a month, and experienced ones earn $9,000 a month or more.', year(50400, 108000)],
  ]
  for (const [text, expected] of cases) it(`reads "${text}"`, () => expect(readSalary(text)).toMatchObject(expected))

  it('a median alone is one figure, not a range; a figure without a unit is flagged', () => {
    expect(readSalary('a median of $51,830 a year in 2019')).toMatchObject({ min: 51830, max: 51830, how: expect.stringContaining('median') })
    expect(readSalary('$30 to $38')).toMatchObject({ min: 30, max: 38, per: 'hour', flag: expect.stringContaining('no unit') })
    expect(readSalary('no figure at all')).toBeUndefined()
  })
})

describe('never invent', () => {
  const none = () => false
  it('takes a credential the text says someone earns or holds, not an accreditor named in passing', () => {
    expect(inferCertifications(['Programs must hold Academic Accreditation (CAA) from the council; graduates then pass a national exam.'], none)).toEqual([])
    expect(inferCertifications(['Graduate from a program accredited by the Council on Academic Accreditation (CAA).'], none)).toEqual([])
    expect(inferCertifications(['accredited by the Accreditation Council for Education in Nutrition and Dietetics (ACEND), then earn the Registered Dietitian Nutritionist (RDN) credential'], none)).toEqual([
      'Registered Dietitian Nutritionist (RDN)',
    ])
    expect(inferCertifications(['Cardiovascular Credentialing International (CCI) awards the Registered Cardiac Sonographer (RCS) credential.'], none)).toEqual(['Registered Cardiac Sonographer (RCS)'])
    expect(inferCertifications(['They must pass the NCLEX-RN exam; most states require NREMT certification.'], none)).toEqual(['NCLEX-RN exam', 'NREMT certification'])
    expect(inferCertifications(['to earn the Athletic Trainer, Certified (ATC) credential'], none)).toEqual(['Athletic Trainer, Certified (ATC)'])
    expect(inferCertifications(['Every state requires a license.'], none)).toEqual([])
  })

  it('names no degree the text does not name', () => {
    expect(inferDegree(['Nursing assistants complete a state-approved program and pass an exam.'])).toBeUndefined()
    expect(inferDegree(['a postsecondary nondegree award from a program; a high school diploma is required to enter'])).toBe('Postsecondary nondegree award')
    expect(inferDegree(['a Doctor of Audiology (Au.D.) degree'])).toBe('Doctor of Audiology (Au.D.)')
    expect(inferDegree(["an associate's or bachelor's degree"])).toBe("Associate's degree")
  })

  it('summarises with the sentence that names the career, not a question before it', () => {
    expect(inferSummary(['Who takes your blood pressure? Often a medical assistant. Medical assistants do clinical tasks.'], 'Medical Assistant')).toBe('Medical assistants do clinical tasks.')
  })
})

describe('the title, wherever it stands', () => {
  const titleOf = (top: string) => readStructure(`${top}\n\n${description}`, noBook).title
  for (const top of ['CAREER OF THE WEEK: Genetic Counselor', 'Issue 212 — Genetic Counselor', 'Genetic Counselor: Career of the Week', 'GENETIC COUNSELOR', '# Genetic Counselor', 'Subject: Career of the week - Genetic Counselor']) {
    it(`finds it in ${JSON.stringify(top)}`, () => expect(titleOf(top)).toMatchObject({ text: 'Genetic Counselor', sure: true }))
  }

  it('is unsure of a short line the description does not name, and says so instead of guessing', () => {
    expect(titleOf('Allied Health Roundup')).toMatchObject({ text: 'Allied Health Roundup', sure: false })
    expect(titleOf('March 4, 2019')).toBeUndefined()
  })
})

describe('boilerplate', () => {
  it('knows newsletter headers, footers, store lines and series blurbs by their wording', () => {
    expect(boilerplateReason('SpringBoard Careers Weekly — Issue 212', noBook, true)).toBe('newsletter header')
    expect(boilerplateReason('© 2019 SpringBoard Press. All rights reserved.', noBook, false)).toBe('\u00A9 footer')
    expect(boilerplateReason('Buy now on the Kindle or Nook!', noBook, true)).toBe('store line')
    expect(boilerplateReason('Each week, our editors profile one career in health care.', noBook, false)).toBe('series blurb')
    expect(boilerplateReason('Nurses work three twelve-hour shifts each week in most hospitals, and many work nights.', noBook, false)).toBeUndefined()
  })

  it("learns from the book: its stores, its publisher's name and its description", () => {
    expect(boilerplateReason('Also for your Nook: get the book today.', book, false)).toBe('store line')
    expect(boilerplateReason('A SpringBoard career profile', book, true)).toBe("the book's or the series' name")
    expect(boilerplateReason('MENTAL HEALTH COUNSELOR', book, true)).toBeUndefined()
    expect(boilerplateReason('Profiles from SpringBoard, one job in health care at a time, from the weekly career feature collected.', book, false)).toMatch(/series blurb/)
  })

  it("learns from the import's other features what they share, but not from the same feature twice", () => {
    const footer = 'Brought to you by the Allied Health Club of Springfield.'
    const shared = recurringTexts([
      ['Phlebotomists draw blood.', footer],
      ['Audiologists treat hearing loss.', footer],
    ])
    expect(boilerplateReason(footer, { ...noBook, recurring: shared }, false, true)).toBe('in other features of this import too')
    expect(boilerplateReason(footer, { ...noBook, recurring: shared }, false, false)).toBeUndefined()
    expect(recurringTexts([['Phlebotomists draw blood for tests.', footer], ['Phlebotomists draw blood for tests.', footer]]).size).toBe(0)
  })
})

describe('resources with addresses given, cut off or missing', () => {
  it('reads the address in each of its places', () => {
    expect(parseResourceLine('www.nremt.org (National Registry of Emergency Medical Technicians)')).toEqual({ name: 'National Registry of Emergency Medical Technicians', url: 'https://www.nremt.org' })
    expect(parseResourceLine('Pharmacy Technician Certification Board – https://www.ptcb.org')).toEqual({ name: 'Pharmacy Technician Certification Board', url: 'https://www.ptcb.org' })
    expect(parseResourceLine('[American Nurses Association](https://www.nursingworld.org)')).toEqual({ name: 'American Nurses Association', url: 'https://www.nursingworld.org' })
    expect(parseResourceLine('Council of State Epidemiologists <https://www.cste.org>')).toEqual({ name: 'Council of State Epidemiologists', url: 'https://www.cste.org' })
    expect(parseResourceLine('American Occupational Therapy Association aota.org')).toEqual({ name: 'American Occupational Therapy Association', url: 'https://aota.org' })
  })

  it('tells an address cut off from one never given', () => {
    expect(parseResourceLine('American Mental Health Counselors Association (www.amhca')).toEqual({ name: 'American Mental Health Counselors Association', cut: { partial: 'www.amhca' } })
    expect(parseResourceLine('Academy of Nutrition and Dietetics (')).toEqual({ name: 'Academy of Nutrition and Dietetics', cut: {} })
    expect(parseResourceLine('Physician Assistant Education Association')).toEqual({ name: 'Physician Assistant Education Association' })
  })

  it('reads resources named in a sentence', () => {
    expect(parseResourceProse('For more, visit the American Massage Therapy Association at www.amtamassage.org and the Federation of State Massage Therapy Boards at www.fsmtb.org.')).toEqual([
      { name: 'American Massage Therapy Association', url: 'https://www.amtamassage.org' },
      { name: 'Federation of State Massage Therapy Boards', url: 'https://www.fsmtb.org' },
    ])
  })
})

describe('nothing becomes content by a guess', () => {
  const feature = (...blocks: string[]) => readStructure(blocks.join('\n\n'), noBook)
  const intro = 'Genetic Counselor'
  const first = 'Genetic counselors assess the risk that a family has an inherited condition. They explain test results to patients.'

  it('leaves a short line that is not a sentence out, as a heading, rather than as a paragraph', () => {
    const read = feature(intro, first, 'What comes next', 'Employment is projected to grow 21 percent over the decade.')
    expect(read.unused).toContainEqual({ text: 'What comes next', lines: { from: 5, to: 5 }, why: 'a heading that names no part of the chapter' })
    expect(read.parts.outlook.map((placement) => placement.text)).toEqual(['Employment is projected to grow 21 percent over the decade.'])
  })

  it('takes out a run-in head in capitals it does not know, and splits "A | B | C" into items', () => {
    const read = feature(intro, first, 'THE DAILY GRIND — Counselors see six to eight families a day in clinics and hospitals.', 'THE SKILLS — Empathy | Listening | Statistics')
    expect(read.parts.description.map((placement) => placement.text)).toEqual([first, 'Counselors see six to eight families a day in clinics and hospitals.'])
    expect(read.parts.competencies.map((placement) => placement.text)).toEqual(['Empathy', 'Listening', 'Statistics'])
  })

  it('reads "Key<TAB>value" lines as labels', () => {
    const read = readStructure('Career\tGenetic Counselor\nDescription\tGenetic counselors assess the risk that a family has an inherited condition, and explain tests.\nSalary\t$64,000 to $114,000 a year', noBook)
    expect(read.title).toMatchObject({ text: 'Genetic Counselor', how: 'label' })
    expect(read.parts.salary.map((placement) => placement.text)).toEqual(['Salary: $64,000 to $114,000 a year'])
  })

  it('is unsure of a paragraph that holds the signs of three parts: paragraphs run together', () => {
    const read = feature(intro, first, "They need a master's degree, earn $64,000 to $114,000 a year, and employment is projected to grow 21 percent.")
    expect(read.unsure).toEqual([expect.objectContaining({ part: 'education', why: expect.stringMatching(/several parts \(education, salary, outlook\)/) })])
  })

  it('does not end a sentence at a state abbreviation, and names a credential in the singular', () => {
    expect(inferSummary(['SPRINGFIELD, Ill. (May 6, 2019) — Hospitals are hiring.'])).toBe('SPRINGFIELD, Ill. (May 6, 2019) — Hospitals are hiring.')
    expect(inferCertifications(['most are Certified Nursing Assistants (CNA) first'], () => false)).toEqual(['Certified Nursing Assistant (CNA)'])
  })
})
