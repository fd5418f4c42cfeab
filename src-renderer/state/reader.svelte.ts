// The open article: raw text → loadArticle → blocks, and the view in the chosen script.
// Follows the library's events: a changed file is read again in place, a vanished one
// says so instead of showing stale text as if nothing happened.
import { untrack } from 'svelte';
import type { ArticleError, LibraryEvent, PizhuApi } from '../../src-main/api.ts';
import { maskHidden } from '../core/shownText.ts';
import { adoptView, cachedView, view, type MappedScriptView } from '../core/scriptView.ts';
import { convertText } from '../core/scriptText.ts';
import { loadArticle } from '../core/article.ts';
import { leadingCut } from '../core/leadingSlice.ts';
import { langOf, looksTraditional } from '../core/scriptLang.ts';
import type { Article, Block, CleanResult, Range, Script, ScriptView, ViewOptions } from '../core/types.ts';
import { articleRows, WINDOW_FROM_CHARS, type ArticleRow } from './articleRows.ts';
import { blockParts, blockText, tableParts, type BlockPart, type TablePartsRow } from './blockParts.ts';
import { ParsedArticles } from './parsedArticles.ts';
import { createViewBuilder, InlineViewBuilder, type ParsedText, type ViewBuilder } from './viewClient.ts';
import type { WorkerStarter } from './workerStarter.ts';
import { afterNextPaint, afterPaint } from './yieldToPage.ts';

export interface RenderedBlock {
  index: number;
  block: Block;
  parts: BlockPart[];
  /** A table's cells in the view. */
  rows?: TablePartsRow[];
  /** A piece of a block cut for display (ArticleRow): which one, of how many. */
  chunk?: number;
  chunks?: number;
}

/**
 * The drawn window of a long article (components/ArticleWindow.svelte), for everything that
 * must put a passage on screen before it can find it in the DOM: reading spot, find,
 * revealed passages, the outline and the annotation pane.
 */
export interface ArticleScroller {
  /**
   * Draws the rows around a block (the piece at `fraction` of it) and scrolls them to the top;
   * once `wanted` says no (the jump was superseded) it moves the view no more.
   */
  showBlock(blockIndex: number, fraction: number, wanted?: () => boolean): Promise<void>;
  /** Draws the row holding a canonical offset and scrolls it into view. */
  showOffset(offset: number): Promise<void>;
  /** The canonical range of the rows drawn now (in view and around it), or null before any is. */
  drawnRange(): Range | null;
  /** True between a scroll and the drawing of the rows it brought into view. */
  readonly stale: boolean;
}

/**
 * The body of a short article while it is being drawn (dom/bodyDrawing.ts): the first screen
 * comes at once, the rest a moment later. Whatever must find a block in the DOM asks for it first.
 */
export interface BodyDrawer {
  /** Draws every block up to `blockIndex` and a screen after it (all when omitted) now; true when it drew anything. */
  drawThrough(blockIndex?: number): boolean;
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
  private readonly listed: (key: string) => ListedFile | null;
  private readonly viewOptions: () => ViewOptions;
  /** Where long articles are parsed and converted off the page; without it, in the page. */
  private readonly workers: WorkerStarter | null;

  key = $state<string | null>(null);
  status = $state<ReaderStatus>('idle');
  error = $state.raw<ArticleError | null>(null);
  parseError = $state<string | null>(null);
  fingerprint = $state<string | null>(null);
  /** A long text's arrives from the worker without its edits (parse used them there; nothing here reads them). */
  clean = $state.raw<CleanResult | null>(null);
  /** Whether the text reads as traditional, when the worker judged it (a long text); else judged here. */
  private traditional = $state.raw<boolean | undefined>(undefined);
  article = $state.raw<Article | null>(null);
  /** Bumped whenever the text is (re)loaded or closed, so the UI knows to restore the reading spot. */
  revision = $state(0);
  /**
   * The revision whose opening spot the reader has put back (or found none to put back). Until
   * then the view is about to jump: scrolling is not the reader's, and a passage revealed now
   * would be scrolled away again.
   */
  placedRevision = $state(0);
  /** Only the opening of a long file is shown yet (core/leadingSlice.ts); the whole follows. */
  leadOnly = $state(false);
  /**
   * The article was shown by its opening first, drawn as a window of rows: it stays a window
   * (through the whole's arrival and reopens of the same file) even when its cleaned text is
   * short enough to draw at once, as a switch to every block would lose the reader's spot.
   */
  private windowedOpen = $state(false);
  /** The text shown now extends the opening shown before it: the reader stays where they are. */
  extendedLead = false;
  /** Said once above the text after the open file changed on disk and was read again, or came back. */
  diskNotice = $state<'changed' | 'restored' | null>(null);

