export { epubcheckJar, runEpubcheck, type EpubcheckResult, type EpubcheckVersion } from './epubcheck.ts'
export { runAce, type AceResult, type AceViolation } from './ace.ts'
export { pdfFonts, pdfInfo, pdfNavigation, pdfPageSizes, pdfPageTexts, pdfWords, type PdfFont, type PdfInfo, type PdfNavigation, type PdfWord } from './pdf.ts'
export { verifyOutputs, type VerifyLine } from './outputs.ts'
