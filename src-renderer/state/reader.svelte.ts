// The open article: raw text → loadArticle → blocks, and the view in the chosen script.
// Follows the library's events: a changed file is read again in place, a vanished one
// says so instead of showing stale text as if nothing happened.
import type { ArticleError, LibraryEvent, PizhuApi } from '../../src-main/api.ts';
import { loadArticle } from '../core/article.ts';
import { convertWithMap, view } from '../core/scriptView.ts';
import type { Article, Block, CleanResult, Script, ScriptView } from '../core/types.ts';
import { blockParts, blockText, type BlockPart } from './blockParts.ts';

export interface RenderedBlock {
  index: number;
  block: Block;
  parts: BlockPart[];
}

export interface OutlineEntry {
  index: number;
  level: number;
  text: string;
}

export type ReaderStatus = 'idle' | 'loading' | 'ready' | 'failed' | 'vanished';

export class ReaderState {
  // Declared first and set in the constructor: the $derived fields below read them.
  private readonly api: PizhuApi;
  private readonly script: () => Script;
  private readonly rubyOn: () => boolean;
  private readonly userTitle: (key: string) => string | null;

  key = $state<string | null>(null);
  status = $state<ReaderStatus>('idle');
  error = $state.raw<ArticleError | null>(null);
  parseError = $state<string | null>(null);
  fingerprint = $state<string | null>(null);
  clean = $state.raw<CleanResult | null>(null);
  article = $state.raw<Article | null>(null);
  /** Bumped whenever the text is (re)loaded, so the UI knows to restore the reading spot. */
  revision = $state(0);

  readonly hasRuby = $derived((this.clean?.ruby.length ?? 0) > 0);

  readonly view: ScriptView | null = $derived.by(() => (this.clean ? view(this.clean.text, this.script()) : null));

  /** The lang attribute that lets fonts pick the right glyphs for the view. */
  readonly lang = $derived.by(() => langOf(this.script(), this.clean?.text ?? ''));

  readonly blocks: RenderedBlock[] = $derived.by(() => {
    const v = this.view;
    const article = this.article;
    if (!v || !article) return [];
    const ruby = this.rubyOn() && this.clean ? this.clean.ruby : null;
    return article.blocks.map((block, index) => ({ index, block, parts: blockParts(v, ruby, block) }));
  });

  readonly outline: OutlineEntry[] = $derived.by(() => {
    const v = this.view;
    if (!v || !this.article) return [];
    return this.article.blocks.flatMap((block, index) => (block.kind === 'heading' ? [{ index, level: block.level ?? 1, text: blockText(v, block) }] : []));
  });

  /**
   * Header fields in the current view (meta is canonical text). A user title replaces the
   * file's and is converted like it, so it reads in the chosen script whatever it was typed in.
   */
  readonly header = $derived.by(() => {
    const meta = this.article?.meta;
    if (!meta || this.key === null) return null;
    const script = this.script();
    const convert = (s: string | null) => (s ? convertShort(s, script) : null);
    const userTitle = this.userTitle(this.key);
    return {
      kicker: convert(meta.kicker),
      title: convert(userTitle ?? meta.title) ?? '',
      /** The file's own (or derived) title, shown beside a user title so the user knows what it replaced. */
      originalTitle: convert(meta.title) ?? '',
      userTitle: userTitle !== null,
      titleDerived: userTitle === null && meta.titleDerived,
      subtitle: convert(meta.subtitle),
      authors: meta.authors.map((a) => convert(a) ?? a),
      date: meta.date,
      source: convert(meta.source),
      editor: convert(meta.editor),
    };
  });

  private request = 0;

  constructor(api: PizhuApi, script: () => Script, rubyOn: () => boolean, userTitle: (key: string) => string | null = () => null) {
    this.api = api;
    this.script = script;
    this.rubyOn = rubyOn;
    this.userTitle = userTitle;
  }

  async open(key: string): Promise<void> {
    const request = ++this.request;
    if (key !== this.key) {
      this.key = key;
      this.clean = null;
      this.article = null;
      this.fingerprint = null;
    }
    this.status = 'loading';
    this.error = null;
    this.parseError = null;
    let result;
    try {
      result = await this.api.readArticle(key);
    } catch (error) {
      if (request !== this.request) return;
      this.status = 'failed';
      this.parseError = error instanceof Error ? error.message : String(error);
      return;
    }
    if (request !== this.request) return;
    if (!result.ok) {
      this.status = result.error.code === 'vanished' ? 'vanished' : 'failed';
      this.error = result.error;
      this.clean = null;
      this.article = null;
      return;
    }
    try {
      const { clean, article } = loadArticle(result.file.text, { fileName: result.file.key });
      this.clean = clean;
      this.article = article;
      this.fingerprint = result.file.fingerprint;
      this.status = 'ready';
      this.revision++;
    } catch (error) {
      this.status = 'failed';
      this.parseError = error instanceof Error ? error.message : String(error);
    }
  }

  close(): void {
    this.request++;
    this.key = null;
    this.status = 'idle';
    this.clean = null;
    this.article = null;
    this.error = null;
    this.parseError = null;
    this.fingerprint = null;
  }

  onLibraryEvent(event: LibraryEvent): void {
    const key = this.key;
    if (key === null) return;
    if (event.type === 'remove' && event.key === key) {
      this.request++;
      this.status = 'vanished';
    } else if (event.type === 'change' || event.type === 'add') {
      if (event.entry.key === key && event.entry.fingerprint !== this.fingerprint) void this.open(key);
    }
  }
}

/** BCP 47 tag of a view. 原文 is tagged by what it is: traditional if t2s changes much of it. */
export function langOf(script: Script, canonical: string): string {
  switch (script) {
    case 'cn':
      return 'zh-Hans';
    case 't':
      return 'zh-Hant';
    case 'tw':
    case 'twp':
      return 'zh-Hant-TW';
    case 'hk':
      return 'zh-Hant-HK';
    case 'original':
      return looksTraditional(canonical) ? 'zh-Hant' : 'zh-Hans';
  }
}

function looksTraditional(text: string): boolean {
  if (!text) return false;
  const cn = view(text, 'cn').text;
  if (cn === text) return false;
  let differing = 0;
  const n = Math.min(cn.length, text.length, 4000);
  for (let i = 0; i < n; i++) if (cn[i] !== text[i]) differing++;
  return differing > n / 100;
}

const FROM_CN: Record<Exclude<Script, 'original' | 'cn'>, string> = { t: 's2t', tw: 's2tw', twp: 's2twp', hk: 's2hk' };

/**
 * A short string (title, author) in a script, the same way the article's views are built
 * (through 简体) but without going through view()'s cache, which holds whole articles.
 */
export function convertShort(text: string, script: Script): string {
  if (script === 'original') return text;
  const cn = convertWithMap(text, 't2s').text;
  return script === 'cn' ? cn : convertWithMap(cn, FROM_CN[script]).text;
}
