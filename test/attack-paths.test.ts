/**
 * Issue 22, the attack suite: paths. Links that lead out of the book (in
 * chapters/, assets/, templates/, the cover, `.springboard-cache`, dist/),
 * dist/ replaced all or nothing, and the preview's Host and traversal
 * checks. Everything runs through the command (`check`, `build`) or the
 * public functions, on books made here; no browser, no Java (the outputs of
 * these books are held to EPUBCheck in attack-paths.e2e.test.ts).
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevServer, type DevServer } from '../src/dev/server.ts'
import { removeInside, removeWorkFolder } from '../src/files/remove.ts'
import { makeBook, validChapter, validConfig } from './helpers/book.ts'
import { runCli } from './helpers/cli.ts'
import { dotPng, treeSnapshot } from './helpers/hostile.ts'

const temporary: string[] = []
async function scratch(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `springboard-attack-${prefix}-`))
  temporary.push(dir)
  return dir
}
async function book(...args: Parameters<typeof makeBook>): Promise<string> {
  const root = await makeBook(...args)
  temporary.push(root)
  return root
}

afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })))
})

const twoChapters = () => ({
  '2026-01-05-medical-records-director.md': validChapter(),
  '2026-01-12-nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }),
})

/** A folder of someone else's files, next to the book: what a link out of the book could reach. */
async function victimFolder(): Promise<string> {
  const victim = await scratch('victim')
  await mkdir(path.join(victim, 'chapters'))
  await writeFile(path.join(victim, 'chapters', 'settings.json'), '{"keep": true}')
  await writeFile(path.join(victim, 'chapters', '0123abcd.json'), '{"also": "keep"}')
  await writeFile(path.join(victim, 'notes.json'), '[]')
  return victim
}

describe('deleting never follows a link out of its own folder', () => {
  it('defect 1: `.springboard-cache` a link to another folder: check and build leave that folder\'s files alone', async () => {
    const victim = await victimFolder()
    const before = await treeSnapshot(victim)
    const root = await book(twoChapters())
    await symlink(victim, path.join(root, '.springboard-cache'))
    for (const args of [['check', '--no-layout'], ['check', '--no-layout'], ['build', '--format', 'epub']]) {
      const run = await runCli([...args, '--root', root])
      expect(run.code, run.stderr).toBe(0)
      // The files that were there are all still there, unchanged (the cache may add its own beside them).
      const after = await treeSnapshot(victim)
      for (const entry of before) expect(after, entry).toContain(entry)
    }
  }, 60_000)

  it('`.springboard-cache/chapters` a link to another folder: the same', async () => {
    const victim = await victimFolder()
    const before = await treeSnapshot(victim)
    const root = await book(twoChapters())
    await mkdir(path.join(root, '.springboard-cache'))
    await symlink(path.join(victim, 'chapters'), path.join(root, '.springboard-cache', 'chapters'))
    for (let run = 0; run < 2; run++) expect((await runCli(['check', '--no-layout', '--root', root])).code).toBe(0)
    const after = await treeSnapshot(victim)
    for (const entry of before) expect(after).toContain(entry)
  }, 60_000)

  it('the cache still drops its own stale entries when it is a real folder', async () => {
    const root = await book(twoChapters())
    expect((await runCli(['check', '--no-layout', '--root', root])).code).toBe(0)
    const stale = path.join(root, '.springboard-cache', 'chapters', `${'0'.repeat(64)}.json`)
    await writeFile(stale, '{}')
    expect((await runCli(['check', '--no-layout', '--root', root])).code).toBe(0)
    await expect(readFile(stale)).rejects.toThrow(/ENOENT/)
  }, 60_000)

  it('removeInside: refuses a path through a link; removes a link as a link; a folder removed whole keeps its links\' targets', async () => {
    const victim = await victimFolder()
    const before = await treeSnapshot(victim)
    const owner = await scratch('owner')
    await symlink(victim, path.join(owner, 'linked'))
    expect(await removeInside(owner, path.join(owner, 'linked', 'notes.json'))).toBe(false)
    expect(await removeInside(owner, path.join(owner, 'linked', 'chapters'), { recursive: true })).toBe(false)
    expect(await removeInside(owner, path.join(owner, '..', path.basename(victim)), { recursive: true })).toBe(false)
    expect(await treeSnapshot(victim)).toEqual(before)
    // The link itself goes, its target stays.
    expect(await removeInside(owner, path.join(owner, 'linked'), { recursive: true })).toBe(true)
    expect(await treeSnapshot(owner)).toEqual([])
    // A work folder holding a link to the victim: removed, the victim intact.
    const work = await scratch('work')
    await mkdir(path.join(work, 'deep'))
    await symlink(victim, path.join(work, 'deep', 'out'))
    expect(await removeWorkFolder(work)).toBe(true)
    await expect(readFile(path.join(work, 'deep'))).rejects.toThrow(/ENOENT/)
    expect(await treeSnapshot(victim)).toEqual(before)
  })
})

