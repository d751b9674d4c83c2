/**
 * The BISAC subject headings a SpringBoard book may carry (BISG's list;
 * the few that fit career profiles in health care). Stores take up to three;
 * `subjects:` in springboard.yaml names them by code, and `check` rejects a
 * code that is not here (c-010). Add a heading here, from BISG's current
 * list, before using it.
 */
export const bisacSubjects: ReadonlyMap<string, string> = new Map([
  ['BUS012000', 'BUSINESS & ECONOMICS / Careers / General'],
  ['BUS012010', 'BUSINESS & ECONOMICS / Careers / Internships'],
  ['BUS012020', 'BUSINESS & ECONOMICS / Careers / Interviewing'],
  ['BUS012030', 'BUSINESS & ECONOMICS / Careers / Career Advancement & Professional Development'],
  ['BUS037020', 'BUSINESS & ECONOMICS / Careers / Job Hunting'],
  ['BUS056030', 'BUSINESS & ECONOMICS / Careers / Resumes'],
  ['MED000000', 'MEDICAL / General'],
  ['MED016020', 'MEDICAL / Dentistry / Dental Hygiene'],
  ['MED019010', 'MEDICAL / Diagnostic Imaging / Radiography'],
  ['MED024000', 'MEDICAL / Education & Training'],
])

/** The most subjects a listing carries (KDP lets a book pick three categories). */
export const maxSubjects = 3
