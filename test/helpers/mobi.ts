/**
 * The EXTH records of a MOBI file (what KindleGen writes and a Kindle shows):
 * 100 the author, 101 the publisher, 103 the description, 108 a contributor.
 * PalmDB header, record 0 (PalmDOC header, then the MOBI header and, when its
 * flag says so, the EXTH block), as MobileRead's wiki documents the format.
 */
export function exthRecords(mobi: Buffer): Map<number, string[]> {
  const record0 = mobi.readUInt32BE(78)
  const header = record0 + 16
  if (mobi.toString('latin1', header, header + 4) !== 'MOBI') throw new Error('No MOBI header in record 0')
  const records = new Map<number, string[]>()
  if ((mobi.readUInt32BE(header + 0x70) & 0x40) === 0) return records
  let offset = header + mobi.readUInt32BE(header + 4)
  if (mobi.toString('latin1', offset, offset + 4) !== 'EXTH') throw new Error('The EXTH flag is set but no EXTH block follows')
  const count = mobi.readUInt32BE(offset + 8)
  offset += 12
  for (let index = 0; index < count; index++) {
    const type = mobi.readUInt32BE(offset)
    const length = mobi.readUInt32BE(offset + 4)
    records.set(type, [...(records.get(type) ?? []), mobi.subarray(offset + 8, offset + length).toString('utf8')])
    offset += length
  }
  return records
}