  /** What find reads: the canonical text with what is not shown blanked (same length, same offsets). */
  readonly searchText = $derived.by(() => (this.clean ? maskHidden(this.clean.text, this.article?.hidden) : null));

  readonly hasRuby = $derived((this.clean?.ruby.length ?? 0) > 0);

  /** Bumped when a long article's view arrives from the worker. */
  private viewsArrived = $state(0);
  /** The view being built with only the part in view converted yet (ViewBuilder.build's piece). */
  private piece = $state.raw<{ canonical: string; key: string; view: MappedScriptView } | null>(null);
  /** The view last shown and its canonical text: a long article keeps it while the next is built. */
  private shown: { canonical: string; view: MappedScriptView } | null = null;
  private viewBuilder: ViewBuilder | null = null;
  /** Views being built: bookkeeping, deliberately not reactive. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly building = new Set<string>();
  /** The last articles read, parsed, for going back to one. */
  private readonly parsed = new ParsedArticles();

  /**
   * The text in the chosen script. A long article's view is built off the UI thread: until
   * it arrives the reader goes on showing the view it had (原文 on first opening), so the
   * page never freezes for the seconds a 10 MB conversion takes.
   */
  readonly view: ScriptView | null = $derived.by(() => {
    const clean = this.clean;
    if (!clean) return null;
    const canonical = clean.text;
    const script = this.script();
    const options = this.viewOptions();
    // A long file's opening is converted where the whole will be: a first conversion here would load the dictionaries on the page.
    if (canonical.length <= WINDOW_FROM_CHARS && !this.leadOnly) return view(canonical, script, options);
    void this.viewsArrived;
    let next = cachedView(canonical, script, options);
    if (!next) {
      const key = this.buildView(canonical, script, options);
      const piece = this.piece;
      if (piece?.canonical === canonical && piece.key === key) next = piece.view;
      else next = this.shown?.canonical === canonical ? this.shown.view : cachedView(canonical, 'original')!;
    }
    this.shown = { canonical, view: next };
    return next;
  });

  /** True while the chosen script's view of a long article is still being built (its visible part may be shown already). */
  readonly converting = $derived.by(() => this.view !== null && (this.view.script !== this.script() || (this.view as MappedScriptView).only !== undefined));

  /** The lang attribute that lets fonts pick the right glyphs for the view. */
  readonly lang = $derived.by(() => langOf(this.script(), this.clean?.text ?? '', this.traditional));

  /** Pinyin to draw as ruby, when the switch is on. */
  readonly ruby = $derived.by(() => (this.rubyOn() && this.clean ? this.clean.ruby : null));

  /** A long article is drawn as a window of `rows`, not as every block at once. */
  readonly windowed = $derived(this.windowedOpen || (this.clean?.text.length ?? 0) > WINDOW_FROM_CHARS);

  readonly rows: ArticleRow[] = $derived.by(() => (this.windowed && this.article && this.clean ? articleRows(this.article, this.clean.text) : []));

  /** Every block with its parts in the view; empty for a windowed article (its window draws its rows). */
  readonly blocks: RenderedBlock[] = $derived.by(() => {
    const v = this.view;
    const article = this.article;
    if (!v || !article || this.windowed) return [];
    const ruby = this.ruby;
    return article.blocks.map((block, index) => renderBlock(v, ruby, block, index));
  });

  /** Bumped by the window each time it has drawn other rows: highlights and find marks follow. */
  drawn = $state(0);
  /** Set by the window while a windowed article is shown. */
  window: ArticleScroller | null = null;
  /** Set by the body of a short article while it is shown. */
  body: BodyDrawer | null = null;

