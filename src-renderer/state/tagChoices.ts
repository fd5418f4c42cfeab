// What the theme picker offers for a typed name: existing themes whose name or an alias
// contains it in any script (營商 finds 营商环境), then frequent library terms that are not
// themes yet, then — when nothing has the typed name's key — the typed name as a new theme.
import { searchKeyText } from '../core/searchKey.ts';
import type { TagRecord } from '../db/records.ts';

export interface TagChoice {
  name: string;
  isNew: boolean;
}

export function tagChoices(tags: readonly TagRecord[], suggestions: readonly string[], typed: string, limit = 8): TagChoice[] {
  const key = searchKeyText(typed.trim());
  const out: TagChoice[] = [];
  const seen = new Set<string>();
  const push = (name: string, isNew: boolean) => {
    const k = searchKeyText(name);
    if (!k || seen.has(k)) return;
    seen.add(k);
    out.push({ name, isNew });
  };
  for (const tag of tags) if (!key || tag.key.includes(key) || tag.aliases.some((a) => searchKeyText(a).includes(key))) push(tag.name, false);
  for (const term of suggestions) if (!key || term.includes(key)) push(term, true);
  if (key && !tags.some((tag) => tag.key === key)) {
    const at = out.findIndex((c) => searchKeyText(c.name) === key);
    if (at < 0) out.push({ name: typed.trim(), isNew: true });
  }
  return out.slice(0, limit);
}
