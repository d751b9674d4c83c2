/**
 * Temporary book folders for tests: a config, chapters written from a
 * valid template with the parts a test wants to break, nothing else.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export const validConfig = `title: Test Careers
subtitle: A test volume
editors:
  - Test Editor
publisher: Test Press
language: en-US
`

export interface ChapterParts {
  title?: string
  published?: string
  /** Replaces the whole front matter block (without the --- lines). */
  frontMatter?: string
  /** Lines appended to the default front matter. */
  extraFrontMatter?: string
  /** Replaces the whole body. */
  body?: string
  /** Appended to the Outlook section. */
  append?: string
}

export function validFrontMatter(parts: ChapterParts = {}): string {
  return `title: ${parts.title ?? 'Medical Records Director'}
published: ${parts.published ?? '2026-01-05'}
summary: Runs the medical records program of a hospital.
category: Health Information
degree: Bachelor's degree
certifications:
  - RHIA
salary:
  min: 80000
  max: 120000
  currency: USD
competencies:
  - Communicating across the organization
  - Building a department budget
resources:
  - name: Bureau of Labor Statistics
    url: https://www.bls.gov/ooh/
  - name: AHIMA
    url: https://www.ahima.org/
${parts.extraFrontMatter ?? ''}`.trimEnd()
}

export function validBody(append = ''): string {
  return `## Description

Directs the medical records program.

## Education

A bachelor's degree in health information management.

## Salary

Between $80,000 and $120,000 a year.

## Outlook

Growing as health IT keeps changing.
${append}`
}

export function validChapter(parts: ChapterParts = {}): string {
  return `---\n${parts.frontMatter ?? validFrontMatter(parts)}\n---\n\n${parts.body ?? validBody(parts.append)}\n`
}

/** Write a book to a new temp folder: `chapters` maps file names to contents (string or bytes). */
export async function makeBook(
  chapters: Record<string, string | Uint8Array>,
  options: { config?: string; files?: Record<string, string | Uint8Array> } = {},
): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'springboard-test-book-'))
  await mkdir(path.join(root, 'chapters'))
  await writeFile(path.join(root, 'springboard.yaml'), options.config ?? validConfig)
  for (const [name, content] of Object.entries(chapters)) {
    await writeFile(path.join(root, 'chapters', name), content)
  }
  for (const [name, content] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true })
    await writeFile(path.join(root, name), content)
  }
  return root
}

/** The sample book's own chapter files, for tests that want real content. */
export async function sampleChapter(name: string): Promise<string> {
  return readFile(path.join(projectRoot, 'chapters', name), 'utf8')
}

/** Books (and other folders) for one test file, all removed after its tests. */
export function temporaryBooks(): { book: (...args: Parameters<typeof makeBook>) => Promise<string>; removeAfterAll: (folder: string) => void } {
  const folders: string[] = []
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })
  return {
    book: async (...args) => {
      const root = await makeBook(...args)
      folders.push(root)
      return root
    },
    removeAfterAll: (folder) => void folders.push(folder),
  }
}
