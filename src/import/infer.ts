/**
 * What the front matter needs, read from the feature's prose. Each function
 * returns `undefined` (or nothing) when the text does not say, so that the
 * chapter gets a `TODO` there instead of a guess.
 */

const smallWords = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with'])

/** "MEDICAL LABORATORY SCIENTIST" → "Medical Laboratory Scientist"; a title in mixed case stays as written. */
export function titleCase(text: string): string {
  const words = text.trim().split(/\s+/)
  if (/[a-z]/.test(text)) return words.map((word, index) => (index === 0 ? word[0]!.toUpperCase() + word.slice(1) : word)).join(' ')
  return words
    .map((word, index) =>
      index > 0 && smallWords.has(word.toLowerCase()) ? word.toLowerCase() : word.toLowerCase().replace(/(^|[-/])(\p{L})/gu, (_, mark: string, letter: string) => mark + letter.toUpperCase()),
    )
    .join(' ')
}

/** "The Director of Medical Records is responsible for …" → "Director of Medical Records". */
export function inferTitle(description: string | undefined): string | undefined {
  const match = /^(?:(?:The|A|An)\s+)?([A-Z][A-Za-z'\u2019&/ -]*?)\s+(?:is|are|works?|serves?)\b/.exec(description ?? '')
  const phrase = match?.[1]?.trim()
  if (!phrase || phrase.split(/\s+/).length > 8) return undefined
  // Only a name written in capitals is a title as it stands: "The director is …" says nothing.
  const words = phrase.split(/\s+/)
  if (!words.every((word, index) => /^[A-Z]/.test(word) || (index > 0 && smallWords.has(word)))) return undefined
  return phrase
}

/** Whether `text` names the career `title` (its last word singular or plural), in any case. */
export function namesCareer(text: string, title: string, at: 'start' | 'anywhere' = 'anywhere'): boolean {
  const words = title
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = `${words.join('[\\s-]+')}(?:s|es)?\\b`
  return new RegExp(at === 'start' ? `^(?:(?:the|a|an)\\s+)?${pattern}` : `\\b${pattern}`, 'i').test(text.trim())
}

/** Abbreviations whose period does not end a sentence (ICU's segmenter splits after "U.S."). */
const abbreviation =
  /(?:\b[A-Za-z]\.)+\s*$|\b(?:Dr|Mr|Mrs|Ms|St|vs|etc|Inc|No|approx|e\.g|i\.e|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo)\.\s*$/

export function sentencesOf(paragraph: string): string[] {
  const sentences: string[] = []
  let sentence = ''
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(paragraph)) {
    sentence += segment
    if (abbreviation.test(sentence)) continue
    if (sentence.trim()) sentences.push(sentence.trim())
    sentence = ''
  }
  if (sentence.trim()) sentences.push(sentence.trim())
  return sentences
}

/**
 * The summary: of the description's first paragraph, the first sentence
 * that opens with the career's name ("Medical assistants complete …"),
 * else its first sentence that is not a question.
 */
export function inferSummary(description: string | readonly string[] | undefined, title?: string): string | undefined {
  const first = typeof description === 'string' ? description : description?.[0]
  if (!first) return undefined
  // A summary is a sentence: not a question, not a few words the segmenter cut off ("SPRINGFIELD, Ill.").
  const sentences = sentencesOf(first).filter((sentence) => sentence.split(/\s+/).length >= 5)
  const named = title ? sentences.find((sentence) => namesCareer(sentence, title, 'start')) : undefined
  return named ?? sentences.find((sentence) => !sentence.endsWith('?'))
}

/**
 * The first degree the education part names, in the words the chapters use
 * (the Bureau of Labor Statistics' levels of education); a doctorate with
 * its name as written: "Doctor of Pharmacy (PharmD)".
 */
export function inferDegree(education: readonly string[]): string | undefined {
  const text = education.join(' ')
  const degrees: [RegExp, (match: RegExpExecArray) => string][] = [
    [/\bDoctor of(?: [A-Z][a-z]+)+(?: \([A-Za-z.]+\))?/, (match) => match[0]],
    [/\bbachelor(?:['\u2019]?s)?\b/i, () => "Bachelor's degree"],
    [/\bmaster(?:['\u2019]s\b|\s+of\b|s\s+degree\b)/i, () => "Master's degree"],
    [/\b[Aa]ssociate(?:['\u2019]s\b|\s+degree\b|\s+of\s+(?:Arts|Science|Applied)\b)/, () => "Associate's degree"],
    [/\bdoctor(?:ate|al)\b|\bPh\.?D\b/i, () => 'Doctoral degree'],
    [/\bpostsecondary nondegree award\b/i, () => 'Postsecondary nondegree award'],
    // A program's certificate, not a "Certificate of Clinical Competence".
    [/\bcertificate\b(?! of\b)/, () => 'Postsecondary certificate'],
    [/\bhigh school diploma\b|\bGED\b/i, () => 'High school diploma'],
  ]
  let first: { at: number; degree: string } | undefined
  for (const [pattern, name] of degrees) {
    const match = pattern.exec(text)
    if (match && (!first || match.index < first.at)) first = { at: match.index, degree: name(match) }
  }
  return first?.degree
}

/** Words that make a name an organization (which awards a credential, accredits a school) rather than a credential; accreditation is a program's, never a person's. */
const organizationWords =
  /\b(?:Accreditation|Accrediting|Association|Society|Board|Council|Commission|Registry|Department|Bureau|Institute|College|University|Academy|Centers?|Federation|Organization|International|Agency|Alliance|Foundation|Network|Coalition|Services)\b/
/** Words that say a name is a credential a person earns or holds. */
const credentialName = /\b(?:Certified|Certification|Certificate|Certifying|Credential|Registered|Licensed|Licensure|Licensing|Examination|Exam|License)\b/
const credentialAfter = /^\s+(?:credentials?|certifications?|certificates?|exams?|examinations?|licen[cs]es?|licensure|designations?)\b/i
const credentialBefore = /\b(?:earn(?:s|ed|ing)?|pass(?:es|ed|ing)?|hold(?:s|ing)?|sit for|become|use the title|certified as|licensed as)\s+(?:the\s+|an?\s+)?$/i

/**
 * Credentials the text says a person earns or holds: "the Certified
 * Genetic Counselor (CGC) credential", "pass the … Examination (PANCE)",
 * "the NCLEX-RN exam", "ARRT certification". Not any name with an
 * abbreviation: "accredited by the Accreditation Council for … (ACEND)" is
 * an organization. "the Registered Health Information Administrator
 * Certification (RHIA)" → "Registered Health Information Administrator (RHIA)".
 */
export function inferCertifications(education: readonly string[], isOrganization: (name: string) => boolean): string[] {
  const found: { at: number; name: string }[] = []
  const add = (at: number, name: string) => {
    if (!found.some((entry) => entry.name === name)) found.push({ at, name })
  }
  {
    const text = education.join(' ')
    const named =
      /([A-Z][\w'\u2019&.-]*(?:(?:,\s+(?=(?:Certified|Registered|Licensed)\b)|\s+(?:(?:of|in|for|and|on|the|&)\s+)*)[A-Z][\w'\u2019&.-]*)*)\s+\(([A-Z][\w.-]{1,11})\)/g
    for (const match of text.matchAll(named)) {
      const words = match[1]!.replace(/^(?:The|A|An|Following|Then|After|Both|Either)\s+/, '')
      const after = text.slice(match.index + match[0].length)
      const before = text.slice(0, match.index)
      const evidence = credentialName.test(words) || credentialAfter.test(after) || credentialBefore.test(before)
      const endsAsCredential = /(?:Examination|Exam|License|Certification|Certificate|Credential)$/.test(words)
      if (!evidence || /^(?:Bachelor|Master|Associate|Doctor)\b/.test(words)) continue
      if ((organizationWords.test(words) && !endsAsCredential) || isOrganization(words) || isOrganization(match[2]!)) continue
      // "most are Certified Nursing Assistants (CNA)": the credential is named in the singular.
      const singular = /[^su]s$/.test(words) && !/s$/.test(match[2]!) ? words.slice(0, -1) : words
      add(match.index, `${singular.replace(/\s+(?:Certification|Credential)$/, '')} (${match[2]})`)
    }
    // "the NCLEX-RN exam", "ARRT certification": an abbreviation and what it is.
    for (const match of text.matchAll(/(?<![(\w-])([A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)\s+(certification|credential|exam|examination|license|licensure)\b/g)) {
      add(match.index, `${match[1]} ${match[2]}`)
    }
    // "the National Board Dental Hygiene Examination": a named exam without an abbreviation.
    for (const match of text.matchAll(/(?<![A-Z][\w'\u2019&.-]*\s)((?:[A-Z][\w'\u2019&-]*\s+)(?:(?:of|in|for|and|&)\s+)?(?:[A-Z][\w'\u2019&-]*\s+)*(?:Examination|Exam))\b(?!\s*\()/g)) {
      add(match.index, match[1]!)
    }
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.name)
}
