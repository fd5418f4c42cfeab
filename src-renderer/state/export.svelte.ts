// Export and backup, as the export dialog drives them: gather the rows and article texts a
// scope needs, hand them to the pure exporter, and save the files through the host; write
// and read the W3C backup. The dialog shows `status`; nothing here touches the DOM.
import type { ArticleEntry, PizhuApi, SaveExportResult } from '../../src-main/api.ts';
import { loadArticle } from '../core/article.ts';
import { codedSegments, segmentsCsv } from '../core/codedSegments.ts';
import { safeFileName } from '../core/fileNames.ts';
import { exportMarkdown, flattenFolder, type ExportArticle, type ExportInput, type ExportResult, type ExportScope } from '../core/markdownExport.ts';
import { articleTitle } from '../core/placedPassages.ts';
import { codebookQdc } from '../core/refiExport.ts';
import { MAX_REFI_BYTES, planRefiImport, readRefiFile, type RefiErrorCode } from '../core/refiImport.ts';
import { convertText } from '../core/scriptText.ts';
import { applyRefiImport, type RefiImportSummary } from '../db/refiImport.ts';
import type { AnnotationRecord, TagRecord } from '../db/records.ts';
import { matchSources } from './sourceMatching.ts';
import { qdpxBytes } from './qdpxJob.ts';
import { segmentsXlsx } from './spreadsheet.ts';
import type { Script, ViewOptions } from '../core/types.ts';
import { backupFileName, MAX_BACKUP_BYTES, parseBackup, type BackupErrorCode } from '../core/webAnnotation.ts';
import { importBackupData, liveAnnotations, type ImportSummary } from '../db/backup.ts';
import { readAnnotationsById, readTags } from '../db/annotations.ts';
import { backupJson } from './backupJson.ts';
import type { WorkerStarter } from './workerStarter.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { ReaderState } from './reader.svelte.ts';

const READ_CONCURRENCY = 8;

export type ScopeChoice = 'article' | 'theme' | 'library-file' | 'library-folder';

/** What the scope is written as: Markdown, or its coded passages as a spreadsheet. */
export type ExportFormat = 'markdown' | 'csv' | 'xlsx';

export type ExportStatus =
  | { kind: 'working' }
  | { kind: 'saved'; location: string; count: number; /** Passages left out of a .qdpx (no longer found in their text). */ skipped?: number }
  | { kind: 'nothing'; what: 'segments' | 'codebook' }
  | { kind: 'refi-imported'; summary: RefiImportSummary }
  | { kind: 'refi-error'; code: RefiErrorCode; detail: string }
  | { kind: 'copied' }
  | { kind: 'cancelled' }
  | { kind: 'imported'; summary: ImportSummary }
  | { kind: 'import-error'; code: BackupErrorCode; detail: string }
  | { kind: 'error'; detail: string };

/** What the export needs from the rest of the app. */
export interface ExportDeps {
  reader: ReaderState;
  /** The reader's corner quotes and overrides, applied to exports as to the views. */
  viewOptions?: () => ViewOptions;
  /** The open article's rows and the live themes as the window shows them (what a window without a database exports). */
  annotations: { readonly tags: readonly TagRecord[]; readonly records: readonly AnnotationRecord[] };
  userTitle(key: string): string | null;
  /** Re-read what an import may have changed (settings, titles). */
  reloadAfterImport(): Promise<void>;
  /** The host saves files side by side, not in a folder (a browser's downloads). */
  savesSideBySide?: () => boolean;
  /** The library's files, for the whole-project export and for finding an imported project's sources. */
  libraryEntries?: () => readonly ArticleEntry[];
  /** The open library's id: a backup's titles and positions of it stay its own. */
  libraryId?: () => string | null;
  /** Where the .qdpx and backup jobs run off the page; without it they run in the page. */
  workers?: WorkerStarter | null;
  now?: () => number;
  /**
   * Resolves once the edits shown are stored: an edit is drawn at once and written when the
   * steps before it are, and an export read meanwhile would leave out what the screen shows.
   */
  writesDone?: () => Promise<unknown>;
}

