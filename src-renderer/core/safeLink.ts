// The one rule for which link targets the app lets through: https only. They are what the
// desktop app hands to the browser (src-main/externalLinks.ts), so a link never looks live
// and does nothing, and no relative or script-like target ever becomes a link.

const SAFE_LINK = /^https:/i;

/** A link target the app lets through, or null. */
export function safeHref(href: string): string | null {
  // Control characters and spaces inside the scheme are how `java\nscript:` slips past checks.
  const compact = Array.from(href)
    .filter((ch) => ch.charCodeAt(0) > 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('');
  return SAFE_LINK.test(compact) ? compact : null;
}
