/**
 * The golden folders that need a laid-out page (Chromium) or the real validators (EPUBCheck, Ace,
 * poppler, qpdf, Ghostscript): see test/rule-fixtures.test.ts for the folders and their markers.
 */
import { describe } from 'vitest'
import { folders, goldenTests, needsTools } from './helpers/golden.ts'

describe('rule fixtures (golden files) that need the real tools', () => {
  goldenTests(folders.filter(needsTools))
})