/** A book sold in two stores: each volume (2026, complete) has three EPUBs, six outputs in all. */
const storesConfig = `${validConfig}stores:
  kindle:
    name: Kindle
  nook:
    name: Nook
`

describe('dist/ is replaced all at once or not at all', () => {
  it('defect 4: the third rename fails (a folder in the way): exit 2 naming it, dist/ exactly as before', async () => {
    const root = await book(twoChapters(), { config: storesConfig })
    const first = await runCli(['build', '--format', 'epub', '--root', root, '--no-cache'])
    expect(first.code, first.stderr).toBe(0)
    const dist = path.join(root, 'dist')
    const outputs = (await treeSnapshot(dist)).filter((entry) => entry.startsWith('file '))
    // One volume (its chapters are of one year), in three editions: the book, Kindle's, Nook's.
    expect(outputs).toHaveLength(3)
    // A new chapter changes every EPUB; the third output's path is now a folder.
    await writeFile(path.join(root, 'chapters', '2026-01-19-pharmacist.md'), validChapter({ published: '2026-01-19', title: 'Pharmacist' }))
    const third = path.join(dist, 'complete', 'test-careers-nook.epub')
    await rm(third)
    await mkdir(third)
    await writeFile(path.join(third, 'keep.txt'), 'a folder of the same name')
    const before = await treeSnapshot(dist)
    const run = await runCli(['build', '--format', 'epub', '--root', root, '--no-cache'])
    expect(run.code, run.stderr).toBe(2)
    expect(await treeSnapshot(dist)).toEqual(before)
    expect(run.stderr).toContain(`Cannot write ${third}: a folder of that name is in the way`)
  }, 120_000)

  it('a failure after new folders were made removes them too', async () => {
    const root = await book(twoChapters(), { config: storesConfig })
    const dist = path.join(root, 'dist')
    // Nothing built yet; the third output is blocked.
    await mkdir(path.join(dist, 'complete', 'test-careers-nook.epub'), { recursive: true })
    const before = await treeSnapshot(dist)
    const run = await runCli(['build', '--format', 'epub', '--root', root])
    expect(run.code, run.stderr).toBe(2)
    expect(await treeSnapshot(dist)).toEqual(before)
  }, 120_000)

  it('a folder of dist/ that is a link to another folder is not written through', async () => {
    const victim = await victimFolder()
    await writeFile(path.join(victim, 'test-careers.epub'), 'not an EPUB: someone else\'s file')
    const before = await treeSnapshot(victim)
    const root = await book(twoChapters())
    await mkdir(path.join(root, 'dist'))
    await symlink(victim, path.join(root, 'dist', 'complete'))
    const run = await runCli(['build', '--format', 'epub', '--root', root])
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toContain(`${path.join(root, 'dist', 'complete')} is a link to another folder`)
    expect(await treeSnapshot(victim)).toEqual(before)
    expect((await treeSnapshot(path.join(root, 'dist'))).filter((entry) => !entry.startsWith('link '))).toEqual([])
  }, 60_000)
})

const secret = 'SECRET-OUTSIDE-THE-BOOK-7f3a'

/** A file outside the book whose text must never show up in anything the book makes or says. */
async function outsideFile(name: string, content: string | Uint8Array = `${secret}\n`): Promise<string> {
  const dir = await scratch('outside')
  const file = path.join(dir, name)
  await writeFile(file, content)
  return file
}

/** An EPUB build that stops at the check with `message`, says nothing of the outside file's text, and writes no dist/. */
async function expectRefusedBuild(root: string, message: string): Promise<void> {
  const run = await runCli(['build', '--format', 'epub', '--root', root])
  expect(run.code, run.stderr).toBe(1)
  expect(run.stderr).toContain(message)
  expect(run.stdout + run.stderr).not.toContain(secret)
  await expect(readFile(path.join(root, 'dist'))).rejects.toThrow(/ENOENT/)
}

