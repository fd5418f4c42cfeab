// The last few articles read, parsed: going back to one (the reader switching between two
// articles, a note's source, the previous article) shows it without cleaning and parsing
// its text again — a Markdown article's parse is most of the time its opening takes. The
// parse is a pure function of the text and the file's name, so an entry is reused only for
// the very same text under the same name; anything else is parsed anew.
import { loadArticle } from '../core/article.ts';
import type { Article, CleanResult } from '../core/types.ts';

export interface ParsedArticle {
  clean: CleanResult;
  article: Article;
  /** Whether the text reads as traditional, when whoever parsed it judged that too. */
  traditional?: boolean;
}

interface Entry extends ParsedArticle {
  raw: string;
}

export class ParsedArticles {
  // Most recently used last.
  private readonly entries = new Map<string, Entry>();
  private chars = 0;

  /** `capacity` articles at most, holding at most `maxChars` characters of text between them. */
  constructor(
    private readonly capacity = 4,
    private readonly maxChars = 4_000_000,
  ) {}

  /** `raw` (the file `fileName`) cleaned and parsed: the kept result when the text is the same. */
  load(raw: string, fileName: string): ParsedArticle {
    return this.kept(raw, fileName) ?? this.add(raw, fileName, loadArticle(raw, { fileName }));
  }

  /** The same, parsed by `parse` (off the page's thread) when it is not kept. */
  async loadWith(raw: string, fileName: string, parse: (raw: string, fileName: string) => Promise<ParsedArticle>): Promise<ParsedArticle> {
    return this.kept(raw, fileName) ?? this.add(raw, fileName, await parse(raw, fileName));
  }

  private kept(raw: string, fileName: string): ParsedArticle | null {
    const kept = this.entries.get(fileName);
    if (!kept) return null;
    this.drop(fileName);
    if (kept.raw !== raw) return null;
    this.keep(fileName, kept);
    return { clean: kept.clean, article: kept.article, traditional: kept.traditional };
  }

  private add(raw: string, fileName: string, parsed: ParsedArticle): ParsedArticle {
    const { clean, article, traditional } = parsed;
    if (raw.length <= this.maxChars) this.keep(fileName, { raw, clean, article, traditional });
    return { clean, article, traditional };
  }

  private keep(fileName: string, entry: Entry): void {
    this.entries.set(fileName, entry);
    this.chars += entry.raw.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity && this.chars <= this.maxChars) break;
      this.drop(oldest);
    }
  }

  private drop(fileName: string): void {
    const entry = this.entries.get(fileName);
    if (!entry) return;
    this.entries.delete(fileName);
    this.chars -= entry.raw.length;
  }
}
