/**
 * The catalogue of content rules. Every positioned message the pipeline
 * reports carries one of these codes.
 *
 * Codes follow the Standard Ebooks style: a letter for the family and a
 * three-digit number. A code is never reused: when a rule is retired, leave
 * its entry here with `retired: true` so that its number stays taken.
 *
 * Families: `f` files, `c` the book config, `m` front matter (metadata),
 * `s` structure of the body, `l` links and URLs, `i` images,
 * `t` text that a paste left behind or that the book's fonts cannot set,
 * `x` markup that the XHTML output cannot carry, `v` the volume as a whole,
 * `p` print (PDF interior, handouts, cover), `a` the fidelity audit (every block the
 * editor wrote, found in each output), `o` the built outputs as
 * `springboard verify` checks them (EPUBCheck, Ace, the print PDFs).
 */
export type Severity = 'error' | 'warning'

export interface Rule {
  readonly code: string
  readonly severity: Severity
  /** One line: what the rule checks. */
  readonly description: string
  /** How an editor fixes it. */
  readonly hint: string
  readonly retired?: true
}

const catalogue = [
  // Files
  { code: 'f-001', severity: 'error', description: 'A chapter file is not valid UTF-8 text.', hint: 'Re-save the file as UTF-8 in your editor ("Save with encoding" → UTF-8).' },
  { code: 'f-002', severity: 'error', description: 'A chapter file is empty.', hint: 'Fill it in (`springboard new` writes a skeleton) or delete it.' },
  { code: 'f-003', severity: 'error', description: 'A chapter file name does not follow `YYYY-MM-DD-<slug>.md`.', hint: 'Rename the file to the date the feature ran and a lower-case slug, e.g. `2026-01-05-director-of-medical-records.md`.' },
  { code: 'f-004', severity: 'error', description: 'A file could not be read.', hint: 'Check that the file exists and that you may read it.' },
  { code: 'f-005', severity: 'error', description: 'A file in `chapters/` looks like a chapter but would be left out of the book (`.MD`, `.markdown`, `.md.txt` …).', hint: 'Rename it `YYYY-MM-DD-<slug>.md` (lower-case `.md`), or move it out of `chapters/`.' },
  { code: 'f-010', severity: 'error', description: 'A file the book reads (a chapter, a template in `templates/`) is a link to a file outside the book folder; it is not read.', hint: 'Copy the file into the book folder instead of linking to it: a build reads only the book\'s own files.' },
  { code: 'f-020', severity: 'error', description: 'A chapter file is larger than 512 KiB (a weekly feature is 5–10 KB); it is not checked further.', hint: 'Check that this is the chapter you meant; split a text that long into chapters of one career each.' },
  { code: 'f-021', severity: 'error', description: 'Lines with no blank line between them hold more than 32,000 characters: a paragraph, list or table that long would take the Markdown parser minutes, so the chapter is not checked further.', hint: 'Put a blank line between paragraphs (text pasted from elsewhere often lacks them), or split the list or table.' },

  // Config
  { code: 'c-001', severity: 'error', description: 'The book config is not valid YAML.', hint: 'Fix the YAML syntax at the place shown; indent with spaces and quote values that contain a colon.' },
  { code: 'c-002', severity: 'error', description: 'A required field of the book config is missing.', hint: 'Add the field to `springboard.yaml`; the README lists every field.' },
  { code: 'c-003', severity: 'error', description: 'A field of the book config has the wrong type or value.', hint: 'Give the field a value of the kind the README lists for it.' },
  { code: 'c-004', severity: 'error', description: 'The book config has a field it does not know.', hint: 'Check the spelling against the README; remove fields that are not listed there.' },
  { code: 'c-005', severity: 'error', description: 'A file named in the book config does not exist or is not usable.', hint: 'Check the path: it is relative to the folder that holds `springboard.yaml`.' },
  { code: 'c-006', severity: 'error', description: 'An ISBN in the book config is not a valid ISBN-13.', hint: 'Copy the 13-digit ISBN exactly as assigned (hyphens are fine); the last digit is a check digit.' },
  { code: 'c-007', severity: 'error', description: 'The book\'s or a volume\'s `description` is longer than the stores take (4,000 characters).', hint: 'Shorten the description; the stores show the first few lines, so lead with what matters.' },
  { code: 'c-008', severity: 'error', description: 'The config lists more than the 7 keywords the stores take.', hint: 'Keep the 7 keywords readers are most likely to search for; remove the rest.' },
  { code: 'c-009', severity: 'error', description: 'A keyword is longer than the 50 characters a store keyword may have.', hint: 'Shorten the keyword, or split it into two keywords.' },
  { code: 'c-010', severity: 'error', description: 'A BISAC subject code is not in the table SpringBoard ships.', hint: 'Use a code listed in docs/release.md, or add the heading from BISG\'s list to src/config/bisac.ts.' },
  { code: 'c-011', severity: 'error', description: 'A store lists a page for a volume the book does not have.', hint: 'Use the volume\'s id as `springboard build` names its folder in `dist/` (`complete`, a year, or an id from `volumes:`).' },
  { code: 'c-012', severity: 'error', description: 'A volume cannot be released: its listing needs a `description` and at least one BISAC code in `subjects`.', hint: 'Add `description:` (the store blurb) and `subjects:` (BISAC codes) to `springboard.yaml`; docs/release.md lists the codes.' },
  { code: 'c-015', severity: 'error', description: 'The cover art named in the config lies outside the book folder (a path that leaves it, or a link to a file elsewhere).', hint: 'Copy the cover into `assets/` and name it from there, e.g. `cover: assets/cover.jpg`.' },
  { code: 'c-016', severity: 'error', description: 'The cover art is not a JPEG or PNG image by its content, is damaged, or is too large to decode (over 12,000 px on a side or 50 megapixels).', hint: 'Export the cover again as a JPEG or PNG of 1,600 × 2,560 px, with the extension of its format (`.jpg` or `.png`).' },
  { code: 'c-020', severity: 'error', description: 'The book config\'s YAML aliases (`*name`) repeat more than 100 values.', hint: 'Write the values out instead of repeating them through aliases; the config never needs more than a few.' },
  // The release (issue 26): placeholders, prices, the store forms, IngramSpark's ISBN
  { code: 'c-030', severity: 'warning', description: 'An address in the book config is on a reserved example or test domain (example.com, .org, .net, `*.example`, `*.test`, `*.invalid`, localhost): it leads nowhere; `release` refuses it (c-033).', hint: 'Put the real address there: `url:` is the page readers reach from the copyright page and every handout\'s QR code.' },
  { code: 'c-031', severity: 'warning', description: 'The book config still has a `TODO`; `release` refuses it (c-033).', hint: 'Replace the `TODO` with the real value, or remove the field if the book has none.' },
  { code: 'c-032', severity: 'warning', description: 'An ASIN or ISBN in the book config fails its pattern or check digit, or is a well-known example ISBN; `release` refuses it (c-033).', hint: 'Copy the store page\'s address again from the browser (an ASIN is `B0` and 8 letters or digits), and use an ISBN assigned to you.' },
  { code: 'c-033', severity: 'error', description: 'A release would carry a placeholder from the book config: an example address, a `TODO`, or an ASIN or ISBN that cannot be real.', hint: 'Replace each placeholder listed with the real value (README, "Releasing a volume"), then release again.' },
  { code: 'c-034', severity: 'error', description: 'A list price is outside what the store takes.', hint: 'Set the price within the store\'s range (docs/store-rules.md lists them and where they come from).' },
  { code: 'c-035', severity: 'error', description: 'KDP Select is chosen while `stores:` sells the e-book elsewhere: enrolled e-books must be exclusive to Amazon.', hint: 'Set `listing.kdpSelect: false`, or remove the other e-book stores from `stores:`.' },
  { code: 'c-036', severity: 'error', description: 'A store\'s form needs a field the config does not give, so the volume cannot be released there.', hint: 'Add the fields listed to `springboard.yaml` (README, "Releasing a volume", says what each store asks).' },
  { code: 'c-037', severity: 'error', description: 'A release has no ISBN for the IngramSpark paperback: IngramSpark needs your own (KDP\'s free ISBN cannot be used there).', hint: 'Add `isbn.print` (the KDP paperback\'s, also used at IngramSpark) or `isbn.ingramspark`, with an ISBN your imprint owns.' },

  // Front matter
  { code: 'm-001', severity: 'error', description: 'A chapter has no YAML front matter block.', hint: 'Start the file with a `---` line, the fields, and another `---` line (see templates/chapter.md).' },
  { code: 'm-002', severity: 'error', description: 'The front matter is not valid YAML.', hint: 'Fix the YAML syntax at the place shown; quote values that contain a colon, indent list items consistently.' },
  { code: 'm-003', severity: 'error', description: 'A required front matter field is missing.', hint: 'Add the field; the README lists every field of a chapter.' },
  { code: 'm-004', severity: 'error', description: 'A front matter field has the wrong type.', hint: 'Give the field a value of the kind the README lists for it (text, number, list).' },
  { code: 'm-005', severity: 'error', description: 'The front matter has a field the chapter format does not know.', hint: 'Check the spelling; remove fields that the README does not list.' },
  { code: 'm-006', severity: 'error', description: 'The salary minimum is greater than the maximum.', hint: 'Swap the two numbers, or correct the one that is wrong.' },
  { code: 'm-007', severity: 'error', description: 'A date is not a real calendar date in `YYYY-MM-DD` form.', hint: 'Write the date as year-month-day, e.g. `2026-01-05`, and check that the day exists.' },
  { code: 'm-008', severity: 'error', description: 'A required text is empty or a required list has no items.', hint: 'Write the text, or add at least one item to the list.' },
  { code: 'm-009', severity: 'error', description: 'The salary currency is not an ISO 4217 code.', hint: 'Use a three-letter currency code such as `USD` (the default when left out).' },
  { code: 'm-010', severity: 'error', description: 'A front matter value is wrapped in curly quotes, which YAML keeps as part of the text.', hint: 'Remove the curly quotes; if the value needs quoting (it contains `: `), use straight ones: `title: "Registered Nurse"`.' },
  { code: 'm-011', severity: 'error', description: 'The front matter is indented with a tab or a non-breaking space.', hint: 'Indent with ordinary spaces only; tabs and non-breaking spaces come in with text pasted from a word processor or a web page.' },
  { code: 'm-020', severity: 'error', description: 'The front matter\'s YAML aliases (`*name`) repeat more than 100 values.', hint: 'Write the values out instead of repeating them through aliases (`&name`, `*name`); a chapter needs none.' },
  { code: 'm-030', severity: 'error', description: 'A yearly salary is under 1,000: the figures look hourly (or thousands written short).', hint: 'For hourly pay, add `per: hour` under `salary:` (it prints "$23.50–$34.60 an hour"); for yearly pay, write the whole amount, `48000` rather than `48`.' },
  { code: 'm-031', severity: 'warning', description: 'A `published` date is far from the others: more than four weeks after the newest other chapter, or alone in its year and four weeks from any other chapter. A typo there moves the chapter and can make a volume of its own year; the copyright year and `dc:date` do not follow it.', hint: 'Check the date (and the date in the file name): the feature runs weekly. If it is right (the feature paused), nothing to do; set `copyrightYear` in springboard.yaml if the copyright page should follow it.' },

  // Structure of the body
  { code: 's-001', severity: 'error', description: 'A required section (`## Description`, `## Education`, `## Salary`, `## Outlook`) is missing.', hint: 'Add the section as a level-2 heading with its text below it.' },
  { code: 's-002', severity: 'error', description: 'The required sections are not in the order Description, Education, Salary, Outlook.', hint: 'Move the sections into that order.' },
  { code: 's-003', severity: 'error', description: 'A section has a heading but no text.', hint: 'Write the section, or remove the heading if the section is optional.' },
  { code: 's-004', severity: 'error', description: 'The body uses a level-1 heading.', hint: 'The chapter title comes from the front matter `title`; use `##` for sections and `###` below them.' },
  { code: 's-005', severity: 'error', description: 'A heading skips a level (for example `##` followed by `####`).', hint: 'Use the next level down (`###` under `##`).' },
  { code: 's-007', severity: 'error', description: 'Content is nested too deeply (quotes in quotes, lists in lists, more than 500 levels) for the tools to handle.', hint: 'Flatten the nesting; no book needs more than a few levels.' },
  { code: 's-006', severity: 'error', description: 'Placeholder text (`TODO`) from `springboard new` is still in the chapter.', hint: 'Replace the placeholder with the real text or value.' },
  { code: 's-008', severity: 'error', description: 'A section heading nearly matches a required one (`## Salary:`, `## Job Outlook`, `## description`).', hint: 'Write the heading exactly as the required section: `## Description`, `## Education`, `## Salary` or `## Outlook`.' },

  // Text pasted from elsewhere, and characters the fonts lack
  { code: 't-001', severity: 'error', description: 'A line or list item starts with a bullet character that is not Markdown (`■ • ▪ ● ◦`).', hint: 'Start each item on its own line with a hyphen and a space: `- Ability to plan, direct, and evaluate staff`.' },
  { code: 't-002', severity: 'error', description: 'A text ends in an unclosed `(`: the rest was cut off when it was copied.', hint: 'Copy the rest of the text again, or delete the `(`; a resource\'s address goes in its `url:`.' },
  { code: 't-003', severity: 'error', description: 'A store line ("Buy now …") is in a chapter.', hint: 'Delete the line: it belongs to the weekly feature on the web, not to the book.' },
  { code: 't-004', severity: 'error', description: 'A `[...]` or `[…]` marks text that was left out when it was copied.', hint: 'Paste the missing text in its place from the source, or delete the marker.' },
  { code: 't-005', severity: 'error', description: 'Image or link Markdown did not parse and would be printed as it is written (`![`, `](`).', hint: 'Put a path or address with spaces in angle brackets, `![Pay chart](<../assets/dental pay.png>)`; link to a chapter by its file name.' },
  { code: 't-006', severity: 'error', description: 'A footnote reference `[^…]` has no note, so it would be printed as it is written.', hint: 'Add the note on a line of its own at the end of the chapter, `[^2]: The source.`, or remove the reference.' },
  { code: 't-007', severity: 'error', description: 'A character is not in the book\'s fonts (an emoji, a rare script): it would print in a fallback font or as a blank.', hint: 'Remove the character or write it in words; the fonts (Source Serif 4, Source Sans 3) cover Latin, Greek, Cyrillic and Vietnamese.' },
  { code: 't-030', severity: 'warning', description: 'Lines separated by tabs (a table pasted from a spreadsheet) would print as one run-on paragraph.', hint: 'Write them as a Markdown table: a header row, a `| --- |` row, and a row per line, with `|` between the cells.' },
  { code: 't-031', severity: 'error', description: 'A footnote pasted from Word: a raised digit after a word (`growing.¹`) and a line that starts with it (`¹ American Dental Association, 2025.`) would print as they are, not as a note.', hint: 'Write the reference `growing.[^1]` and the note on a line of its own at the end of the chapter, `[^1]: American Dental Association, 2025.`.' },

  // Links and URLs
  { code: 'l-001', severity: 'error', description: 'A URL is not an absolute http(s) address.', hint: 'Write the whole address, starting with `https://`.' },
  { code: 'l-002', severity: 'error', description: 'A URL looks cut off or damaged (space, unbalanced parenthesis, trailing punctuation).', hint: 'Copy the address again from the browser\'s address bar.' },
  { code: 'l-003', severity: 'error', description: 'A relative link points to a file that does not exist.', hint: 'Fix the path (it is relative to the chapter file), or link to a web address instead.' },
  { code: 'l-004', severity: 'error', description: 'A link points to an id (`#…`) that does not exist in the chapter.', hint: 'Link to a heading that exists (its id is its text in lower case with hyphens), or remove the `#…` part.' },
  { code: 'l-005', severity: 'error', description: 'A relative link points to a file that is not a chapter.', hint: 'A book can only link to its own chapters or to web addresses; put the file on a website and link to that.' },
  { code: 'l-006', severity: 'error', description: 'A URL has no proper host name (dot-separated letters, digits and hyphens, such as `www.bls.gov`, or an IP address).', hint: 'Check the address; `https://bls/` is missing `.gov`.' },
  { code: 'l-008', severity: 'error', description: 'Two resources of a chapter have the same URL.', hint: 'Remove the duplicate, or correct the address that was pasted twice.' },
  { code: 'l-010', severity: 'warning', description: 'A web address starts with `http://`: readers, browsers and the stores expect `https://`.', hint: 'Write the same address with `https://`; if the site has no secure version, link to another page about it.' },
  { code: 'l-007', severity: 'warning', description: 'A link or image with a scheme a book cannot follow (`javascript:`, `data:`, `file:` …) was removed.', hint: 'Link to an `https://` address instead, or put the image in `assets/`.' },

  // Images
  { code: 'i-001', severity: 'error', description: 'An image file does not exist.', hint: 'Check the path: it is relative to the chapter file, or to `assets/`.' },
  { code: 'i-002', severity: 'error', description: 'An image path leaves the project folder.', hint: 'Copy the image into `assets/` and refer to it from there.' },
  { code: 'i-003', severity: 'error', description: 'An image is remote (http, https or protocol-relative); builds never reach the network.', hint: 'Download the image into `assets/` and refer to it by its path.' },
  { code: 'i-004', severity: 'error', description: 'An image has no alt text.', hint: 'Describe the image in the brackets: `![A chart of median pay by setting](assets/pay.png)`.' },
  { code: 'i-005', severity: 'error', description: 'An image is in a format e-readers do not support.', hint: 'Use JPEG, PNG, GIF or SVG.' },
  { code: 'i-006', severity: 'warning', description: 'An image has less than 300 dpi at the width it prints (the text width of the trim size).', hint: 'Use a larger image: at least 300 pixels for every inch of the printed text width.' },
  { code: 'i-007', severity: 'warning', description: 'An image is over 4,000 px on its long side or over 5 MB.', hint: 'The EPUB gets a copy 1,600 px on its long side and the print PDF the original; an original of about 3,000 px (300 ppi at the printed width) keeps both sharp and the project light.' },
  { code: 'i-010', severity: 'error', description: 'An image file is not, by its content, the format its name says (a PNG named `.jpg`), or not an image at all.', hint: 'Rename the file to the extension of its format (`.jpg`, `.png`, `.gif`, `.svg`), or save it again in the format its name says.' },
  { code: 'i-011', severity: 'error', description: 'An image file is damaged: it cannot be decoded (cut short, or corrupt data).', hint: 'Export or download the image again, and check that it opens in an image viewer.' },
  { code: 'i-012', severity: 'error', description: 'An image has more pixels than a build decodes: over 12,000 px on a side or 50 megapixels in all (a decompression bomb, or a mistake).', hint: 'Resize the image: about 3,000 px on its long side prints at 300 ppi across the text width (see i-007).' },
  { code: 'i-013', severity: 'error', description: 'An SVG image cannot be made safe: it has a DOCTYPE (which can declare entities), is not well-formed XML, is not an `<svg>` drawing, is over 5 MB or nested over 100 deep.', hint: 'Export the drawing again as plain SVG (Inkscape: "Plain SVG"; Illustrator: SVG 1.1 without a DTD), or as a PNG.' },
  { code: 'i-014', severity: 'warning', description: 'Active or outside content was removed from an SVG image: scripts, event handlers, `<foreignObject>`, animation, links, references to other files or web addresses.', hint: 'Nothing to do if the drawing still looks right in the preview; otherwise export it again as plain SVG, or as a PNG.' },

  // Markup the XHTML output cannot carry
  { code: 'x-001', severity: 'warning', description: 'Characters that XML 1.0 forbids (control characters, U+FFFE, U+FFFF, lone surrogates) were removed.', hint: 'They are usually invisible leftovers of copy and paste; delete them at the place shown.' },
  { code: 'x-002', severity: 'warning', description: 'Raw HTML that a book must not carry (scripts, event handlers, frames, forms, styles) was removed.', hint: 'Remove it from the chapter; write the content in Markdown.' },
  { code: 'x-003', severity: 'warning', description: 'An HTML comment contains `--`, which Kindle rejects; comments are dropped from the book.', hint: 'Remove the comment or the double hyphen inside it.' },
  { code: 'x-004', severity: 'warning', description: 'Two elements had the same id; the later one was renamed.', hint: 'Give every id in the chapter a different name.' },
  // Content the editor wrote that would not reach the reader (issue 21)
  { code: 'x-020', severity: 'error', description: 'An HTML comment (`<!--`) never closes: everything after it, to the end of the chapter (or of its list or quote), is left out of every output.', hint: 'Close the comment with `-->` at the end of the note, or delete the `<!--`.' },
  { code: 'x-021', severity: 'warning', description: 'An HTML comment closes only after a heading or another comment\'s `<!--`: it hides text that looks meant for the reader.', hint: 'Close the comment with `-->` where the note ends; if the text is left out on purpose, nothing to do.' },

  // The volume
  { code: 'v-001', severity: 'error', description: 'Two chapters have the same slug.', hint: 'Rename one of the files so every career has its own slug.' },
  { code: 'v-002', severity: 'error', description: 'Two chapters have the same title.', hint: 'Give each chapter its own title.' },
  { code: 'v-003', severity: 'warning', description: 'Two chapters ran in the same week.', hint: 'Check the `published` dates; the feature runs once a week.' },
  { code: 'v-004', severity: 'error', description: 'The date in the file name differs from `published`.', hint: 'Rename the file or correct `published` so both carry the date the feature ran.' },
  { code: 'v-005', severity: 'error', description: 'A volume has no chapters.', hint: 'Check the volume\'s date range in `springboard.yaml`, or add chapters to `chapters/`.' },
  { code: 'v-010', severity: 'warning', description: 'A volume has the same chapters as another: the stores would sell the same book twice.', hint: 'Drop the volume named from `volumes:` in springboard.yaml, or change its dates so it holds other chapters.' },
  { code: 'v-020', severity: 'error', description: '`build --week` finds two or more chapters published in the week it releases; the weekly release is one career, so it stops rather than pick one.', hint: 'Correct the `published` date (and the file name) of the chapter that ran in another week: the feature runs one career a week.' },

  // Print
  { code: 'p-001', severity: 'error', description: 'A career\'s handout does not fit on one US Letter page.', hint: 'Shorten the summary, the competencies or the resources of the chapter; the handout prints these in full.' },

  // The fidelity audit (issue 21): every block the editor wrote, found in every output that carries it
  { code: 'a-001', severity: 'error', description: 'A block the editor wrote (a paragraph, list item, table cell, footnote, heading or printed front-matter field) is missing from the EPUB, cut short there or out of order.', hint: 'Look at the source just before the line shown: an HTML comment (`<!--`) that never closes, a note never referenced, a line the Markdown joins to another block. If the source looks right, report it as a bug with the chapter.' },
  { code: 'a-002', severity: 'error', description: 'The EPUB\'s chapter has text that no block of the chapter accounts for (a stray bracket, a paragraph twice).', hint: 'Build again; if it stays, report it as a bug with the chapter and the EPUB: the text shown was added on the way.' },
  { code: 'a-003', severity: 'error', description: 'A block the editor wrote is missing from the print book (the laid-out pages), cut short there or out of order.', hint: 'Look at the source just before the line shown (an HTML comment that never closes, a note never referenced). If the source looks right, report it as a bug with the chapter and the PDF.' },
  { code: 'a-004', severity: 'error', description: 'The print book\'s chapter has text that no block of the chapter accounts for.', hint: 'Build again; if it stays, report it as a bug with the chapter and the PDF: the text shown was added on the way.' },
  { code: 'a-005', severity: 'error', description: 'A field the handout template promises (title, summary, education, pay, competencies, resources, the job, pay and outlook excerpts) is not on the handout.', hint: 'If you changed `templates/print/handout.html.ejs` or `handout.css`, check that it still shows the field; else report it as a bug with the chapter.' },
  { code: 'a-006', severity: 'warning', description: 'A handout leaves out the chapter\'s excerpts (The job, Pay, Outlook) because the page is full; the warning says what fills it.', hint: 'To keep the excerpts, shorten what the warning names (a shorter title or summary, fewer competencies or resources); the handout is fine without them.' },

  // Built outputs (`springboard verify`)
  { code: 'o-001', severity: 'error', description: 'EPUBCheck reports a fatal error or an error in an EPUB.', hint: 'The place is inside the EPUB (unzip it to look). If you changed `templates/`, the fault is likely there; otherwise report it as a SpringBoard bug, with the EPUB.' },
  { code: 'o-002', severity: 'error', description: 'EPUBCheck warns about an EPUB; stores may flag it, and the books ship with no warnings.', hint: 'The place is inside the EPUB (unzip it to look). If you changed `templates/`, the fault is likely there; otherwise report it as a SpringBoard bug, with the EPUB.' },
  { code: 'o-003', severity: 'error', description: 'Ace by DAISY finds a critical or serious accessibility violation in an EPUB.', hint: 'Fix the element at the place shown: in the chapter when it comes from there (a link with no text, say), else in `templates/`.' },
  { code: 'o-004', severity: 'warning', description: 'Ace by DAISY finds a moderate or minor accessibility issue in an EPUB.', hint: 'Fix the element at the place shown when you can; the book still passes.' },
  { code: 'o-005', severity: 'error', description: 'Ace by DAISY could not check an EPUB.', hint: 'Ace gives up on an EPUB it cannot open: fix what EPUBCheck reports for it first.' },
  { code: 'o-006', severity: 'error', description: 'A print PDF\'s page size is not the trim size (with bleed) set in `springboard.yaml`.', hint: 'Build again (`springboard build --format pdf`) after changing `print.trim` or `print.bleed`; never edit the PDF.' },
  { code: 'o-007', severity: 'error', description: 'A print PDF uses a font that is not embedded; printers reject it.', hint: 'Use only the fonts the templates install (`templates/print/`); build again.' },
  { code: 'o-008', severity: 'error', description: 'A print PDF is tagged; the print interior is made untagged for the printer.', hint: 'Upload the `-print.pdf` that `springboard build` made; the tagged one is the `-digital.pdf`.' },
  { code: 'o-009', severity: 'error', description: 'A handout PDF is not exactly one page.', hint: 'Build again (`springboard build --format handouts`): a handout that does not fit is reported on its chapter (p-001).' },
  { code: 'o-010', severity: 'error', description: 'A store edition of the EPUB names another store (a link or address); stores refuse such books.', hint: 'Build again; if a chapter or `springboard.yaml` names a store, move that to the book\'s own `stores:` block, which each edition filters.' },
  { code: 'o-011', severity: 'error', description: 'A store edition of the EPUB is larger than that store accepts.', hint: 'Make the images smaller (they are most of an EPUB\'s size), then build again.' },
  { code: 'o-012', severity: 'error', description: 'The release pack is incomplete or out of date: a file missing, a listing that does not match its schema, a store cover of the wrong size.', hint: 'Make the pack again: `springboard release --volume <id>`; never edit files inside `release/`.' },
  { code: 'o-013', severity: 'error', description: 'A handout lacks its Buy-now block, or a fair pack has the wrong pages.', hint: 'Build the handouts again (`springboard build --format handouts`); check `stores:` and `url:` in `springboard.yaml`.' },
  { code: 'o-014', severity: 'error', description: 'A PDF embeds a font that is not one of the book\'s own (Source Serif 4, Source Sans 3): text fell back to another font.', hint: 'Look for characters the fonts lack (`springboard check` reports them, t-007) or a template that names another font; build again.' },
  { code: 'o-015', severity: 'error', description: 'A PDF/X file is not PDF/X or has no PDF/X output intent; IngramSpark and offset printers want both.', hint: 'Upload the `-print-pdfx.pdf` and `-cover-pdfx.pdf` that `springboard build --format pdfx` made; never re-save them in another program.' },
  { code: 'o-016', severity: 'error', description: 'A PDF/X page has no TrimBox or BleedBox, or its trim is not the book\'s.', hint: 'Build again with `--format pdfx` after changing `print.trim` or `print.bleed`; never edit the PDF.' },
  { code: 'o-017', severity: 'error', description: 'A PDF/X interior page carries cyan, magenta or yellow ink: black-and-white interiors are greyscale, text in black (K) only.', hint: 'An image or a colour in `templates/print/` is the likely cause; the build converts the interior to greyscale, so report it as a bug with the PDF.' },
  { code: 'o-018', severity: 'error', description: 'A mark on a PDF/X interior page (text, a rule, a running head, a folio) is nearer than 0.5 in to the trim (IngramSpark).', hint: 'If you changed the margins in `templates/print/`, give the text block 0.5 in on every side; else report it as a bug with the PDF.' },
  { code: 'o-019', severity: 'error', description: 'A PDF/X interior has an odd page count or does not end on a blank page (IngramSpark).', hint: 'Build again with `--format pdfx`: it adds the blank pages; never edit the PDF.' },
  { code: 'o-020', severity: 'error', description: 'A PDF/X cover carries more than 240 % total ink at some point (IngramSpark\'s limit).', hint: 'Choose the cover\'s colours in CMYK within the limit (`src/print/ink.ts`); a cover template of your own must use the colours it is given.' },
  { code: 'o-021', severity: 'error', description: 'A digital PDF has no bookmarks, or a bookmark title doubled ("EducationEducation").', hint: 'Build again: the bookmarks come from the book\'s headings; if they still double, report it as a bug with the PDF.' },
  { code: 'o-022', severity: 'error', description: 'A digital PDF\'s page labels are not the printed page numbers (roman front matter, then arabic from 1).', hint: 'Build again; if the labels still differ from the folios, report it as a bug with the PDF.' },
  { code: 'o-023', severity: 'error', description: 'A link in a digital PDF has no description (/Contents) for assistive technology.', hint: 'Build again; if a link still has none, report it as a bug with the PDF.' },
  { code: 'o-024', severity: 'error', description: 'A digital PDF has no XMP metadata with the book\'s title, creators and language.', hint: 'Build again; check `title`, `editors` and `language` in springboard.yaml.' },
  { code: 'o-025', severity: 'error', description: '`qpdf --check` finds an error or warning in a digital PDF.', hint: 'Build again; if qpdf still complains, report it as a bug with the PDF and qpdf\'s output.' },
  { code: 'o-030', severity: 'error', description: 'The barcode on a wrap cover does not scan as the configured ISBN (zbarimg on a rendering of the cover), or a KDP cover without our ISBN has something in KDP\'s barcode area.', hint: 'Build again; check `isbn:` in springboard.yaml. If the barcode still does not scan, report it as a bug with the cover PDF.' },
  // Print that a printer accepts and a reader respects (issue 27)
  { code: 'o-040', severity: 'error', description: 'A print interior (KDP\'s `-print.pdf`) has an odd page count.', hint: 'Build again: the build ends the interior on blank pages to an even count; never edit the PDF.' },
  { code: 'o-041', severity: 'error', description: 'The KDP and PDF/X interiors have different page counts: the covers\' spines and the page numbers would differ.', hint: 'Build both in one run (`springboard build --format all,pdfx`); never mix files from two builds.' },
  { code: 'o-042', severity: 'error', description: 'A PDF/X cover holds a raster image under 300 ppi; printers flag it and its steps show in print.', hint: 'Keep the cover\'s art vector (templates/cover.svg.ejs) or give it images of 300 ppi or more at their printed size.' },
  { code: 'o-043', severity: 'error', description: 'A word in a print interior is hyphenated across a page turn.', hint: 'Build again; if it stays, end the paragraph differently or rephrase the sentence around that word (the page and word are shown).' },
  { code: 'o-044', severity: 'error', description: 'The PDF/X cover\'s colour differs from the RGB cover\'s by more than the bound (CIEDE2000 median ΔE00 over the cover).', hint: 'Choose cover colours the CMYK profile can print within 240 % ink (templates/cover.svg.ejs, templates/print/cover.html.ejs), then build again.' },
  { code: 'o-060', severity: 'error', description: 'A block of a chapter is not in the print PDF\'s own text (pdftotext, with hyphenation and ligatures undone), in order: the file differs from the pages the build laid out.', hint: 'Build again (`springboard build --format pdf`) and never edit the PDF; if it stays, report it as a bug with the chapter and the PDF.' },
] as const satisfies readonly Rule[]

export type RuleCode = (typeof catalogue)[number]['code']

export const rules: ReadonlyMap<RuleCode, Rule> = new Map(catalogue.map((rule) => [rule.code, rule]))

export function getRule(code: RuleCode): Rule {
  const rule = rules.get(code)
  if (!rule) throw new Error(`Unknown rule code ${code}`)
  return rule
}
