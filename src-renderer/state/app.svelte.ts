// Wires the states to the host: first start, article selection, library events, the
// native menu, folder switching. Components talk to this, never to the host or Dexie.
import { COMMAND_IDS, type CommandId } from '../core/commandTable.ts';
import type { AppInfo, LibrarySnapshot, MenuCommand, OpenFolderResult, PizhuApi } from '../../src-main/api.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { EarlyStart } from '../earlyStart.ts';
import { askListedDatabases, type ListedDatabases } from '../db/listedDatabases.ts';
import { createGuardedDatabase, noDatabaseYet } from '../db/openDatabase.ts';
import { SnapshotsState } from './snapshots.svelte.ts';
import { AnnotationsState } from './annotations.svelte.ts';
import { AnnotationChanges } from './annotationChanges.ts';
import { I18n } from '../i18n/i18n.svelte.ts';
import type { UiLanguage } from '../i18n/messages.ts';
import { LayoutState } from './layout.svelte.ts';
import { LibraryState } from './library.svelte.ts';
import { firstInKeyOrder } from './libraryItems.ts';
import { ReaderState } from './reader.svelte.ts';
import { ReadingPositions } from './readingPositions.ts';
import { ReadingLog } from './readingLog.svelte.ts';
import { SettingsState, type ScriptChoice } from './settings.svelte.ts';
import { libraryIdOf } from './conversionOverrides.ts';
import { UserTitles } from './userTitles.svelte.ts';
import { ExportState } from './export.svelte.ts';
import { FindState } from './find.svelte.ts';
import { SearchState } from './search.svelte.ts';
import { ThemesState } from './themes.svelte.ts';
import { AnalysisState } from './analysis.svelte.ts';
import { NotebookState } from './notebook.svelte.ts';
import { StorageStatus } from './storageStatus.svelte.ts';
import { History } from './history.svelte.ts';
import { ToastState } from './toast.svelte.ts';
import { AnnotationSync } from './annotationSync.svelte.ts';
import { adoptUnplacedRows } from '../db/libraryRows.ts';
import { onTablesChanged, reopenDatabase, watchConnection, type ChangedTable, type TableChanges } from '../db/connection.ts';
import type { Range } from '../core/types.ts';
import { createScanPool, handEntriesToIndex, type ScanPool } from './scanPool.ts';
import { createIndexClient } from './indexClient.ts';
import type { WorkerStarter } from './workerStarter.ts';
import type { RevealRequest } from './reveal.ts';
import { afterNextPaint } from './yieldToPage.ts';

export class AppState {
  readonly i18n = new I18n();
  readonly settings: SettingsState;
  readonly library: LibraryState;
  /** The scan workers the library list and the search index share. */
  readonly scanPool: ScanPool;
  readonly reader: ReaderState;
  readonly positions: ReadingPositions;
  /** Progress, read state and last-read time per article; the open article's spot. */
  readonly readingLog: ReadingLog;
  readonly titles: UserTitles;
  readonly annotations: AnnotationsState;
  /**
   * The window's one undo history: highlights, notes and theme actions alike, so Ctrl+Z in the
   * reader takes back a tag-all made in the themes dialog and the other way round.
   */
  readonly history = new History();
  /** Theme and notebook steps, published once stored: the annotations model and the counts follow them. */
  readonly annotationChanges = new AnnotationChanges();
  /** "已删除 · 撤销" after a step that took something away. */
  readonly toast = new ToastState(this.history);
  /** Caret browsing in the reader: the arrow keys move a caret drawn in the text, Shift+arrows select. */
  caretMode = $state(false);
  readonly exporter: ExportState;
  exportOpen = $state(false);
  readonly search: SearchState;
  readonly themes: ThemesState;
  readonly analysis: AnalysisState;
  readonly find: FindState;
  themesOpen = $state(false);
  /** Every annotation of the library in one list. */
  readonly notebook: NotebookState;
  notebookOpen = $state(false);
  reveal = $state.raw<RevealRequest | null>(null);
  /** The `n` of the last reveal request carried out (PassageReveal). */
  revealedN = 0;

