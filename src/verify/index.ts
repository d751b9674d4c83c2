export { epubcheckJar, runEpubcheck, type EpubcheckResult, type EpubcheckVersion } from './epubcheck.ts'
export { runAce, type AceResult, type AceViolation } from './ace.ts'
