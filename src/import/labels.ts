/**
 * The labels newsletters put before a feature's parts, in their usual
 * variants: on a line of their own ("Key skills:", "EDUCATION", "**Pay**",
 * "Want to know more?") or opening a paragraph ("Pay: Genetic counselors
 * earn …", "**What they do.** Nurse practitioners …").
 */

export type Part = 'description' | 'education' | 'competencies' | 'salary' | 'outlook' | 'resources'

/** What a label announces: one of the parts, the title, an at-a-glance box, or the series blurb. */
export type LabelKind = Part | 'title' | 'facts' | 'blurb'

const vocabulary: [LabelKind, RegExp][] = [
  ['title', /^(?:title|career|job title|profession|occupation|this week's career|career of the week|job of the week)$/],
  ['facts', /^(?:at a glance|quick facts|fast facts|the facts|key facts|facts|(?:career )?fact sheet|snapshot|by the numbers|the basics)$/],
  ['blurb', /^about (?:this|the) (?:series|feature|newsletter|column)$/],
  [
    'description',
    /^(?:what (?:they|you'll|you will|it|the job) (?:do|does|involves?)|what (?:is|are) (?:it|they|the job)|what's the job|the job|about the (?:job|career|work|role)|job description|description|overview|the work|on the job|duties|day to day|a day on the job|in brief|summary|introduction)$/,
  ],
  [
    'education',
    /^(?:education(?: (?:required|requirements?|needed|and training|& training|and licensing|and licensure|and certification|and credentials))?|educational requirements?|training(?: and education| required)?|how to (?:get there|get started|get in|become one|become an? .+)|getting (?:there|started|in)|the path(?: in)?|path to the job|what you need(?: to know)?|requirements|qualifications|licensing|licensure|certification|credentials|schooling|preparation|degree(?: required)?)$/,
  ],
  [
    'competencies',
    /^(?:(?:(?:key|core|top|important|essential|needed|required|technical|soft) )?(?:skills|competencies|qualities|abilities|traits)(?: (?:needed|required|you'll need|you will need|employers look for|employers want|to have|for success))?|core competencies\/key skills(?: needed)?|what it takes|what makes a good .+|skills and qualities|must-have skills)$/,
  ],
  [
    'salary',
    /^(?:(?:(?:median|average|typical|starting|annual|hourly|mean) )?(?:pay|salary|salaries|wages?|earnings|income|compensation)(?: range)?|what (?:it|they|the job) pays?|what you(?:'ll| can) earn|money|pay and benefits)$/,
  ],
  [
    'outlook',
    /^(?:(?:(?:job|employment|career|growth|future) )?(?:outlook|growth|demand|prospects|projections?)|where it's headed|where the jobs are|the future|looking ahead|job market)$/,
  ],
  [
    'resources',
    /^(?:(?:useful |related |more )?(?:resources|links|websites|web sites)|(?:professional )?organizations|(?:for )?more(?: information| info)?|(?:for )?(?:further|more) (?:information|reading)|information|(?:where )?to learn more|learn more|find out more|want to (?:know|learn) more|read more|contacts?)$/,
  ],
]

export interface Label {
  kind: LabelKind
  /** The label as written, for the report. */
  text: string
}

/** The label's words, lower case, without markup and the punctuation around it. */
function normalize(label: string): string {
  return label
    .replace(/[*_#`]+/g, '')
    .replace(/^q[:.]\s*/i, '')
    .replace(/\u2019/g, "'")
    .replace(/\s*&\s*/g, ' and ')
    .replace(/[\s:.?!\u2013\u2014-]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

/**
 * A question used as a label, as interviews and FAQs have them ("What does
 * it pay?", "How do I become one?"), by what it asks about.
 */
const questions: [Part, RegExp][] = [
  ['resources', /\b(?:learn|find out|read) more\b|\bmore information\b|\bwhere can (?:i|you) (?:learn|find|read)\b/],
  ['salary', /\b(?:pay|pays|paid|earn|earns|salary|salaries|wages?|make|money)\b/],
  ['competencies', /\bskills?\b|\bqualities\b|\b(?:does it|do you) take\b|\bgood at\b/],
  ['education', /\b(?:become|train|training|education|degree|school|study|qualif\w*|get (?:in|started|there)|certif\w*|licens\w*)\b/],
  ['outlook', /\b(?:grow|growing|growth|outlook|demand|future|jobs|openings|prospects|hiring)\b/],
  ['description', /\bwhat (?:does|do|is|are)\b.*\b(?:do|does|job|work|career|role)\b|\bwhat is an?\b|\bday\b/],
]

/** The kind of label `text` is, when all of it is one. */
export function labelKind(text: string): LabelKind | undefined {
  const words = normalize(text)
  if (words === '' || words.split(' ').length > 10) return undefined
  // A question that asks about a part: "What does it pay?", "How do I become one?" (not "Ever thought of …?").
  if (/\?\s*$/.test(text) && /^(?:what|how|where|why|who|which|when|is|are|do|does|can|will|should)\b/.test(words) && !/^(?:what (?:is|are) (?:it|they)|want to (?:know|learn) more)$/.test(words)) {
    return questions.find(([, pattern]) => pattern.test(words))?.[0]
  }
  if (words.split(' ').length > 7) return undefined
  // "THE TRAINING", "The pay": the article changes nothing.
  const bare = words.replace(/^the /, '')
  return vocabulary.find(([, pattern]) => pattern.test(words) || pattern.test(bare))?.[0]
}

/** A line that is a label and nothing else: "Key skills:", "EDUCATION", "**Learn more**", "Want to know more?". */
export function standaloneLabel(line: string): Label | undefined {
  const text = line.replace(/^#{1,6}\s+/, '').trim()
  const kind = labelKind(text)
  return kind ? { kind, text: text.replace(/^[*_]+|[*_]+$/g, '').replace(/\s*[:.]$/, '') } : undefined
}

/**
 * A label that opens a paragraph, and the text after it: "Pay: Genetic
 * counselors earn …", "**Education.** NPs must …", "What is it? Pharmacy
 * technicians …". `head` is the label whatever it names, so that a caller
 * can tell a label it does not know (`Date:`) from none.
 */
export function openingLabel(paragraph: string): { head: string; kind?: LabelKind; rest: string } | undefined {
  const bold = /^(?:\*\*|__)(.{1,60}?)(?:\*\*|__)\s*[:.]?\s+(?=\S)/.exec(paragraph)
  const plain = bold ? undefined : /^([A-Za-z][^:?.!\t]{0,50}?)(?:\s*[:?]|\s+[\u2013\u2014]\s|\t+)\s*(?=\S)/.exec(paragraph)
  const match = bold ?? plain
  if (!match) return undefined
  const head = match[1]!.replace(/[.:]$/, '').trim()
  // "The outlook is bright: …" is a sentence, not a label.
  if (head.split(/\s+/).length > 6 || (/\b(?:is|are|was|were|will|has|have|had)\b/i.test(head) && !/^what (?:is|are)\b/i.test(head))) return undefined
  return { head, kind: labelKind(head), rest: paragraph.slice(match[0].length) }
}