  appInfo = $state.raw<AppInfo | null>(null);
  folderDialogOpen = $state(false);
  aboutOpen = $state(false);
  /** Runs a command of the table by id (the window binds it; the Electron menu sends ids). */
  runCommandById: ((id: CommandId) => boolean) | null = null;
  started = $state(false);
  /** Panes, drawers and focus mode. */
  readonly layout: LayoutState;
  /** The annotation pane is on screen; opening it docks it, or shows it as a drawer when there is no room. */
  get annotationsOpen(): boolean {
    return this.layout.isShown('annotations');
  }
  set annotationsOpen(open: boolean) {
    if (open) this.layout.show('annotations');
    else if (this.layout.isShown('annotations')) this.layout.hide('annotations');
  }

  private unsubscribers: (() => void)[] = [];
  /** Failed writes and connection problems, shown in the storage banner. */
  readonly storage = new StorageStatus();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly changedTables = new Set<ChangedTable>();
  private syncing: Promise<void> | null = null;
  /** Annotation rows changed since the last sync; null: some change did not name its rows. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private changedAnnotations: Set<string> | null = new Set();

  private readonly db: PizhuDatabase | null;
  /** Backup snapshots: before an upgrade, daily, on request, and restoring one. */
  readonly snapshots: SnapshotsState;
  /** The annotation files beside the library: read and merged, written after changes. */
  readonly annotationFiles: AnnotationSync;

  constructor(
    private readonly api: PizhuApi,
    givenDb?: PizhuDatabase | null,
    /** Which host we run in, known before appInfo() answers (the open-folder UI differs). */
    readonly hostKind: 'electron' | 'web' = 'web',
    /** Starts the workers that scan, index, convert and export off the page; without it (Node tests) that work runs in the page. */
    workers: WorkerStarter | null = null,
  ) {
    // The app's own database opens only after the pre-upgrade snapshot (this.snapshots exists by the first query).
    const db = givenDb === undefined ? openDatabaseOrNull(() => this.snapshots.beforeUpgrade(undefined, this.listedAtStart)) : givenDb;
    this.db = db;
    // Before any query opens the database: a blocked upgrade is reported from the first one.
    // Retry opens again a database the browser closed (a full disk); a versionchange close stays closed.
    if (db) this.storage.reopen = () => reopenDatabase(db);
    if (db) this.unsubscribers.push(watchConnection(db, this.storage), onTablesChanged(db, (changes) => this.changedElsewhere(changes)));
    this.settings = new SettingsState(db, this.storage);
    this.layout = new LayoutState(this.settings);
    this.titles = new UserTitles(db, this.storage);
    const userTitle = (key: string) => this.titles.get(key);
    const index = createIndexClient(workers);
    // The scan workers (the search worker among them) clean and parse each new file once, for its header and its index entry.
    this.scanPool = createScanPool(workers, index);
    this.library = new LibraryState(api, db, () => this.settings.librarySort, userTitle, { adopt: (entries, ticket) => this.search.adoptScanned(entries, ticket), drop: (ticket) => this.search.dropScanned(ticket) }, this.scanPool);
    this.reader = new ReaderState(
      api,
      () => this.settings.viewScript,
      () => this.settings.ruby,
      userTitle,
      (key) => this.library.entries.find((e) => e.key === key) ?? null,
      () => this.settings.viewOptions,
      workers,
    );
    this.positions = new ReadingPositions(db, undefined, this.storage);
    this.readingLog = new ReadingLog(this.positions);
    this.annotations = new AnnotationsState(
      db,
      () => ({
        key: this.reader.key,
        fingerprint: this.reader.fingerprint,
        canonical: this.reader.clean?.text ?? null,
        view: this.reader.view,
        unreadable: this.reader.status === 'failed' || this.reader.status === 'vanished',
      }),
      this.storage,
      { keep: (json) => api.keepPendingChanges(json), read: () => api.readPendingChanges() },
      this.history,
    );
    this.annotations.authorOf = () => this.settings.author;
    this.unsubscribers.push(this.annotations.listenTo(this.annotationChanges));
    this.annotations.repository.libraryOf = () => (this.library.info ? libraryIdOf(this.library.info) : null);
    this.annotations.counts.libraryOf = this.annotations.repository.libraryOf;
    this.exporter = new ExportState(api, db, {
      reader: this.reader,
      viewOptions: () => this.settings.viewOptions,
      annotations: this.annotations.model,
      userTitle: (key) => this.titles.get(key),
      reloadAfterImport: () => this.reloadAfterImport(),
      savesSideBySide: () => this.appInfo?.host === 'web',
      libraryEntries: () => this.library.entries,
      libraryId: () => (this.library.info ? libraryIdOf(this.library.info) : null),
      workers,
      writesDone: () => this.writesDone(),
    });
    this.snapshots = new SnapshotsState(api, () => db, {
      reloadAfterRestore: async () => {
        // Undoing an edit made before the restore would write it over the restored rows.
        this.history.clear();
        await this.reloadAfterImport();
      },
      flushWrites: () => this.writesDone(),
      workers,
    });
    handEntriesToIndex(this.scanPool, index, workers);
    this.search = new SearchState(api, db, () => this.annotations.model.tags, index, () => this.library.settled(), this.scanPool);
    const catalog = this.annotations.model;
    this.themes = new ThemesState(db, { catalog, storage: this.storage, lastColor: () => this.annotations.lastColor, changes: this.annotationChanges }, this.search, this.library, this.history);
    this.analysis = new AnalysisState(this.themes, this.search, this.library);
    this.notebook = new NotebookState(db, { catalog, storage: this.storage, changes: this.annotationChanges }, this.history);
    this.find = new FindState(() => this.reader.searchText);
    // Fingerprints of files the host listed unread arrive with the list's reads: a renamed file's
    // annotations follow it, and the index takes up what the list did not hand over.
    this.library.onLearned = () => {
      if (!this.started) return;
      this.followRenames();
      void this.search.sync(this.library.entries);
    };
    this.annotationFiles = new AnnotationSync(api, db, this.storage, {
      libraryId: () => (this.library.info ? libraryIdOf(this.library.info) : null),
      libraryKeys: () => this.library.entries.map((e) => e.key),
      fingerprintOf: (key) => this.fingerprints().get(key),
      notesInEditors: () => this.annotations.notesInEditors(),
    });
  }