describe('the book reads only its own files', () => {
  it('a chapter that is a link to a file outside the book is refused, unread (f-010), like an image', async () => {
    const outside = await outsideFile('2026-01-12-nurse.md', validChapter({ published: '2026-01-12', title: `Nurse ${secret}` }))
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() })
    await symlink(outside, path.join(root, 'chapters', '2026-01-12-nurse.md'))
    await expectRefusedBuild(root, 'chapters/2026-01-12-nurse.md:1:1: error The chapter is a link to a file outside the book folder: it is left out unread [f-010]')
  }, 60_000)

  it('chapters/ itself a link out of the book: every chapter refused', async () => {
    const outside = await scratch('chapters')
    await writeFile(path.join(outside, '2026-01-05-medical-records-director.md'), validChapter())
    const root = await book({})
    await rm(path.join(root, 'chapters'), { recursive: true })
    await symlink(outside, path.join(root, 'chapters'))
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/chapters\/2026-01-05-medical-records-director\.md:1:1: error .* \[f-010\]/)
  })

  it('a chapter that is a link to a file elsewhere inside the book is read', async () => {
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter() }, { files: { 'drafts/nurse.md': validChapter({ published: '2026-01-12', title: 'Nurse' }) } })
    await symlink(path.join('..', 'drafts', 'nurse.md'), path.join(root, 'chapters', '2026-01-12-nurse.md'))
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code, run.stderr).toBe(0)
  })

  it('an image in assets/ that is a link out of the book is refused (i-002)', async () => {
    const outside = await outsideFile('chart.png', dotPng)
    const root = await book({ '2026-01-05-medical-records-director.md': validChapter({ append: '\n![A chart](../assets/chart.png)\n' }) })
    await mkdir(path.join(root, 'assets'))
    await symlink(outside, path.join(root, 'assets', 'chart.png'))
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/error The image path `\.\.\/assets\/chart\.png` leaves the project folder \[i-002\]/)
  })

  it('a template that is a link out of the book is refused (f-010), and never rendered', async () => {
    const outside = await outsideFile('introduction.md')
    const root = await book(twoChapters())
    await mkdir(path.join(root, 'templates'))
    await symlink(outside, path.join(root, 'templates', 'introduction.md'))
    await expectRefusedBuild(root, 'templates/introduction.md:1:1: error The template is a link to a file outside the book folder: it is not read [f-010]')
  }, 60_000)

  it('templates/ itself a link out of the book: its files are refused', async () => {
    const outside = await scratch('templates')
    await writeFile(path.join(outside, 'chapter.ejs'), secret)
    const root = await book(twoChapters())
    await symlink(outside, path.join(root, 'templates'))
    const run = await runCli(['check', '--no-layout', '--root', root])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('templates/chapter.ejs:1:1: error The template is a link to a file outside the book folder: it is not read [f-010]')
  })

  it('a template that includes a file outside the book is an error naming both (exit 2), not the file\'s text', async () => {
    const outside = await outsideFile('part.ejs')
    const root = await book(twoChapters())
    const builtin = await readFile(path.join(import.meta.dirname, '..', 'templates', 'titlepage.ejs'), 'utf8')
    await mkdir(path.join(root, 'templates'))
    await writeFile(path.join(root, 'templates', 'titlepage.ejs'), `<%- include(${JSON.stringify(outside)}) %>\n${builtin}`)
    const run = await runCli(['build', '--format', 'epub', '--root', root])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`includes \`${outside}\`, which is not a file inside the book folder`)
    expect(run.stdout + run.stderr).not.toContain(secret)
  }, 60_000)

  describe('the cover', () => {
    const withCover = (cover: string) => `${validConfig}cover: ${cover}\n`

    it('defect 2: a link to a file outside the book is refused at the `cover:` line (c-015)', async () => {
      const outside = await outsideFile('shadow')
      const root = await book(twoChapters(), { config: withCover('assets/c.png') })
      await mkdir(path.join(root, 'assets'))
      await symlink(outside, path.join(root, 'assets', 'c.png'))
      await expectRefusedBuild(root, 'springboard.yaml:7:8: error The cover `assets/c.png` is outside the book folder: it is not read [c-015]')
    }, 60_000)

    it('a path that leaves the book is refused (c-015)', async () => {
      const outside = await outsideFile('cover.png', dotPng)
      const root = await book(twoChapters())
      const relative = path.relative(root, outside)
      await writeFile(path.join(root, 'springboard.yaml'), withCover(relative))
      const run = await runCli(['check', '--no-layout', '--root', root])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`springboard.yaml:7:8: error The cover \`${relative}\` is outside the book folder: it is not read [c-015]`)
    })

    for (const [name, content, reason] of [
      ['a text file named .png', 'not a picture', 'by its content it is not an image file, but its name says PNG'],
      ['a PNG named .jpg', dotPng, 'by its content it is a PNG file, but its name says JPEG'],
      ['a PNG cut short', dotPng.subarray(0, 40), 'it cannot be'],
    ] as const) {
      it(`${name} is refused at the \`cover:\` line (c-016)`, async () => {
        const file = name.includes('.jpg') ? 'assets/cover.jpg' : 'assets/cover.png'
        const root = await book(twoChapters(), { config: withCover(file), files: { [file]: content } })
        const run = await runCli(['check', '--no-layout', '--root', root])
        expect(run.code).toBe(1)
        expect(run.stderr).toContain(`springboard.yaml:7:8: error The cover \`${file}\` cannot be used: ${reason}`)
        expect(run.stderr).toContain('[c-016]')
      })
    }
  })
})