  /** Puts the blocks up to `blockIndex` (all when omitted) in the DOM now; true when any was missing. */
  drawThrough(blockIndex?: number): boolean {
    return this.body?.drawThrough(blockIndex) ?? false;
  }

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
    const options = this.viewOptions();
    const convert = (s: string | null) => (s ? convertShort(s, script, options) : null);
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
  /** Ends the whole parse of the open under way, if any: once another open supersedes it, its worker only burns a core. */
  private endWholeParse: (() => void) | null = null;

  /** A new open (or close) takes over: the last one's parse is ended and its answers dropped. */
  private nextRequest(): number {
    this.endWholeParse?.();
    return ++this.request;
  }

  /**
   * A long text's opening cleaned and parsed here and handed to `onLead` (when given and a safe
   * cut is found), then the whole parsed in a worker of its own. Rejects once `request` is
   * superseded, and ends the worker then.
   */
  private async parseLeadThenWhole(raw: string, fileName: string, request: number, onLead?: (lead: ParsedText) => void): Promise<ParsedText> {
    const lead = onLead && parseLead(raw, fileName);
    if (lead) {
      // Shown before the whole text goes to the worker: the opening is small, while copying
      // megabytes into a message holds the page longer than that, and a worker's answer would
      // wait behind the copy.
      onLead(lead);
      await afterNextPaint();
    }
    if (request !== this.request) throw new Error('superseded by another open');
    // The whole is parsed in a worker of its own: the view worker stays free to convert the
    // opening at once if the reader switches script meanwhile, and loads its dictionaries now.
    const views = this.builder();
    const parser = this.workers ? createViewBuilder(this.workers) : views;
    if (parser !== views) views.warm();
    let ended = false;
    let superseded!: (error: Error) => void;
    const whenSuperseded = new Promise<never>((_, reject) => (superseded = reject));
    const end = () => {
      if (ended) return;
      ended = true;
      if (this.endWholeParse === end) this.endWholeParse = null;
      if (parser !== views) parser.dispose();
      // A terminated worker never answers: the open waiting for it returns instead.
      superseded(new Error('superseded by another open'));
    };
    this.endWholeParse = end;
    try {
      return await Promise.race([parser.parse(raw, fileName), whenSuperseded]);
    } catch (error) {
      if (request !== this.request) throw error;
      // The worker failed: parse here after all, a pause rather than no article (a bad text fails here too, and says why).
      console.error('pizhu: long-article worker failed, parsing in the page', error);
      return new InlineViewBuilder().parse(raw, fileName);
    } finally {
      end();
    }
  }

  private builder(): ViewBuilder {
    return (this.viewBuilder ??= createViewBuilder(this.workers));
  }

  /** Asks the worker for a view (the part in view first, when the window has drawn rows); its key. */
  private buildView(canonical: string, script: Script, options: ViewOptions): string {
    const key = `${script}:${canonical.length}:${JSON.stringify(options)}`;
    if (this.building.has(key)) return key;
    this.building.add(key);
    // Untracked: the view follows the script and the text, not the window's scrolling.
    const first = untrack(() => this.window?.drawnRange()) ?? undefined;
    const onPiece = (view: MappedScriptView) => {
      if (this.clean?.text === canonical && this.building.has(key)) this.piece = { canonical, key, view };
    };
    this.builder()
      .build(canonical, script, options, first, onPiece)
      .then((built) => {
        adoptView(canonical, built, options);
        if (this.clean?.text === canonical) this.viewsArrived++;
      })
      .catch((error: unknown) => {
        // The worker failed: convert here after all, a pause rather than no view.
        console.error('pizhu: script view worker failed, converting in the page', error);
        adoptView(canonical, view(canonical, script, options), options);
        if (this.clean?.text === canonical) this.viewsArrived++;
      })
      .finally(() => {
        this.building.delete(key);
        if (this.piece?.key === key) this.piece = null;
      });
    return key;
  }

  /** `listed`: what the library listing says of a key: its size, and the errors no read can reach past (a bad name). */
  constructor(
    api: PizhuApi,
    script: () => Script,
    rubyOn: () => boolean,
    userTitle: (key: string) => string | null = () => null,
    listed: (key: string) => ListedFile | null = () => null,
    viewOptions: () => ViewOptions = () => ({}),
    workers: WorkerStarter | null = null,
  ) {
    this.workers = workers;
    this.viewOptions = viewOptions;
    this.listed = listed;
    this.api = api;
    this.script = script;
    this.rubyOn = rubyOn;
    this.userTitle = userTitle;
  }