  /** Resolves once what the window shows is stored: the undo steps queued, the reading positions and the settings. */
  private writesDone(): Promise<unknown> {
    return Promise.all([this.history.settled(), this.positions.flush(), this.settings.flush()]);
  }

  /** The library's fingerprints by key, made again only when the list changes (a write of every file asks for each). */
  private fingerprintsOf: { entries: unknown; byKey: ReadonlyMap<string, string | undefined> } | null = null;
  private fingerprints(): ReadonlyMap<string, string | undefined> {
    const entries = this.library.entries;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, never rendered
    if (this.fingerprintsOf?.entries !== entries) this.fingerprintsOf = { entries, byKey: new Map(entries.map((e) => [e.key, e.fingerprint ?? undefined])) };
    return this.fingerprintsOf.byKey;
  }

  /** The article a reveal request waits to be carried out in, if any. */
  pendingRevealKey(): string | null {
    return this.reveal && this.reveal.n !== this.revealedN ? this.reveal.key : null;
  }

  /** Opens `key` and brings `range` (canonical) into view, flashed; an annotation's own place wins once anchored. */
  openAt(key: string, range: Range, annotationId: string | null = null): void {
    this.select(key);
    this.reveal = { key, range, annotationId, n: (this.reveal?.n ?? 0) + 1 };
  }

