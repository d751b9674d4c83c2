/**
 * The audit of the handouts: each handout's laid-out text (print/page-scripts.ts, handoutTexts) holds
 * every field its template promises. The excerpts (The job, Pay, Outlook) are dropped by design when the
 * page is full (print/handouts.ts): that is a warning that says what fills the page.
 */
import type { TransformedChapter } from '../chapter.ts'
import { careerLines } from '../render/career-lines.ts'
import type { SourceCache } from './index.ts'
import type { Finding } from './match.ts'
import { comparable, quote } from '../text/compare.ts'
import { count } from '../text/count.ts'
import type { handoutTexts } from '../print/page-scripts.ts'

/** What the page script reads of a laid-out handout (its text, whether it is compact, what fills it). */
export type HandoutReading = Omit<ReturnType<typeof handoutTexts>[number], 'id'>

export function auditHandout(transformed: TransformedChapter, reading: HandoutReading, sources: SourceCache): Finding[] {
  const findings: Finding[] = []
  // A handout that does not fit even without its excerpts is not printed (p-001, reported already).
  if (transformed.chapter.file.messages.some((message) => message.ruleId === 'p-001')) return findings
  const text = comparable(reading.text)
  const fields = sources.blocksOf(transformed.chapter).fields
  for (const block of fields) {
    if (!text.includes(block.text)) findings.push({ code: 'a-005', block, message: `The ${block.kind} ${quote(block.text)} is not on the handout: its template prints it` })
  }
  const lines = careerLines(transformed.body, sources.language)
  const excerpts = [
    ['The job', lines.description],
    ['Pay', lines.salary],
    ['Outlook', lines.outlook],
  ] as const
  const title = fields.find((block) => block.kind === 'title')
  if (reading.compact) {
    const what = [
      `the title takes ${count(reading.titleLines, 'line')}`,
      `the summary ${count(reading.summaryLines, 'line')}`,
      ...(reading.certifications > 1 ? [`${reading.certifications} certifications`] : []),
      `${count(reading.competencies, 'competency', 'competencies')} and ${count(reading.resources, 'resource')}`,
    ]
    findings.push({ code: 'a-006', ...(title ? { block: title } : {}), message: `The handout leaves out its excerpts (${excerpts.map(([name]) => name).join(', ')}): the page is full; ${what.join(', ')}` })
    return findings
  }
  for (const [name, excerpt] of excerpts) {
    const wanted = comparable(excerpt)
    if (wanted && !text.includes(wanted)) findings.push({ code: 'a-005', ...(title ? { block: title } : {}), message: `The handout's excerpt under “${name}” (${quote(wanted)}) is not on the handout: its template prints it` })
  }
  return findings
}