/** A GET to the preview with the given Host header; status, headers and body. */
function get(port: number, pathname: string, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    request.on('error', reject)
    request.end()
  })
}

/** A request written byte for byte; the whole answer. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request))
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
  })
}

describe('the preview', () => {
  let root: string
  let server: DevServer
  let port: number

  beforeAll(async () => {
    root = await book(
      { '2026-01-05-medical-records-director.md': validChapter({ append: '\n![A chart](../assets/chart.svg)\n' }) },
      { files: { 'assets/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><script>alert(2)</script><rect width="5" height="5"/></svg>' } },
    )
    server = await startDevServer({ root, port: 0, layout: false })
    port = Number(new URL(server.url).port)
    expect(server.state().ok).toBe(true)
  }, 60_000)

  afterAll(async () => {
    await server?.close()
  })

  it('defect 8: answers only requests that name it in Host: (DNS rebinding)', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await get(port, '/', host)).status, host).toBe(200)
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${port}`, `localhost.:${port}`, `0.0.0.0:${port}`]) {
      const response = await get(port, '/__dev/state', host)
      expect(response.status, host).toBe(403)
      expect(response.body).toBe(`The preview answers only at http://127.0.0.1:${port}/ (or localhost, [::1])`)
    }
    // HTTP/1.0 without any Host header.
    const raw = await rawRequest(port, 'GET /__dev/state HTTP/1.0\r\n\r\n')
    expect(raw).toMatch(/^HTTP\/1\.[01] 403 /)
  })

  it('serves no file outside the preview, whatever the path', async () => {
    const host = `127.0.0.1:${port}`
    const tricks = [
      '/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', '/..%2f..%2f..%2fetc%2fpasswd',
      '/epub-file/complete/../../../../etc/passwd', '/epub-file/complete/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/epub-file/complete/..%5c..%5cetc%5cpasswd', '/epub-file/..%2f..%2f/etc/passwd', '/epub-file/complete/%252e%252e%252fetc%252fpasswd',
      '/epub-file/complete//etc/passwd', '/epub-file/complete/OEBPS/../../../../etc/passwd', '/epub-file/complete/%00../../etc/passwd',
      '/download/..%2f..%2fetc%2fpasswd.epub', '/download/%2e%2e.epub', '/print-page/complete/../../etc/1.png', '/__dev/reader/fonts/..%2f..%2f..%2fetc%2fpasswd.woff2',
      '/__dev/reader/fonts/../../server.ts', '/__dev/../package.json', '/epub/ch-../../etc/passwd', '/epub-file/complete/%2fetc%2fpasswd',
      // The source view, drafts and handouts name files only as the latest rebuild lists them.
      '/source/..%2f..%2f..%2fetc%2fpasswd', '/source/%2fetc%2fpasswd', '/source/chapters%2f..%2fpackage.json', '/source/%2e%2e%2fpackage.json', '/source/%E0%A4%A',
      '/draft/..%2fpackage.json', '/draft/springboard.yaml', '/draft-text/chapters%2f..%2f..%2fetc%2fpasswd', '/draft-text/%2fetc%2fpasswd',
      '/handout-file/complete/../../etc/passwd.pdf', '/handout-file/..%2f..%2fetc/passwd.pdf', '/handout/ch-../../etc/passwd',
    ]
    for (const trick of tricks) {
      const response = await get(port, trick, host)
      expect(response.status, trick).toBeGreaterThanOrEqual(400)
      expect(response.body, trick).not.toMatch(/root:.*:0:0:|"name": "springboard-press"|startDevServer/)
    }
  })

  it('serves the book\'s images cleaned, sandboxed and not to be sniffed', async () => {
    const host = `127.0.0.1:${port}`
    const opf = await get(port, '/epub-file/complete/OEBPS/content.opf', host)
    const image = /href="(images\/[^"]+\.svg)"/.exec(opf.body)?.[1]
    expect(image, opf.body).toBeDefined()
    const response = await get(port, `/epub-file/complete/OEBPS/${image}`, host)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('image/svg+xml')
    expect(response.headers['content-security-policy']).toBe('sandbox')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.body).toContain('<rect width="5" height="5" />')
    expect(response.body).not.toMatch(/script|onload|alert/i)
  })
})