  /**
   * First start: settings, the library (the bundled seeds unless a folder was chosen), then
   * `requestedKey` (the page's ?article=) or the last article read.
   */
  /**
   * Asks the host for the folder's listing and reads the header cache, before the first
   * render: on a big folder both take a while, and they overlap with mounting the UI.
   * start() takes them over; without this call it asks itself. `early`: the listing (and a
   * new folder's first screen) the page's entry asked for already.
   */
  prefetch(early?: EarlyStart): void {
    if (this.prefetchedLibrary) return;
    this.prefetchedLibrary = early?.listing ?? this.api.getLibrary();
    this.prefetchedLibrary.catch(() => {});
    // Asked before anything opens the database, which would create it; the upgrade's snapshot
    // reads the database's version from the same answer.
    this.listedAtStart = early?.databases ?? askListedDatabases();
    this.firstStart = this.db ? noDatabaseYet(this.db.name, this.listedAtStart) : Promise.resolve(false);
    this.library.readAhead(this.prefetchedLibrary, early?.firstScreen);
    this.library.prefetchCache(early?.digest ?? null);
  }

  private prefetchedLibrary: Promise<LibrarySnapshot> | null = null;
  /** The browser's list of databases as the start found it; until then the upgrade's snapshot asks for it. */
  private listedAtStart: ListedDatabases | undefined = undefined;
  /** stop() was called: the window is closing. */
  private stopped = false;
  /** No database in this profile yet: nothing stored can change how the list looks. */
  private firstStart: Promise<boolean> = Promise.resolve(false);

  async start(requestedKey: string | null = null): Promise<void> {
    this.prefetch();
    const snapshot = this.prefetchedLibrary!;
    // A first start has no settings, titles or cached headers, so the list need not wait for
    // the database to be made: it shows the listing as soon as it arrives.
    let listed: Promise<void> | null = null;
    void this.firstStart.then((first) => {
      if (first) listed ??= this.library.load(snapshot);
    });
    await Promise.all([
      // A database that cannot be opened (newer, broken, blocked) is shown; the library still reads.
      this.settings.load().catch((error: unknown) => this.storage.report(error)),
      // Before the library loads, so the list never shows a replaced title for a moment.
      snapshot.then((s) => this.openLibraryRows(libraryIdOf(s.library))).catch((error: unknown) => this.storage.report(error)),
      this.annotations.start().catch((error: unknown) => this.storage.report(error)),
    ]);
    this.i18n.lang = this.settings.uiLanguage;
    this.unsubscribers.push(
      this.api.onLibraryEvent((event) => {
        const openKey = this.reader.key;
        this.library.applyEvent(event);
        if (event.type === 'reset') {
          // Another library: its articles' keys are not the ones the steps were made on.
          this.history.clear();
          this.followLibrary();
          this.openPreferred();
          // The list's counts are of the library open: another library's rows are other articles.
          this.annotations.counts.countAll().catch((error: unknown) => this.storage.report(error));
          void this.annotationFiles.rereadAll();
        }
        else this.reader.onLibraryEvent(event);
        if (event.type === 'remove' && event.key === openKey) this.positions.flush();
        this.followRenames();
        void this.search.sync(this.library.entries);
      }),
      this.api.onMenuCommand((command) => this.runMenuCommand(command)),
    );
    this.api.appInfo().then(
      (info) => (this.appInfo = info),
      () => {},
    );
    await (listed ??= this.library.load(snapshot));
    this.followLibrary();
    const filesPassed = this.annotationFiles.start();
    if (requestedKey && this.library.entries.some((e) => e.key === requestedKey)) this.select(requestedKey);
    else this.openPreferred();
    // Passes over the whole database and the search index's restore wait for the cached
    // titles: IndexedDB serves one request after another, and the list comes first.
    await this.library.cacheRead();
    // And after the next frame, where the page draws any: the index's restore asks the search
    // worker about hundreds of files a message, whose copies held a large library's list back.
    if (typeof globalThis.requestAnimationFrame === 'function') await afterNextPaint();
    // A window closed while it started syncs nothing (its search worker is gone) and starts no
    // checks (nothing would stop them).
    if (this.stopped) return;
    this.annotations.counts.countAll().catch((error: unknown) => this.storage.report(error));
    this.followRenames();
    void this.search.sync(this.library.entries);
    this.started = true;
    // Each reads and encodes every row: on a large library's first start (every annotation file
    // written) the two at once made the files, which the other machines wait for, come last.
    this.snapshots.startDaily(filesPassed);
  }