  async open(key: string): Promise<void> {
    const request = this.nextRequest();
    this.leadOnly = false;
    this.extendedLead = false;
    // The same file read again (changed on disk, gone, back): its last good text stays on screen.
    const reopening = key === this.key && this.article !== null;
    const wasBroken = this.status === 'vanished' || this.status === 'failed';
    const previousFingerprint = this.fingerprint;
    if (key !== this.key) {
      this.key = key;
      this.clean = null;
      this.article = null;
      this.windowedOpen = false;
      this.fingerprint = null;
      this.traditional = undefined;
      this.diskNotice = null;
    }
    this.status = 'loading';
    this.error = null;
    this.parseError = null;
    const listed = this.listed(key);
    if (listed?.error?.code === 'bad-name') {
      // The host refuses such a key outright; asking would only turn the clear reason into an HTTP error.
      this.status = 'failed';
      this.error = listed.error;
      return;
    }
    // A long file's opening is shown as soon as it is parsed, unless a last good text is on screen
    // (a reopen keeps it until the whole is in).
    let lead: ParsedText | null = null;
    let leadFingerprint: string | null = null;
    const showLead = (opening: ParsedText, fingerprint: string) => {
      if (request !== this.request) return;
      lead = opening;
      leadFingerprint = fingerprint;
      this.traditional = opening.traditional;
      this.clean = opening.clean;
      this.article = opening.article;
      this.fingerprint = fingerprint;
      this.leadOnly = true;
      this.windowedOpen = true;
      this.status = 'ready';
      this.revision++;
    };
    // The whole could not be had: an opening alone is not the article, nor its last good text.
    const dropOpening = () => {
      if (lead === null) return;
      lead = null;
      this.leadOnly = false;
      this.clean = null;
      this.article = null;
      this.windowedOpen = false;
    };
    // A big file's opening is asked for first, and shown before the whole is asked for: megabytes
    // arriving meanwhile would hold the page (and the host) that the opening waits on.
    if (!reopening && (listed?.size ?? 0) >= OPENING_FIRST_FROM_BYTES) {
      const opening = await this.api.readArticleOpening(key).catch((error: unknown) => {
        console.error('pizhu: the opening of a long file could not be read, waiting for the whole', error);
        return null;
      });
      if (request !== this.request) return;
      const parsedOpening = opening?.ok && opening.opening !== null ? parseOpening(opening.opening, key) : null;
      if (opening?.ok && parsedOpening) {
        showLead(parsedOpening, opening.fingerprint);
        await afterNextPaint();
        if (request !== this.request) return;
      }
    }
    let result;
    try {
      result = await this.api.readArticle(key);
    } catch (error) {
      if (request !== this.request) return;
      dropOpening();
      this.status = 'failed';
      this.parseError = error instanceof Error ? error.message : String(error);
      return;
    }
    if (request !== this.request) return;
    if (!result.ok) {
      dropOpening();
      this.status = result.error.code === 'vanished' ? 'vanished' : 'failed';
      this.error = result.error;
      this.diskNotice = null;
      // Kept when reopening: the text (and with it every highlight) of a file that broke stays readable.
      if (!reopening) {
        this.clean = null;
        this.article = null;
        this.windowedOpen = false;
      }
      return;
    }
    try {
      const raw = result.file.text;
      const fingerprint = result.file.fingerprint;
      // A long file is cleaned and parsed in the worker: the page stays responsive meanwhile (the loading notice shows).
      // Its opening is cut from the whole and shown first where none is on screen yet: not when the
      // host's opening was, nor on a reopen, nor when the whole is kept parsed (ParsedArticles answers before asking for a parse).
      const onLead = this.article === null ? (opening: ParsedText) => showLead(opening, fingerprint) : undefined;
      const parsed =
        raw.length > PARSE_OFF_THREAD_FROM
          ? await this.parsed.loadWith(raw, result.file.key, (r, name) => this.parseLeadThenWhole(r, name, request, onLead))
          : this.parsed.load(raw, result.file.key);
      if (request !== this.request) return;
      const { clean, article } = parsed;
      // An opening of another version of the file (changed between the two reads) is not extended, but replaced.
      const shownLead = leadFingerprint === fingerprint ? (lead as ParsedText | null) : null;
      this.leadOnly = false;
      this.extendedLead = shownLead !== null;
      this.windowedOpen = shownLead !== null || (reopening && this.windowedOpen);
      // core/leadingSlice.ts cuts where this holds; were it ever not so, offsets taken on the opening would point elsewhere.
      if (shownLead && !clean.text.startsWith(shownLead.clean.text)) console.error('pizhu: the opening shown first is not the beginning of the whole text', result.file.key);
      this.traditional = parsed.traditional;
      this.clean = clean;
      this.article = article;
      this.fingerprint = result.file.fingerprint;
      this.status = 'ready';
      if (reopening && wasBroken) this.diskNotice = 'restored';
      else if (reopening && result.file.fingerprint !== previousFingerprint) this.diskNotice = 'changed';
      this.revision++;
      // For the bench: the task after the first frame that shows this text (its first paint).
      afterPaint(() => performance.mark('pizhu:article-painted', { detail: key }));
    } catch (error) {
      if (request !== this.request) return;
      dropOpening();
      this.status = 'failed';
      this.parseError = error instanceof Error ? error.message : String(error);
    }
  }

