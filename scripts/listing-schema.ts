/**
 * Write src/package/listing.schema.json from the listing's zod schema
 * (src/package/listing.ts), for tools outside SpringBoard that read
 * listing.json. test/release.test.ts fails when the committed file is not
 * what this writes. Run: node scripts/listing-schema.ts
 */
import { writeFileSync } from 'node:fs'
import { listingJsonSchema, listingSchemaPath } from '../src/package/listing.ts'

writeFileSync(listingSchemaPath, listingJsonSchema())
console.log(`Wrote ${listingSchemaPath.pathname}`)