  /** An imported backup may bring annotations, themes, titles and settings: show them. */
  private async reloadAfterImport(): Promise<void> {
    // An older backup's titles and positions name no library: the open one takes them.
    const info = this.library.info;
    if (info && this.db) await adoptUnplacedRows(this.db, libraryIdOf(info));
    await Promise.all([this.settings.load(), this.titles.load(), this.annotations.start(), this.readingLog.load()]);
    await this.annotations.counts.countAll();
    this.i18n.lang = this.settings.uiLanguage;
    await this.annotations.load(this.reader.key);
  }

  /**
   * Rows changed in the database, by this window or another of the same origin (Dexie
   * broadcasts commits): each state takes what is newer than what it shows. Changes that
   * arrive while a sync runs are gathered into one more. What the annotation files' own merge
   * wrote is not written back to them from here: the merge says itself which files differ.
   */
  private changedElsewhere({ tables, annotationIds, origin }: TableChanges): void {
    // Which libraries hold a row changes nothing shown in this window (its library's rows are
    // counted either way) and nothing the files hold; a later edit keeps it (writeAnnotations).
    if (origin === 'local-field') return;
    if (origin !== 'files' && (tables.has('annotations') || tables.has('tags') || tables.has('libraryTitles'))) this.annotationFiles.schedule({ tables, annotationIds });
    for (const t of tables) this.changedTables.add(t);
    if (tables.has('annotations')) {
      this.search.notesChanged();
      if (annotationIds === null) this.changedAnnotations = null;
      else if (this.changedAnnotations !== null) for (const id of annotationIds) this.changedAnnotations.add(id);
    }
    if (this.syncing) return;
    this.syncing = (async () => {
      while (this.changedTables.size > 0) {
        const changed = [...this.changedTables];
        this.changedTables.clear();
        const ids = this.changedAnnotations;
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
        this.changedAnnotations = new Set();
        try {
          await this.annotations.syncFromStore({ annotations: changed.includes('annotations'), tags: changed.includes('tags'), annotationIds: ids });
          if (changed.includes('libraryTitles')) await this.titles.syncFromStore();
          if (changed.includes('settings')) {
            await this.settings.syncFromStore();
            this.i18n.lang = this.settings.uiLanguage;
          }
          if (this.themesOpen && (changed.includes('annotations') || changed.includes('tags'))) await this.themes.refresh();
          if (this.notebookOpen && changed.includes('annotations')) await this.notebook.refresh();
        } catch (error) {
          this.storage.report(error);
        }
      }
      this.syncing = null;
    })();
  }

  stop(): void {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.annotationFiles.stop();
    this.search.dispose();
    this.scanPool.dispose();
    void this.library.close();
    this.snapshots.stop();
    void this.positions.flush();
  }

  /**
   * The remembered article if it is still in the library, else the library's first file by
   * name (000… for the seeds). Not the first of the sorted list: that order settles only as
   * headers are parsed in the background, and first start must not depend on a race.
   */
  private openPreferred(): void {
    const entries = this.library.entries;
    const last = this.settings.lastArticleKey;
    if (this.reader.key && entries.some((e) => e.key === this.reader.key)) return;
    const key = last && entries.some((e) => e.key === last) ? last : firstInKeyOrder(entries.map((e) => e.key));
    if (key) this.select(key);
    else this.closeArticle();
  }

  /** The library shown changed (or may have): settings that belong to a library follow it. */
  private followLibrary(): void {
    const info = this.library.info;
    if (!info) return;
    this.settings.openLibrary(libraryIdOf(info));
    this.openLibraryRows(libraryIdOf(info)).catch((error: unknown) => this.storage.report(error));
  }

  /**
   * Titles and reading positions of library `libraryId` are the ones shown. Rows of no
   * library yet (from before they were kept per library) become its own first.
   */
  private async openLibraryRows(libraryId: string): Promise<void> {
    if (this.db) await adoptUnplacedRows(this.db, libraryId);
    await Promise.all([this.titles.openLibrary(libraryId), this.readingLog.openLibrary(libraryId)]);
  }

