/**
 * Characters XML 1.0 cannot carry, even as character references: C0
 * controls other than tab and line feed (and carriage return, which load
 * removes), U+FFFE, U+FFFF and lone surrogates. Shared by load (literal
 * characters, with their exact position) and transform (those written as
 * references).
 */
// eslint-disable-next-line no-control-regex
export const xmlForbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