export class ExportState {
  scope = $state<ScopeChoice>('article');
  format = $state<ExportFormat>('markdown');
  tagId = $state<string | null>(null);
  script = $state<Script>('cn');
  status = $state.raw<ExportStatus | null>(null);
  /** Themes to offer, by name; read when the dialog opens. */
  themes = $state.raw<{ id: string; name: string }[]>([]);

  constructor(
    private readonly api: PizhuApi,
    private readonly db: PizhuDatabase | null,
    private readonly deps: ExportDeps,
  ) {}

  /** The dialog opens: fresh themes, the reading view's script, no old message. */
  async prepare(script: Script): Promise<void> {
    this.script = script;
    this.status = null;
    await this.deps.writesDone?.();
    const tags = this.db ? await readTags(this.db) : this.deps.annotations.tags;
    this.themes = tags.map((t) => ({ id: t.id, name: t.name })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (!this.themes.some((t) => t.id === this.tagId)) this.tagId = this.themes[0]?.id ?? null;
    if (this.scope === 'article' && !this.deps.reader.key) this.scope = 'library-file';
  }

  get busy(): boolean {
    return this.status?.kind === 'working';
  }

  /** Export time in ms: the injected clock (tests), else the system's. */
  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The scope the dialog's choices describe, or null when it cannot be exported (no article open, no theme). */
  chosenScope(): ExportScope | null {
    switch (this.scope) {
      case 'article':
        return this.deps.reader.key ? { kind: 'article', key: this.deps.reader.key } : null;
      case 'theme':
        return this.tagId ? { kind: 'theme', tagId: this.tagId } : null;
      case 'library-file':
        return { kind: 'library', layout: 'file' };
      case 'library-folder':
        return { kind: 'library', layout: 'folder' };
    }
  }

  /** The Markdown of a scope in the chosen script (not saved). */
  async render(scope: ExportScope, script: Script = this.script): Promise<ExportResult> {
    const input = await this.gather(scope);
    return exportMarkdown(input, scope, { script, exportedAt: this.now(), viewOptions: this.deps.viewOptions?.() });
  }

  /** Exports the chosen scope and saves it: native dialog in Electron, downloads in a browser. */
  async exportChosen(): Promise<void> {
    const scope = this.chosenScope();
    if (!scope) return;
    if (this.format !== 'markdown') return this.exportSegments(scope, this.format);
    await this.run(async () => {
      const rendered = await this.render(scope);
      // Named here, not by the host, so the index's links name the files as they arrive.
      const result = this.deps.savesSideBySide?.() ? flattenFolder(rendered) : rendered;
      return this.saved(await this.api.saveExport({ suggestedName: result.suggestedName, files: result.files }));
    });
  }

  /** The scope's coded passages as CSV or XLSX, one row per passage, in the chosen script. */
  async exportSegments(scope: ExportScope, format: 'csv' | 'xlsx'): Promise<void> {
    await this.run(async () => {
      const input = await this.gather(scope);
      const viewOptions = this.deps.viewOptions?.();
      const rows = codedSegments({ articles: input.articles, annotations: input.annotations, themes: input.tags }, scope, this.script, viewOptions);
      if (rows.length === 0) return { kind: 'nothing', what: 'segments' };
      const name = safeFileName(this.scopeName(scope, input), format, 'export');
      const content = format === 'csv' ? segmentsCsv(rows, this.script, viewOptions) : await segmentsXlsx(rows, this.script, viewOptions);
      return this.saved(await this.api.saveExport({ suggestedName: name, files: [{ path: name, content }] }));
    });
  }

  /** The codebook (live themes, nested) as a REFI-QDA .qdc. */
  async exportCodebook(): Promise<void> {
    const db = this.db;
    if (!db) return;
    await this.run(async () => {
      const now = this.now();
      const qdc = codebookQdc(await readTags(db), { exportedAt: now, newGuid: () => crypto.randomUUID() });
      if (qdc === null) return { kind: 'nothing', what: 'codebook' };
      const name = `pizhu-codebook-${isoDay(now)}.qdc`;
      return this.saved(await this.api.saveExport({ suggestedName: name, files: [{ path: name, content: qdc }] }));
    });
  }

  /** The whole project as a REFI-QDA .qdpx: every readable library article, every live passage and theme. */
  async exportProject(): Promise<void> {
    const db = this.db;
    if (!db) return;
    await this.run(async () => {
      const now = this.now();
      await this.deps.writesDone?.();
      const [annotations, themes] = await Promise.all([liveAnnotations(db, {}), readTags(db)]);
      const libraryKeys = (this.deps.libraryEntries?.() ?? []).filter((e) => e.error === null).map((e) => e.key);
      const articles = await this.articles(distinct([...libraryKeys, ...annotations.map((a) => a.articleKey)]));
      const { bytes, skipped } = await qdpxBytes({ articles, annotations, themes }, now, this.deps.workers ?? null);
      const name = `pizhu-project-${isoDay(now)}.qdpx`;
      const status = this.saved(await this.api.saveExport({ suggestedName: name, files: [{ path: name, content: bytes }] }));
      return status.kind === 'saved' ? { ...status, skipped } : status;
    });
  }

  /**
   * Reads a REFI-QDA codebook or project and merges it: codes become themes, selections on
   * library articles become passages. A bad or foreign file changes nothing and says why.
   */
  async importRefi(file: { size: number; arrayBuffer(): Promise<ArrayBuffer> }): Promise<void> {
    const db = this.db;
    if (!db) return;
    await this.run(async () => {
      if (file.size > MAX_REFI_BYTES) return { kind: 'refi-error', code: 'too-large', detail: `${file.size} bytes` };
      const read = readRefiFile(new Uint8Array(await file.arrayBuffer()));
      if (!read.ok) return { kind: 'refi-error', code: read.error.code, detail: read.error.detail };
      const matched = await matchSources(this.api, this.deps.libraryEntries?.() ?? [], read.document.sources);
      const plan = planRefiImport(read.document, await db.tags.toArray(), matched, { now: this.now(), newId: () => crypto.randomUUID() });
      const summary = await applyRefiImport(db, plan);
      await this.deps.reloadAfterImport();
      return { kind: 'refi-imported', summary };
    });
  }

  /** A file name for a scope's export: the article's title, the theme's name, or the library's. */
  private scopeName(scope: ExportScope, input: { articles: readonly ExportArticle[]; tags: readonly TagRecord[] }): string {
    const convert = (s: string) => convertText(s, this.script, this.deps.viewOptions?.());
    if (scope.kind === 'article') {
      const article = input.articles.find((a) => a.key === scope.key);
      return convert(article ? articleTitle(article) : scope.key);
    }
    if (scope.kind === 'theme') return convert(input.tags.find((t) => t.id === scope.tagId)?.name ?? '');
    return convert('全部批注');
  }

  /**
   * The notebook's selection as one Markdown file, grouped by article as the library export
   * is, in the chosen export script. Rows deleted meanwhile are left out.
   */
  async exportAnnotations(ids: readonly string[]): Promise<void> {
    const db = this.db;
    if (!db || ids.length === 0) return;
    await this.run(async () => {
      const annotations = (await readAnnotationsById(db, distinct(ids))).filter((r): r is NonNullable<typeof r> => r !== undefined && r.deletedAt === null);
      const input = { articles: await this.articles(distinct(annotations.map((a) => a.articleKey))), annotations, tags: await readTags(db) };
      const rendered = exportMarkdown(input, { kind: 'library', layout: 'file' }, { script: this.script, exportedAt: this.now(), viewOptions: this.deps.viewOptions?.() });
      const name = `pizhu-notebook-${isoDay(this.now())}.md`;
      const files = rendered.files.map((f) => ({ path: name, content: f.content }));
      return this.saved(await this.api.saveExport({ suggestedName: name, files }));
    });
  }

  /** "Copy as Markdown" of one annotation, in the reading view's script. */
  async annotationMarkdown(id: string, script: Script): Promise<string> {
    const result = await this.render({ kind: 'annotation', id }, script);
    return result.files[0]?.content ?? '';
  }

  /** "Copy as Markdown" of the open article, in the chosen export script. */
  async articleMarkdown(): Promise<string | null> {
    const key = this.deps.reader.key;
    if (!key) return null;
    return (await this.render({ kind: 'article', key })).files[0].content;
  }

  async backup(): Promise<void> {
    const db = this.db;
    if (!db) return;
    await this.run(async () => {
      const now = this.now();
      await this.deps.writesDone?.();
      const json = await backupJson(db, now, crypto.randomUUID(), 1, this.deps.workers ?? null);
      const name = backupFileName(now);
      return this.saved(await this.api.saveExport({ suggestedName: name, files: [{ path: name, content: `${json}\n` }] }));
    });
  }

  /** Reads a backup file and merges it; a bad or foreign file changes nothing and says why. */
  async importFile(file: { size: number; text(): Promise<string> }): Promise<void> {
    const db = this.db;
    if (!db) return;
    await this.run(async () => {
      // The size first: a 50 MB file is refused without being read into memory.
      const parsed = parseBackup(file.size > MAX_BACKUP_BYTES ? '' : await file.text(), file.size);
      if (!parsed.ok) return { kind: 'import-error', code: parsed.error.code, detail: parsed.error.detail };
      const summary = await importBackupData(db, parsed.data, this.deps.libraryId?.() ?? null);
      await this.deps.reloadAfterImport();
      return { kind: 'imported', summary };
    });
  }

  private saved(result: SaveExportResult): ExportStatus {
    if (result.ok) return { kind: 'saved', location: result.location, count: result.files.length };
    return result.reason === 'cancelled' ? { kind: 'cancelled' } : { kind: 'error', detail: result.detail ?? '' };
  }

  private async run(task: () => Promise<ExportStatus>): Promise<void> {
    if (this.busy) return;
    this.status = { kind: 'working' };
    try {
      this.status = await task();
    } catch (error) {
      this.status = { kind: 'error', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Rows and article texts for a scope: the open article from the reader, others read from the library. */
  private async gather(scope: ExportScope): Promise<ExportInput & { tags: readonly TagRecord[] }> {
    const db = this.db;
    await this.deps.writesDone?.();
    const tags = db ? await readTags(db) : this.deps.annotations.tags;
    let annotations;
    if (!db) annotations = this.deps.annotations.records;
    else if (scope.kind === 'article') annotations = await liveAnnotations(db, { articleKey: scope.key });
    else if (scope.kind === 'theme') annotations = await liveAnnotations(db, { tagId: scope.tagId });
    else if (scope.kind === 'annotation') annotations = await liveAnnotations(db, { id: scope.id });
    else annotations = await liveAnnotations(db, {});
    return { articles: await this.articles(distinct(annotations.map((a) => a.articleKey))), annotations, tags };
  }

  /** The texts of `keys`, a few at a time: a whole-library export must not send the host 10,000 reads at once. */
  private async articles(keys: readonly string[]): Promise<ExportArticle[]> {
    const articles: ExportArticle[] = new Array(keys.length);
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const i = next++;
        articles[i] = await this.article(keys[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, worker));
    return articles;
  }

  private async article(key: string): Promise<ExportArticle> {
    const userTitle = this.deps.userTitle(key);
    const reader = this.deps.reader;
    if (reader.key === key && reader.status === 'ready' && reader.clean && reader.article && reader.fingerprint) {
      return { key, userTitle, text: { canonical: reader.clean.text, fingerprint: reader.fingerprint, article: reader.article } };
    }
    try {
      const result = await this.api.readArticle(key);
      if (!result.ok) return { key, userTitle, text: null };
      const { clean, article } = loadArticle(result.file.text, { fileName: key });
      return { key, userTitle, text: { canonical: clean.text, fingerprint: result.file.fingerprint, article } };
    } catch {
      // Not in this library (an imported annotation, a folder switched): exported as orphans.
      return { key, userTitle, text: null };
    }
  }
}

/** `2026-01-02`: exports of different days sit side by side. */
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function distinct(values: readonly string[]): string[] {
  const seen: Record<string, true> = Object.create(null) as Record<string, true>;
  return values.filter((v) => (seen[v] ? false : (seen[v] = true)));
}
