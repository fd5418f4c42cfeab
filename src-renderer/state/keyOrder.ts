// The collator's order of library keys, apart from the rest of the list's sorting: the page's
// first module sorts a new folder's keys to read its first screen before the app's code has
// loaded, and that module must not bring the search key's conversion tables with it.

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

/** How two keys (or titles) sort. */
export function compareKeys(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The key the collator puts first, in one pass: a large library's start need not sort every key for it. */
export function firstInKeyOrder(keys: readonly string[]): string | undefined {
  let first = keys[0];
  for (let i = 1; i < keys.length; i++) if (collator.compare(keys[i], first!) < 0) first = keys[i];
  return first;
}

/**
 * Each key's place in the collator's order, kept across calls. The list is sorted again
 * whenever headers arrive, and while a first scan runs most items have no date or title yet:
 * nearly every comparison fell to the key, a collator call each, and a library of thousands
 * makes that many calls again on every sort. The keys change far less often than that.
 */
let keyRanks = new Map<string, number>();

/**
 * Keys in an order found stored (the list's cached headers are written in key order), which
 * the next ranks may take after checking it: a warm start of a large library has no ranks
 * yet, and checking that n keys are in order takes n - 1 comparisons where sorting them takes
 * about n log n.
 */
let storedOrder: readonly string[] | null = null;

/**
 * `items` in the collator's order of their keys, whose ranks are kept: a first start sorts a
 * new folder's keys so to read its files in the list's order, and the list's first sort of
 * the same keys then compares none of them again.
 */
export function inKeyOrderSeedingRanks<T extends { key: string }>(items: readonly T[]): T[] {
  storedOrder = null;
  const sorted = [...items].sort((a, b) => collator.compare(a.key, b.key));
  keyRanks = new Map(sorted.map((item, i) => [item.key, i]));
  return sorted;
}

/**
 * Keys as they were stored in key order, for the next ranks made: they take it if it holds
 * every key and is in order. Offered once: the next call for ranks lets it go, taken or not.
 */
export function offerStoredKeyOrder(keys: Iterable<string>): void {
  storedOrder = Array.from(keys);
}

/**
 * The ranks of `items`' keys: those kept when they hold every key, else those of an order
 * offered (offerStoredKeyOrder) that holds them all and is in order, else made again from
 * these keys.
 */
export function keyRanksOf(items: readonly { key: string }[]): Map<string, number> {
  const offered = storedOrder;
  storedOrder = null;
  if (items.every((item) => keyRanks.has(item.key))) return keyRanks;
  const stored = offered === null ? null : ranksIfInOrder(offered);
  if (stored && items.every((item) => stored.has(item.key))) {
    keyRanks = stored;
    return keyRanks;
  }
  // Keys of libraries left behind are dropped when the ranks are made again.
  const keys = [...new Set(items.map((item) => item.key))].sort(collator.compare);
  keyRanks = new Map(keys.map((key, i) => [key, i]));
  return keyRanks;
}

/** Ranks in the order given, or null when the collator would order any two neighbours the other way. */
function ranksIfInOrder(keys: readonly string[]): Map<string, number> | null {
  const ranks = new Map<string, number>();
  let previous: string | null = null;
  for (const key of keys) {
    if (previous !== null && collator.compare(previous, key) > 0) return null;
    if (!ranks.has(key)) ranks.set(key, ranks.size);
    previous = key;
  }
  return ranks;
}
