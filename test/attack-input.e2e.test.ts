/**
 * Issue 22: what the build makes of hostile input passes the validators.
 * Control characters written as YAML escapes (`"\x01"` in a `url:`, `"\e"`
 * in a title) used to reach the EPUB, which EPUBCheck called FATAL.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBook } from '../src/build.ts'
import { runEpubcheck, type EpubcheckVersion } from '../src/verify/index.ts'
import { makeBook, validChapter, validConfig, validFrontMatter } from './helpers/book.ts'
import { checkForLeftoverProcesses } from './helpers/orphans.ts'

checkForLeftoverProcesses()

const folders: string[] = []
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
})

describe('escapes in YAML values reach no output (defect 6)', () => {
  it('an EPUB made with "\\x01" in a url, "\\e[2J" in a title and "\\u0007" in the config passes EPUBCheck 5.1.0 and 4.2.6 with no message', async () => {
    const frontMatter = validFrontMatter({ title: '"Medical \\e[2JRecords Director"' }).replace('url: https://www.ahima.org/', 'url: "https://www.ahima.org/\\x01"')
    const root = await makeBook({ '2026-01-05-medical-records-director.md': validChapter({ frontMatter }) }, { config: validConfig.replace('publisher: Test Press', 'publisher: "Test \\u0007Press"') })
    folders.push(root)
    const result = await buildBook({ root, formats: ['epub'], volume: 'complete' })
    expect(result.ok).toBe(true)
    expect(result.files.flatMap((file) => file.messages.map((message) => message.ruleId))).toEqual(['x-001', 'x-001', 'x-001'])
    const epub = path.join(root, 'dist/complete/test-careers.epub')
    for (const version of ['5.1.0', '4.2.6'] as EpubcheckVersion[]) {
      const checked = await runEpubcheck(epub, version)
      expect(checked.messages, `EPUBCheck ${version}`).toEqual([])
    }
  }, 300_000)
})
