// Which links the app hands to the user's browser (shell.openExternal). A note is text the
// user pasted from anywhere, and openExternal on a bad URL can start programs or reach
// services on this machine, so the rule is narrow:
//   - https only (no http:, file:, javascript:, data:, mailto:, smb:, custom app schemes);
//   - no user name or password in the URL (https://bank.example@evil.example/ tricks);
//   - the default port only (an odd port is how a link reaches a local or LAN service);
//   - a public-looking DNS name: at least two labels of ASCII letters, digits and hyphens,
//     a letters-only top-level label, no IP literal in any spelling (the URL parser turns
//     0x7f.1 and 2130706433 into 127.0.0.1 first), no localhost / .local / .internal …;
//   - no internationalised (xn--) labels: a look-alike host such as аpple.com (Cyrillic а)
//     reads as the real one in a note, and news sites use ASCII names anyway;
//   - at most MAX_EXTERNAL_URL_CHARS characters, and no whitespace or control characters.
// What passes is opened in its parsed, re-serialised form, never the raw string.

export const MAX_EXTERNAL_URL_CHARS = 2048;

/** Top-level names that only ever mean this machine or a private network (RFC 6761, 6762, 8375 and common LAN suffixes). */
const PRIVATE_TLDS = new Set(['localhost', 'local', 'internal', 'intranet', 'lan', 'home', 'corp', 'private', 'arpa', 'test', 'invalid', 'onion']);

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `url` must not be opened in the user's browser, or null when it may. */
export function externalLinkRefusal(url: unknown): string | null {
  if (typeof url !== 'string') return 'not a string';
  if (url.length === 0 || url.length > MAX_EXTERNAL_URL_CHARS) return 'empty or too long';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(url)) return 'contains whitespace or control characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'https:') return `scheme ${parsed.protocol} is not https:`;
  if (parsed.username !== '' || parsed.password !== '') return 'carries a user name or password';
  if (parsed.port !== '') return 'names a port';
  const host = parsed.hostname;
  if (host.startsWith('[')) return 'an IPv6 literal';
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => !LABEL.test(label))) return 'not a plain DNS name';
  const tld = labels[labels.length - 1];
  if (!/^[a-z]{2,63}$/.test(tld)) return 'an IP literal or a numeric top-level label';
  if (PRIVATE_TLDS.has(tld)) return `.${tld} is a local or private name`;
  if (labels.some((label) => label.startsWith('xn--'))) return 'an internationalised (punycode) host name';
  if (parsed.href.length > MAX_EXTERNAL_URL_CHARS) return 'too long once normalised';
  return null;
}

/** The URL to pass to shell.openExternal, or null when the link stays closed. */
export function externalLinkTarget(url: unknown): string | null {
  return externalLinkRefusal(url) === null ? new URL(url as string).href : null;
}

export function externalLinkAllowed(url: unknown): boolean {
  return externalLinkRefusal(url) === null;
}