  close(): void {
    this.nextRequest();
    this.leadOnly = false;
    this.windowedOpen = false;
    this.key = null;
    this.status = 'idle';
    this.clean = null;
    this.article = null;
    this.traditional = undefined;
    this.error = null;
    this.parseError = null;
    this.fingerprint = null;
    this.diskNotice = null;
    this.revision++;
  }

  onLibraryEvent(event: LibraryEvent): void {
    const key = this.key;
    if (key === null) return;
    if (event.type === 'remove' && event.key === key) {
      this.nextRequest();
      // The rest of a file shown by its opening will not come.
      this.leadOnly = false;
      this.status = 'vanished';
      this.error = null;
      this.diskNotice = null;
    } else if (event.type === 'change' || event.type === 'add') {
      // A file that comes back unchanged (restored from a backup) has the same fingerprint but must leave 'vanished'.
      const broken = this.status === 'vanished' || this.status === 'failed';
      if (event.entry.key === key && (event.entry.fingerprint !== this.fingerprint || broken)) void this.open(key);
    }
  }
}

/** A block with its parts (a table with its cells) in the view. */
export function renderBlock(view: ScriptView, ruby: Parameters<typeof blockParts>[1], block: Block, index: number, from = 0): RenderedBlock {
  const rendered: RenderedBlock = { index, block, parts: blockParts(view, ruby, block, from) };
  if (block.kind === 'table') rendered.rows = tableParts(view, ruby, block);
  return rendered;
}


/**
 * From this many bytes on disk a file's opening is read on its own before the whole: megabytes
 * take the page far longer to receive than the host to read, while below a megabyte the second
 * request would cost about what it saves.
 */
export const OPENING_FIRST_FROM_BYTES = 1024 * 1024;

/** What the library listing says of a file that the reader uses. */
export interface ListedFile {
  size: number;
  error: ArticleError | null;
}

/** Above this many characters a file is cleaned and parsed in the worker, not on the page. */
export const PARSE_OFF_THREAD_FROM = WINDOW_FROM_CHARS;

/**
 * A short string (title, author) in a script, the same way the article's views are built
 * (by source script) but without going through view()'s cache, which holds whole articles.
 */
export function convertShort(text: string, script: Script, options?: ViewOptions): string {
  return convertText(text, script, options);
}

/**
 * The opening of a long text (core/leadingSlice.ts) cleaned and parsed, or null where it has no
 * safe cut, or its parse fails: it is only a preview, the whole is parsed all the same (and says
 * why if it fails too).
 */
function parseLead(raw: string, fileName: string): ParsedText | null {
  const cut = leadingCut(raw, fileName);
  return cut > 0 ? parseOpening(raw.slice(0, cut), fileName) : null;
}

/** `opening`, the text up to a long file's leading cut, cleaned and parsed; null where its parse fails. */
function parseOpening(opening: string, fileName: string): ParsedText | null {
  try {
    const { clean, article } = loadArticle(opening, { fileName });
    return { clean, article, traditional: looksTraditional(clean.text) };
  } catch (error) {
    console.error('pizhu: the opening of a long file could not be parsed, waiting for the whole', error);
    return null;
  }
}

