// Reading a Markdown export back with the CommonMark reference parser: the passages the
// exporter wrote, each with its quote, block id, facts line and note.
import { Parser, type Node } from 'commonmark';

export const parser = new Parser();

/** Text content of a node the way a reader sees it (soft breaks as newlines). */
export function textOf(node: Node): string {
  let out = '';
  const walker = node.walker();
  let event;
  while ((event = walker.next())) {
    if (!event.entering) continue;
    const n = event.node;
    if (n.type === 'text' || n.type === 'code') out += n.literal ?? '';
    else if (n.type === 'softbreak' || n.type === 'linebreak') out += '\n';
  }
  return out;
}

export interface ReadBack {
  id: string;
  quote: string;
  facts: string;
  note: string;
}

/**
 * Every exported passage: the block quote right before a `^pz-…` paragraph, the facts line
 * after it, and the note: the source lines from there to the next exporter-made element
 * (the next passage's quote, a heading the exporter wrote, or the end).
 */
/** The note as the user wrote it, out of the callout the exporter sets it apart in. */
function noteOf(source: string): string {
  const lines = source.split('\n');
  if (!/^> \[!note\] /.test(lines[0] ?? '')) return source;
  return lines
    .slice(1)
    .map((line) => line.replace(/^> ?/, ''))
    .join('\n')
    .trim();
}

export function readBack(markdown: string, exporterHeadings: ReadonlySet<string>): ReadBack[] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const lines = body.split('\n');
  const doc = parser.parse(body);
  const top: Node[] = [];
  for (let n = doc.firstChild; n; n = n.next) top.push(n);
  const isId = (n: Node | undefined) => n?.type === 'paragraph' && /^\^pz-[a-z0-9-]+$/.test(textOf(n));
  const starts: number[] = [];
  top.forEach((n, i) => {
    if (isId(top[i + 1]) && n.type === 'block_quote') starts.push(i);
    if (n.type === 'heading' && exporterHeadings.has(textOf(n))) starts.push(i);
  });
  const out: ReadBack[] = [];
  for (const i of starts) {
    if (top[i].type !== 'block_quote') continue;
    const paragraphs: string[] = [];
    for (let p = top[i].firstChild; p; p = p.next) paragraphs.push(textOf(p));
    const facts = top[i + 2];
    const next = starts.find((s) => s > i);
    const from = facts.sourcepos[1][0];
    const to = next === undefined ? lines.length : top[next].sourcepos[0][0] - 1;
    out.push({
      id: textOf(top[i + 1]).slice(1),
      quote: paragraphs.join('\n'),
      facts: textOf(facts),
      note: noteOf(lines.slice(from, to).join('\n').trim()),
    });
  }
  return out;
}
