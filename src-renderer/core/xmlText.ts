// Escaping for the XML the REFI-QDA export writes. Hand-written rather than a builder: the
// writer emits a fixed set of elements in the order the schema's sequences demand, and all
// it needs from a library is these few replacements, which are stated by XML 1.0 itself.

// Characters XML 1.0 cannot carry at all (C0 controls but tab, LF and CR; lone surrogates;
// U+FFFE and U+FFFF): dropped, since no escape can represent them.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// What either escape would change (any surrogate, paired or not, sends a value the long way):
// most values — GUIDs, dates, positions, plain Chinese — have none and are returned as they are.
// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const ATTR_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/** Element text: `&`, `<`, `>` escaped; CR kept as a reference so a parser does not fold CRLF. */
export function xmlText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** An attribute value in double quotes: also `"` and the white space attribute normalisation would turn into spaces. */
export function xmlAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** ` name="value"` for each defined value, in the given order. */
export function attrs(pairs: readonly [string, string | number | boolean | null | undefined][]): string {
  return pairs.map(([k, v]) => (v === null || v === undefined ? '' : ` ${k}="${xmlAttr(String(v))}"`)).join('');
}
