/**
 * Issue 14, part 1: `springboard import` turns the weekly feature as it was
 * published in plain text into chapters, with `TODO` (and a comment) where
 * the text does not say, and `check` failing on exactly those places.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { inferCertifications, inferDegree, inferSummary } from '../src/import/infer.ts'
import { parseResourceLine } from '../src/import/organizations.ts'
import { makeBook, validChapter } from './helpers/book.ts'
import { positionOf, runCli } from './helpers/cli.ts'

const example = await readFile(path.join(import.meta.dirname, 'fixtures/import/director-of-medical-records.txt'), 'utf8')

const folders: string[] = []
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
})

/** A book with no chapters (or the ones given); `organizations` replaces the directory that ships with the package. */
async function book(chapters: Record<string, string> = {}, organizations?: string): Promise<string> {
  const root = await makeBook(chapters, { files: organizations === undefined ? {} : { 'templates/organizations.yaml': organizations } })
  folders.push(root)
  return root
}

/** Feature files in a temp folder, by name. */
async function features(files: Record<string, string | Uint8Array>): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'springboard-features-'))
  folders.push(folder)
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(folder, name), content)
  return folder
}

async function importOne(text: string | Uint8Array, args: string[] = [], root?: string) {
  const bookRoot = root ?? (await book())
  const folder = await features({ 'feature.txt': text })
  const run = await runCli(['import', path.join(folder, 'feature.txt'), '--date', '2026-03-02', '--root', bookRoot, ...args])
  const written = (await readdir(path.join(bookRoot, 'chapters'))).filter((name) => name.startsWith('2026-03-02'))
  const file = written[0] && path.join(bookRoot, 'chapters', written[0])
  const text2 = file ? await readFile(file, 'utf8') : ''
  const front = file ? (parse(text2.split('\n---\n')[0]!.slice(4)) as Record<string, any>) : {}
  return { run, root: bookRoot, file, text: text2, front }
}

async function checkJson(root: string) {
  const run = await runCli(['check', '--no-layout', '--root', root, '--format', 'json'])
  return { code: run.code, messages: JSON.parse(run.stdout) as { file: string; line: number; column: number; rule: string; severity: string }[] }
}

