/**
 * The vocabulary of the synthetic chapters: enough variety that the text
 * compresses, hyphenates and wraps like real prose, with the non-ASCII
 * characters real chapters carry (typographic quotes and dashes, accented
 * names, units and symbols).
 */
export const specialties = [
  'Pediatric', 'Cardiac', 'Oncology', 'Neonatal', 'Geriatric', 'Emergency', 'Orthopedic', 'Neurology',
  'Rehabilitation', 'Community', 'Surgical', 'Dialysis', 'Hospice', 'Psychiatric', 'Sports Medicine',
  'Vascular', 'Pulmonary', 'Obstetric', 'Dermatology', 'Infection Control', 'Telehealth', 'Rural Health',
  'Critical Care', 'Ambulatory', 'Public Health', 'Veterinary', 'Occupational Health', 'Research', 'Forensic',
  'Transplant',
] as const

export const roles = [
  'Nurse', 'Nurse Practitioner', 'Physician Assistant', 'Therapist', 'Technologist', 'Technician', 'Coordinator',
  'Educator', 'Pharmacist', 'Dietitian', 'Sonographer', 'Social Worker', 'Case Manager', 'Counselor',
  'Data Analyst', 'Coding Specialist', 'Lab Scientist', 'Paramedic', 'Navigator', 'Program Director',
  'Clinical Manager', 'Health Coach', 'Interpreter', 'Informaticist', 'Scheduler',
] as const

export const categories = [
  'Nursing', 'Allied Health', 'Therapy and Rehabilitation', 'Health Information Management', 'Diagnostics',
  'Pharmacy', 'Public Health', 'Administration', 'Behavioral Health', 'Emergency Services',
] as const

export const degrees = [
  "Bachelor's degree", "Associate degree", "Master's degree", 'Doctoral degree', 'Postsecondary certificate',
  'High school diploma and on-the-job training',
] as const

export const certifications = [
  'Certified Professional in Healthcare Quality (CPHQ)', 'Basic Life Support (BLS)', 'Advanced Cardiovascular Life Support (ACLS)',
  'Registered Health Information Technician (RHIT)', 'Certified Case Manager (CCM)', 'Board certification in the specialty',
  'State licensure', 'Certified Medical Interpreter (CMI)', 'Registered Diagnostic Medical Sonographer (RDMS)',
  'Certified Health Education Specialist (CHES)',
] as const

export const competencies = [
  'Clinical judgment', 'Clear written and spoken communication', 'Patient and family education', 'Accurate documentation',
  'Calm under pressure', 'Teamwork across disciplines', 'Attention to detail', 'Cultural humility', 'Time management',
  'Comfort with electronic health records', 'Data literacy', 'Physical stamina', 'Ethical reasoning',
  'Infection prevention', 'Budgeting and planning', 'Coaching and mentoring', 'Problem solving at the bedside',
  'Knowledge of privacy law (HIPAA)', 'Empathy and active listening', 'Quality improvement methods',
] as const

export const settings = [
  'hospitals', 'outpatient clinics', 'physicians’ offices', 'home health agencies', 'nursing homes', 'schools',
  'public health departments', 'rehabilitation centers', 'research laboratories', 'the armed forces',
  'insurance companies', 'community health centers', 'telehealth companies', 'long-term care facilities',
] as const

export const tasks = [
  'reviews each patient’s history before the first visit of the day', 'checks equipment and supplies at the start of every shift',
  'explains test results in plain language', 'updates the care plan after every change in condition',
  'coordinates with physicians, pharmacists and social workers', 'records observations in the electronic health record',
  'teaches patients how to manage their treatment at home', 'responds to alarms and urgent requests',
  'tracks outcomes for the quality committee', 'trains new staff and students on clinical rotations',
  'follows up with families by phone after discharge', 'prepares reports for accreditation surveys',
  'screens patients for risks such as falls and infections', 'adjusts schedules when emergencies push everything back',
] as const

export const adjectives = [
  'demanding', 'rewarding', 'varied', 'fast-paced', 'methodical', 'collaborative', 'independent', 'hands-on',
  'analytical', 'people-centered', 'steady', 'technical',
] as const

export const people = [
  'Zoë Nguyễn', 'José Álvarez', 'Søren Østergaard', 'Ayşe Yılmaz', 'Łukasz Wąsik', 'François Lefèvre',
  'Björn Åström', 'Chloé Dubois', 'Iñaki Etxeberria', 'Małgorzata Kowalczyk', 'Nikolaos Papadopoulos', 'Anaïs Moreau',
  'Dvořák Jiří', 'Raphaël Côté', 'Siobhán Ó Briain', 'Þórunn Jónsdóttir',
] as const

export const places = [
  'São Paulo', 'Zürich', 'Montréal', 'Malmö', 'Kraków', 'Reykjavík', 'Düsseldorf', 'Córdoba', 'Brașov', 'Tromsø',
  'Bogotá', 'Orléans',
] as const

export const organizations = [
  'Association', 'Society', 'Council', 'Academy', 'Alliance', 'Board', 'Institute', 'Federation',
] as const

export const openings = [
  'In practice,', 'On a typical day,', 'Most of the time,', 'Behind the scenes,', 'Over a long career,',
  'In smaller facilities,', 'At larger medical centers,', 'During a busy week,', 'For many people in the field,',
  'Since the pandemic,',
] as const

export const fillers = [
  'The work rewards people who like to understand how a whole system fits together, not only the part in front of them.',
  'Employers say that the best candidates combine technical skill with patience — the ability to explain the same thing a third time without sounding tired.',
  'Schedules vary widely: some positions follow office hours, while others rotate through nights, weekends and holidays.',
  'Technology keeps changing the job, from bar-code scanning at the bedside to remote monitoring that sends readings every few minutes.',
  'Small errors can have large consequences, so checklists, double checks and clear hand-offs are part of the culture.',
  'The role is physically active; many people spend most of a shift on their feet, and lifting is often part of the job.',
  'Newcomers often say the first year is the hardest, because every unit, clinic and team has its own “way we do things here.”',
  'Professional associations publish practice standards, host conferences and run mentoring programs for people early in their careers.',
  'Temperatures, doses and measurements are recorded precisely — 37.5 °C, 0.25 mg, ±2 % — and nobody rounds casually.',
  'Bilingual staff are in demand everywhere; a Spanish-speaking or Portuguese-speaking colleague can change how a visit goes.',
  'Continuing education is not optional: most licenses require a set number of hours every renewal period.',
  'Workloads are a frequent topic of debate, and staffing ratios differ a great deal from one state to the next.',
  'Career ladders let experienced staff take on precepting, committee work or a charge role without leaving clinical practice.',
  'Many people move into the field from another career, bringing skills from teaching, customer service or the military.',
] as const
