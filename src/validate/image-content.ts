/**
 * Every image a chapter shows is decoded and checked once, in `check`
 * (src/images/content.ts): its format by content, its size in pixels, damage,
 * and an SVG's safety. Each problem is a message at the place the chapter
 * first shows the image. A chapter taken from the build cache is not checked
 * again: its entry holds only while its images are unchanged (src/cache/).
 */
import type { VFile } from 'vfile'
import type { ImageAsset } from '../chapter.ts'
import { inspectImage, type ImageFormat, type ImageInspection, type ImageProblem } from '../images/content.ts'
import { report } from '../report/messages.ts'
import type { RuleCode } from '../report/rules.ts'

const formats: Readonly<Record<string, ImageFormat>> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/svg+xml': 'svg' }

const rules: Readonly<Record<ImageProblem['kind'], RuleCode>> = { format: 'i-010', damaged: 'i-011', 'too-large': 'i-012', 'unsafe-svg': 'i-013' }

/** Each image file is inspected once per run, however many chapters show it. */
export type InspectedImages = Map<string, Promise<ImageInspection>>

export async function checkImageContent(file: VFile, images: ReadonlyMap<string, ImageAsset>, inspected: InspectedImages = new Map()): Promise<void> {
  for (const [src, image] of images) {
    const format = formats[image.mediaType]
    if (!format) continue
    let inspection = inspected.get(image.absolutePath)
    if (!inspection) inspected.set(image.absolutePath, (inspection = inspectImage(image.absolutePath, format)))
    const { problem, removed } = await inspection
    if (problem) report(file, rules[problem.kind], `The image \`${src}\` cannot be used: ${problem.message}`, image.position)
    if (removed && removed.length > 0) report(file, 'i-014', `Removed from the SVG \`${src}\`: ${removed.join(', ')}`, image.position)
  }
}