describe('springboard import: the example from the issue', () => {
  it('writes the title, summary, degree, RHIA, the seven competencies and salary 80000–120000; drops the blurb and the store line', async () => {
    const { run, file, front, text } = await importOne(example)
    expect(run.code).toBe(0)
    expect(path.basename(file!)).toBe('2026-03-02-director-of-medical-records.md')
    expect(front.title).toBe('Director of Medical Records')
    expect(front.published).toBe('2026-03-02')
    expect(front.summary).toBe(
      'The Director of Medical Records is responsible for maintaining the records of patients, in accordance with federal government regulations regarding patient privacy.',
    )
    expect(front.degree).toBe("Bachelor's degree")
    expect(front.certifications).toEqual(['Registered Health Information Administrator (RHIA)'])
    expect(front.competencies).toHaveLength(7)
    expect(front.competencies[0]).toBe('Outstanding interpersonal skills including the ability to effectively communicate with persons throughout the organization, including clinicians')
    expect(front.competencies[6]).toBe('Ability to develop and maintain a department budget')
    expect(front.salary).toEqual({ min: 80000, max: 120000, currency: 'USD', per: 'year' })
    expect(text).not.toMatch(/weekly feature|Kindle|■/)
    const sections = text.split('\n---\n')[1]!
    expect(sections.match(/^## .*/gm)).toEqual(['## Description', '## Education', '## Salary', '## Outlook'])
    expect(sections).toMatch(/## Education\n\nA bachelor of science in health information management/)
    expect(sections).toMatch(/## Outlook\n\nThe outlook for Directors of Medical Records is expected to increase/)
  })

  it('fails check only on the two resource addresses, each at its line, when the directory does not know them', async () => {
    const { run, text, root, front } = await importOne(example, [], await book({}, '[]\n'))
    expect(run.stdout).toContain('Department of Labor, Bureau of Labor Statistics')
    expect(front.resources.map((resource: { name: string }) => resource.name)).toEqual([
      'Department of Labor, Bureau of Labor Statistics',
      'American Health Information Management Association',
    ])
    const lines = text.split('\n')
    const urlLines = lines.flatMap((line, index) => (/^ {4}url: TODO # .*cut off/.test(line) ? [index + 1] : []))
    expect(urlLines).toHaveLength(2)
    const { code, messages } = await checkJson(root)
    expect(code).toBe(1)
    expect(messages.every((message) => message.file === 'chapters/2026-03-02-director-of-medical-records.md')).toBe(true)
    expect([...new Set(messages.map((message) => message.line))]).toEqual(urlLines)
    expect(messages.filter((message) => message.rule === 's-006').map((message) => [message.line, message.column])).toEqual(urlLines.map((line) => [line, 10]))
  })

  it('fills in BLS and AHIMA from the directory that ships with the package, and then passes check', async () => {
    const { run, front, root } = await importOne(example)
    expect(front.resources).toEqual([
      { name: 'U.S. Bureau of Labor Statistics, Occupational Outlook Handbook', url: 'https://www.bls.gov/ooh/' },
      { name: 'American Health Information Management Association (AHIMA)', url: 'https://www.ahima.org/' },
    ])
    expect(run.stdout).not.toContain('TODO')
    const { code, messages } = await checkJson(root)
    expect(messages).toEqual([])
    expect(code).toBe(0)
  })

  it("takes the title from --title, and the directory from the book's own templates/", async () => {
    const own = '- name: Bureau of Labor Statistics\n  url: https://www.bls.gov/\n'
    const { front } = await importOne(example, ['--title', 'Health Information Director'], await book({}, own))
    expect(front.title).toBe('Health Information Director')
    expect(front.resources[0]).toEqual({ name: 'Bureau of Labor Statistics', url: 'https://www.bls.gov/' })
    expect(front.resources[1].url).toBe('TODO')
  })
})

describe('springboard import: the variations of the archive', () => {
  it('writes hourly pay as hourly (per: hour), written $38/hour or $30 to $38 per hour; the yearly figure when both are given', async () => {
    const slash = await importOne(example.replace('$80,000 to $120,000', '$38/hour'))
    expect(slash.front.salary).toEqual({ min: 38, max: 38, currency: 'USD', per: 'hour' })
    const per = await importOne(example.replace('$80,000 to $120,000', '$30 to $38 per hour'))
    expect(per.front.salary).toMatchObject({ min: 30, max: 38, per: 'hour' })
    expect(per.text).not.toContain('TODO')
    const both = await importOne(example.replace('$80,000 to $120,000', '$30 to $38 per hour ($62,400 to $79,040 a year)'))
    expect(both.front.salary).toMatchObject({ min: 62400, max: 79040, per: 'year' })
  })

  it('flags a figure without a unit with a TODO comment that check reports at its line', async () => {
    const { front, text, root } = await importOne(example.replace('$80,000 to $120,000', '$30 to $38'))
    expect(front.salary).toMatchObject({ min: 30, max: 38, per: 'hour' })
    const line = positionOf(text, 'min: 30 # TODO: "$30 to $38" has no unit').line
    const { messages } = await checkJson(root)
    expect(messages.map((message) => [message.line, message.rule])).toEqual([[line, 's-006']])
  })

  it('reads $45,000 - $60,000 and • bullets', async () => {
    const text = example.replace('$80,000 to $120,000', '$45,000 - $60,000').replaceAll('■', '•')
    const { front, root } = await importOne(text)
    expect(front.salary).toMatchObject({ min: 45000, max: 60000 })
    expect(front.competencies).toHaveLength(7)
    expect(front.resources).toHaveLength(2)
    expect((await checkJson(root)).code).toBe(0)
  })

  it('reads -, * and ▪ bullets and two paragraphs of description', async () => {
    const bullets = ['-', '*', '▪']
    let n = 0
    const text = example
      .replace(/^■/gm, () => bullets[n++ % 3]!)
      .replace('key responsibilities of the position.', 'key responsibilities of the position.\n\nThe director works with clinicians, lawyers and IT staff every day.')
    const { front, text: chapter } = await importOne(text)
    expect(front.competencies).toHaveLength(7)
    expect(front.degree).toBe("Bachelor's degree")
    expect(chapter).toMatch(/## Description\n\nThe Director[^\n]*\n\nThe director works with clinicians[^\n]*\n\n## Education\n\nA bachelor/)
  })

  it('leaves a missing outlook as TODO with a comment, which check reports at its line', async () => {
    const text = example.replace(/^The outlook for Directors.*\n\n/m, '')
    const { front, text: chapter, root } = await importOne(text)
    expect(front.salary).toMatchObject({ min: 80000, max: 120000 })
    expect(chapter).toMatch(/## Outlook\n\nTODO <!-- no outlook paragraph in the text: [^\n]* -->\n$/)
    const { line } = positionOf(chapter, 'TODO <!--')
    const { messages } = await checkJson(root)
    expect(messages.map((message) => [message.line, message.column, message.rule])).toEqual([[line, 1, 's-006']])
  })

  it('decodes Windows-1252 bytes and Windows line endings', async () => {
    // ■ is not in Windows-1252: the old files used • (0x95); 0x92 is the curly apostrophe.
    const cp1252: Record<string, number> = { '\u2019': 0x92, '\u2022': 0x95 }
    const text = example.replaceAll('■', '•').replaceAll('\n', '\r\n')
    const bytes = Uint8Array.from([...text].map((char) => cp1252[char] ?? char.charCodeAt(0)))
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    const { run, text: chapter, front, root } = await importOne(bytes)
    expect(run.stdout).toContain('read as Windows-1252')
    expect(chapter).not.toContain('\r')
    expect(chapter).toContain('Although not required, a master\u2019s degree')
    expect(front.competencies).toHaveLength(7)
    expect((await checkJson(root)).code).toBe(0)
  })
})

describe('springboard import: files and folders', () => {
  it('imports a folder a week apart after the newest chapter, and takes a date from a file name', async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    const nurse = example.replaceAll('Director of Medical Records', 'Registered Nurse').replaceAll('Directors of Medical Records', 'Registered Nurses')
    const folder = await features({
      'a.txt': example,
      'b.txt': nurse,
      '2019-03-04 pharmacist.txt': example.replace('The Director of Medical Records is', 'The Pharmacist is'),
      'notes.doc': 'not a feature',
    })
    const run = await runCli(['import', folder, '--root', root])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect((await readdir(path.join(root, 'chapters'))).sort()).toEqual([
      '2019-03-04-pharmacist.md',
      '2026-01-05-medical-records-director.md',
      '2026-01-12-director-of-medical-records.md',
      '2026-01-19-registered-nurse.md',
    ])
  })

  it('refuses to overwrite a chapter (exit 2, naming it) and writes nothing', async () => {
    const root = await book({ '2026-03-02-director-of-medical-records.md': 'edited by hand' })
    const folder = await features({ 'a.txt': example, 'b.txt': example.replaceAll('Director of Medical Records', 'Registered Nurse') })
    const run = await runCli(['import', path.join(folder, 'b.txt'), path.join(folder, 'a.txt'), '--date', '2026-02-23', '--root', root])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('chapters/2026-03-02-director-of-medical-records.md already exists')
    expect(await readFile(path.join(root, 'chapters/2026-03-02-director-of-medical-records.md'), 'utf8')).toBe('edited by hand')
    expect(existsSync(path.join(root, 'chapters/2026-02-23-registered-nurse.md'))).toBe(false)

    const same = await features({ '2019-03-04 a.txt': example, '2019-03-04 b.txt': example })
    const twice = await runCli(['import', same, '--root', root])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('2019-03-04 a.txt and 2019-03-04 b.txt would both become chapters/2019-03-04-director-of-medical-records.md')
    expect(existsSync(path.join(root, 'chapters/2019-03-04-director-of-medical-records.md'))).toBe(false)
  })

  it('exits 2 on a missing file, a bad --date, --title with several files, or a broken directory', async () => {
    const root = await book()
    const folder = await features({ 'a.txt': example, 'b.txt': example })
    expect((await runCli(['import', path.join(folder, 'nope.txt'), '--root', root])).code).toBe(2)
    expect((await runCli(['import', path.join(folder, 'a.txt'), '--date', '2026-02-30', '--root', root])).code).toBe(2)
    expect((await runCli(['import', folder, '--title', 'Nurse', '--root', root])).code).toBe(2)
    const broken = await book({}, '- name: BLS\n  url: www.bls.gov\n')
    const run = await runCli(['import', path.join(folder, 'a.txt'), '--root', broken])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/templates\/organizations\.yaml:2:8: /)
    await mkdir(path.join(folder, 'empty'))
    expect((await runCli(['import', path.join(folder, 'empty'), '--root', root])).code).toBe(2)
    expect(await readdir(path.join(root, 'chapters'))).toEqual([])
  })
})

describe('what import reads from the prose', () => {
  it('names a doctorate as written, and the first degree the education part gives', () => {
    expect(inferDegree(['Pharmacists need a Doctor of Pharmacy (PharmD) from an accredited school.'])).toBe('Doctor of Pharmacy (PharmD)')
    expect(inferDegree(["An associate degree is the usual start, though a bachelor's helps."])).toBe("Associate's degree")
    expect(inferDegree(['Most learn on the job.'])).toBeUndefined()
  })

  it('takes credentials with their abbreviation, not the organizations that award them', () => {
    const text = ['Graduates register with the American Registry of Radiologic Technologists (ARRT), then pass the Certified Coding Specialist Credential (CCS).']
    expect(inferCertifications(text, () => false)).toEqual(['Certified Coding Specialist (CCS)'])
  })

  it('does not end the summary at "U.S."', () => {
    expect(inferSummary('A nurse works for the U.S. Department of Health. Then more.')).toBe('A nurse works for the U.S. Department of Health.')
  })

  it('keeps an address that survived in a resource line', () => {
    expect(parseResourceLine('American Nurses Association (www.nursingworld.org)')).toEqual({ name: 'American Nurses Association', url: 'https://www.nursingworld.org' })
    expect(parseResourceLine('Department of Labor, Bureau of Labor Statistics (')).toEqual({ name: 'Department of Labor, Bureau of Labor Statistics', cut: {} })
    expect(parseResourceLine('American Nurses Association')).toEqual({ name: 'American Nurses Association' })
  })
})
