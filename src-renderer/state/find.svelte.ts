// Find in the open article (Ctrl/Cmd+F): matches on the search key, so 營商環境 finds
// 营商环境 in any view, as canonical ranges; the painter turns them into view ranges.
import { occurrences } from '../core/mentions.ts';
import { searchKey, searchKeyText } from '../core/searchKey.ts';
import type { Range } from '../core/types.ts';

export class FindState {
  private readonly text: () => string | null;
  open = $state(false);
  query = $state('');
  /** Index of the current match in `matches`. */
  current = $state(0);
  /** Bumped when the user asks to go to a match, so the bar scrolls even to the same one. */
  moves = $state(0);
  /** Bumped by Ctrl/Cmd+F: the field takes focus again even when the bar is already open. */
  focusRequests = $state(0);

  readonly matches: Range[] = $derived.by(() => {
    const text = this.text();
    const q = this.query.trim();
    // searchKey shares the reader's cached 简体 view of this text: no second conversion.
    if (!text || !searchKeyText(q)) return [];
    return occurrences(searchKey(text), [q]);
  });

  constructor(text: () => string | null) {
    this.text = text;
  }

  setQuery(query: string): void {
    this.query = query;
    this.current = 0;
    this.moves++;
  }

  next(): void {
    const n = this.matches.length;
    if (n === 0) return;
    this.current = (this.current + 1) % n;
    this.moves++;
  }

  previous(): void {
    const n = this.matches.length;
    if (n === 0) return;
    this.current = (this.current - 1 + n) % n;
    this.moves++;
  }

  show(): void {
    this.open = true;
    this.focusRequests++;
  }

  close(): void {
    this.open = false;
  }
}
