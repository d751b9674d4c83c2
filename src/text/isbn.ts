/** ISBN-13s: the check digit, the way they are printed, and the barcode's price add-on. */

/** Thirteen digits, 978 or 979 first, with a correct check digit. */
export function isValidIsbn13(digits: string): boolean {
  if (!/^97[89]\d{10}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3)
  return (10 - (sum % 10)) % 10 === Number(digits[12])
}

/**
 * The EAN-5 add-on beside a book's barcode: `5` and the US dollar price in cents (`51995` for $19.95),
 * `59999` from $99.99 up, and `90000` when no US price is given (the BISG's "no price" code).
 */
export function priceAddOn(usd: number | undefined): string {
  if (usd === undefined) return '90000'
  const cents = Math.round(usd * 100)
  return cents >= 9999 ? '59999' : `5${String(cents).padStart(4, '0')}`
}