  private closeArticle(): void {
    this.reader.close();
    void this.annotations.load(null);
  }

  /** Renamed or moved files keep their annotations (matched by fingerprint). */
  private followRenames(): void {
    this.annotations.followRenames(this.library.entries).catch((error: unknown) => this.storage.report(error));
  }

  select(key: string): void {
    if (key === this.reader.key && this.reader.status === 'ready') return;
    void this.positions.flush();
    void this.reader.open(key);
    void this.annotations.load(key).catch((error: unknown) => this.storage.report(error));
    this.settings.set('lastArticleKey', key);
  }

  /** Previous/next article in the list as shown (filtered and sorted). */
  move(delta: -1 | 1): void {
    const list = this.library.visible;
    if (list.length === 0) return;
    const at = list.findIndex((i) => i.key === this.reader.key);
    const next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    this.select(list[next].key);
  }

  setScript(choice: ScriptChoice): void {
    this.settings.set('script', choice);
  }

  setLanguage(lang: UiLanguage): void {
    this.settings.set('uiLanguage', lang);
    this.i18n.lang = this.settings.uiLanguage;
  }

  /** Electron: the native dialog (path omitted). Web: the path typed by the user, or null for the seeds. */
  async openFolder(path?: string | null): Promise<OpenFolderResult> {
    // Changes waiting to be written go to the files of the library they were made in.
    await this.annotationFiles.flush();
    const result = await this.api.openFolder(path);
    if (result.ok) {
      // Another library: its articles' keys are not the ones the steps were made on.
      this.history.clear();
      this.library.applySnapshot(result.snapshot);
      this.followLibrary();
      void this.search.sync(this.library.entries);
      this.closeArticle();
      this.openPreferred();
      void this.annotationFiles.rereadAll();
    }
    return result;
  }

  async reloadLibrary(): Promise<void> {
    await this.library.reload();
    this.followLibrary();
    void this.search.sync(this.library.entries);
    if (this.reader.key && !this.library.entries.some((e) => e.key === this.reader.key)) this.reader.status = 'vanished';
    else if (this.reader.key) await this.reader.open(this.reader.key);
    else this.openPreferred();
  }

  /**
   * Ctrl+Z anywhere: the window's last step, whichever part made it. The themes' replay
   * refuses a step that would bring back a theme whose name is taken; both live regions
   * (the reader's and the themes dialog's, whichever is on screen) say what happened.
   */
  async undo(): Promise<boolean> {
    const done = await this.themes.undo();
    // Refused outside the themes dialog (Ctrl+Z in the reader): the message goes where the user is.
    if (!done && this.themes.blocked && !this.themesOpen) this.toast.refused(this.themes.blocked.name);
    if (done) this.annotations.announce('annotate.undone');
    return done;
  }

  async redo(): Promise<boolean> {
    const done = await this.themes.redo();
    if (!done && this.themes.blocked && !this.themesOpen) this.toast.refused(this.themes.blocked.name);
    if (done) this.annotations.announce('annotate.redone');
    return done;
  }

  runMenuCommand(command: MenuCommand): void {
    if (command.type === 'open-article') this.openArticle(command.key);
    else if ((COMMAND_IDS as readonly string[]).includes(command.id)) this.runCommandById?.(command.id as CommandId);
  }

  /** A file opened from the OS (main has already opened its library): shown even if the list's filter hides it. */
  openArticle(key: string): void {
    if (this.library.filter && !this.library.visible.some((item) => item.key === key)) this.library.filter = '';
    this.select(key);
  }
}

function openDatabaseOrNull(beforeUpgrade: () => Promise<void>): PizhuDatabase | null {
  // Private windows and some embedded browsers have no IndexedDB: read anyway, remember nothing.
  if (typeof indexedDB === 'undefined') return null;
  return createGuardedDatabase(beforeUpgrade);
}
