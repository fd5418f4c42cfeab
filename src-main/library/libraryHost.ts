// The library as both hosts (Electron main, web host) serve it: which folder is open,
// switching folders, remembering the choice, and one stream of events that survives a
// switch (listeners subscribe once; a switch reaches them as a `reset`).
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { AnnotationFilesEvent, LibraryEvent, LibrarySnapshot, OpenFolderResult, ReadResult } from '../api.ts';
import { AnnotationFolder } from '../annotationFiles.ts';
import { LibraryService } from './libraryService.ts';
import { ScanCacheFile } from './scanCache.ts';
import type { SettingsFile } from '../settingsFile.ts';

export interface LibraryHostOptions {
  seedsDir: string;
  settings: SettingsFile;
  /** Open this folder instead of the remembered one, without remembering it (web host `--library`). */
  overrideRoot?: string | null;
  debounceMs?: number;
  warn?: (message: string) => void;
}

/** `~/x` and relative paths typed into the web UI; Electron's dialog always gives absolute ones. */
export function expandFolderPath(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(homedir(), path);
}

type FolderCheck = { ok: true } | { ok: false; reason: 'not-a-folder' | 'unreadable'; detail: string };

async function checkFolder(path: string): Promise<FolderCheck> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return { ok: false, reason: 'not-a-folder', detail: `${path} is not a folder` };
    await readdir(path);
    return { ok: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-a-folder', detail: `${path} does not exist` };
    return { ok: false, reason: 'unreadable', detail: `${code ?? 'error'}: ${(error as Error).message}` };
  }
}

export class LibraryHost {
  private service: LibraryService | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<(event: LibraryEvent) => void>();
  /** The open library's annotation files, watched from the moment it opens. */
  private annotations: AnnotationFolder | null = null;
  private unwatchAnnotations: (() => void) | null = null;
  private readonly annotationListeners = new Set<(event: AnnotationFilesEvent) => void>();
  private readonly options: LibraryHostOptions;
  private readonly warn: (message: string) => void;
  private switching: Promise<unknown> = Promise.resolve();

  constructor(options: LibraryHostOptions) {
    this.options = options;
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  /** Opens the override folder, else the remembered one, else the bundled seeds. */
  async init(): Promise<void> {
    const wanted = this.options.overrideRoot ?? (await this.options.settings.load()).libraryRoot;
    if (wanted) {
      const root = expandFolderPath(wanted);
      const check = await checkFolder(root);
      if (check.ok) {
        this.use(root);
        return;
      }
      this.warn(`Pizhu: cannot open the library folder ${root} (${check.detail}); showing the bundled articles`);
    }
    this.use(this.options.seedsDir);
  }

  get current(): LibraryService {
    if (!this.service) throw new Error('LibraryHost.init() has not run');
    return this.service;
  }

  snapshot(): Promise<LibrarySnapshot> {
    return this.current.snapshot();
  }

  reload(): Promise<LibrarySnapshot> {
    return this.current.reload();
  }

  /** Throws LibraryAccessError for keys that are malformed or escape the folder. */
  read(key: string): Promise<ReadResult> {
    return this.current.read(key);
  }

  /**
   * `null` returns to the bundled seeds. The choice is remembered only when it succeeds.
   * Switches run one at a time, so the folder remembered is always the folder open.
   */
  openFolder(path: string | null): Promise<OpenFolderResult> {
    const run = this.switching.then(() => this.switchTo(path));
    this.switching = run.catch(() => undefined);
    return run;
  }

  private async switchTo(path: string | null): Promise<OpenFolderResult> {
    const root = path === null ? this.options.seedsDir : expandFolderPath(path);
    const check = await checkFolder(root);
    if (!check.ok) return { ok: false, reason: check.reason, detail: check.detail };
    this.use(root);
    const snapshot = await this.current.snapshot();
    try {
      await this.options.settings.save({ libraryRoot: path === null ? null : root });
    } catch (error) {
      this.warn(`Pizhu: could not remember the library folder: ${(error as Error).message}`);
    }
    this.emit({ type: 'reset', snapshot });
    return { ok: true, snapshot };
  }

  /**
   * Shows one file of a folder without making the folder the library (it is too large to
   * list and watch): not remembered, so the next start opens the remembered library again.
   */
  openSingleFile(root: string, key: string): Promise<OpenFolderResult> {
    const run = this.switching.then(async (): Promise<OpenFolderResult> => {
      const check = await checkFolder(root);
      if (!check.ok) return { ok: false, reason: check.reason, detail: check.detail };
      this.use(root, key);
      const snapshot = await this.current.snapshot();
      this.emit({ type: 'reset', snapshot });
      return { ok: true, snapshot };
    });
    this.switching = run.catch(() => undefined);
    return run;
  }

  /** The open library's annotation folder (it follows a switch of library). */
  get annotationFiles(): AnnotationFolder {
    if (!this.annotations) throw new Error('LibraryHost.init() has not run');
    return this.annotations;
  }

  /** Changes to the annotation files by another hand, for whichever library is open. */
  onAnnotationFilesEvent(listener: (event: AnnotationFilesEvent) => void): () => void {
    this.annotationListeners.add(listener);
    return () => {
      this.annotationListeners.delete(listener);
    };
  }

  onEvent(listener: (event: LibraryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.annotationListeners.clear();
    this.unsubscribe?.();
    this.unwatchAnnotations?.();
    await Promise.all([this.service?.close(), this.annotations?.close()]);
    this.service = null;
    this.annotations = null;
  }

  private use(root: string, singleFile?: string): void {
    const previous = this.service;
    this.unsubscribe?.();
    void previous?.close();
    const isDefault = resolve(root) === resolve(this.options.seedsDir);
    // The scan cache sits beside the remembered-folder file: both belong to this user's data.
    const scanCache = new ScanCacheFile(dirname(this.options.settings.path), resolve(root), this.options.warn);
    this.service = new LibraryService(root, { isDefault, debounceMs: this.options.debounceMs, scanCache, warn: this.warn, singleFile });
    this.unsubscribe = this.service.subscribe((event) => this.emit(event));
    this.unwatchAnnotations?.();
    void this.annotations?.close();
    this.annotations = new AnnotationFolder({
      libraryRoot: root,
      userDataDir: dirname(this.options.settings.path),
      bundled: isDefault,
      singleFile: singleFile !== undefined,
      debounceMs: this.options.debounceMs,
      warn: this.warn,
    });
    this.unwatchAnnotations = this.annotations.watch((event) => {
      for (const listener of [...this.annotationListeners]) listener(event);
    });
  }

  private emit(event: LibraryEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
