// Reader settings, persisted one row per setting in Dexie `settings`. Stored values are
// validated on load: a bad or stale value falls back to its default instead of breaking.
import { PASSAGE_EXTENTS, type PassageExtent } from '../core/passageExtent.ts';
import type { ConversionOverride, Script, ViewOptions } from '../core/types.ts';
import type { PizhuDatabase } from '../db/database.ts';
import type { AnnotationAuthor } from '../core/userRows.ts';
import { deleteSetting, readSettings, rewriteSettings, writeSetting } from '../db/settings.ts';
import { UI_LANGUAGES, type UiLanguage } from '../i18n/messages.ts';
import { MEASURE } from './paneLayout.ts';
import { StorageStatus } from './storageStatus.svelte.ts';
import {
  LEGACY_OVERRIDES_KEY,
  NO_LISTS,
  adoptLegacy,
  isOverride,
  isOverrideList,
  libraryOverridesFromRows,
  overridesKey,
  withLibraryList,
  withOverride,
  withoutOverride,
  type LibraryLists,
} from './conversionOverrides.ts';

/** The five script choices of the toolbar; 臺灣 + "臺灣用詞" gives the twp view. */
export const SCRIPT_CHOICES = ['original', 'cn', 't', 'tw', 'hk'] as const;
export type ScriptChoice = (typeof SCRIPT_CHOICES)[number];

export const THEMES = ['light', 'sepia', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const LIBRARY_SORTS = ['date', 'title', 'source'] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

export const FONT_SIZE = { min: 14, max: 32, default: 19 } as const;

/** Typeface families for the text, each with stacks per script (styles/app.css). */
export const READING_FONTS = ['serif', 'sans', 'kai'] as const;
export type ReadingFont = (typeof READING_FONTS)[number];

/** Line height as a multiple of the font size; CJK text reads best looser than Latin. */
export const LINE_HEIGHT = { min: 1.4, max: 2.4, step: 0.1, default: 1.9 } as const;

export interface Settings {
  uiLanguage: UiLanguage;
  script: ScriptChoice;
  twPhrases: boolean;
  ruby: boolean;
  fontSize: number;
  readingFont: ReadingFont;
  lineHeight: number;
  /** Lines end flush at both edges (CJK text set in a grid), or ragged. */
  justify: boolean;
  theme: Theme;
  lastArticleKey: string | null;
  librarySort: LibrarySort;
  /** The annotation pane as the user last left it; null until they open or close it. */
  annotationsPane: boolean | null;
  /** The outline pane and the library list, likewise. */
  outlinePane: boolean | null;
  libraryPane: boolean;
  /** Most characters a line of the reading column. */
  measure: number;
  /** 臺灣 and 香港 views (and exports) show “…” ‘…’ as 「…」『…』. */
  cornerQuotes: boolean;
  /** How much of the text tagging a theme's mention codes: the word, its sentence or its paragraph. */
  passageExtent: PassageExtent;
  /** The name stamped on this installation's annotations ('' until the user gives one). */
  authorName: string;
  /** Made once per installation, so two people with one name stay apart. */
  installationId: string | null;
}

export const DEFAULT_SETTINGS: Settings = {
  uiLanguage: 'zh-Hans',
  script: 'original',
  twPhrases: false,
  // Inline pinyin is reading help for some readers, clutter for others: off until asked for.
  ruby: false,
  fontSize: FONT_SIZE.default,
  readingFont: 'serif',
  lineHeight: LINE_HEIGHT.default,
  justify: false,
  theme: 'light',
  lastArticleKey: null,
  librarySort: 'date',
  annotationsPane: null,
  outlinePane: null,
  libraryPane: true,
  measure: MEASURE.default,
  cornerQuotes: false,
  // A coded passage is read later without its article: the sentence carries what the word alone does not.
  passageExtent: 'sentence',
  authorName: '',
  installationId: null,
};

/** Longest author name kept: a name, not a note. */
export const MAX_AUTHOR_NAME = 100;

const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (value: unknown): value is T =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value);

const VALIDATORS: { [K in keyof Settings]: (value: unknown) => value is Settings[K] } = {
  uiLanguage: oneOf(UI_LANGUAGES),
  script: oneOf(SCRIPT_CHOICES),
  twPhrases: (v): v is boolean => typeof v === 'boolean',
  ruby: (v): v is boolean => typeof v === 'boolean',
  fontSize: (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= FONT_SIZE.min && v <= FONT_SIZE.max,
  readingFont: oneOf(READING_FONTS),
  // Stored as tenths would be exact; a float from the slider is rounded to them on the way in.
  lineHeight: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= LINE_HEIGHT.min && v <= LINE_HEIGHT.max && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9,
  justify: (v): v is boolean => typeof v === 'boolean',
  theme: oneOf(THEMES),
  lastArticleKey: (v): v is string | null => v === null || (typeof v === 'string' && v.length > 0),
  librarySort: oneOf(LIBRARY_SORTS),
  annotationsPane: (v): v is boolean | null => v === null || typeof v === 'boolean',
  outlinePane: (v): v is boolean | null => v === null || typeof v === 'boolean',
  libraryPane: (v): v is boolean => typeof v === 'boolean',
  measure: (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= MEASURE.min && v <= MEASURE.max,
  cornerQuotes: (v): v is boolean => typeof v === 'boolean',
  passageExtent: oneOf(PASSAGE_EXTENTS),
  authorName: (v): v is string => typeof v === 'string' && v.length <= MAX_AUTHOR_NAME,
  installationId: (v): v is string | null => v === null || (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v)),
};

/** Turns stored rows into settings, dropping whatever does not validate. */
export function settingsFromRows(rows: Map<string, unknown>): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(VALIDATORS) as (keyof Settings)[]) {
    const value = rows.get(key);
    if (VALIDATORS[key](value)) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  return settings;
}

/** The opencc view for a toolbar choice. */
export function scriptFor(choice: ScriptChoice, twPhrases: boolean): Script {
  return choice === 'tw' && twPhrases ? 'twp' : choice;
}

export class SettingsState {
  uiLanguage = $state<UiLanguage>(DEFAULT_SETTINGS.uiLanguage);
  script = $state<ScriptChoice>(DEFAULT_SETTINGS.script);
  twPhrases = $state(DEFAULT_SETTINGS.twPhrases);
  ruby = $state(DEFAULT_SETTINGS.ruby);
  fontSize = $state(DEFAULT_SETTINGS.fontSize);
  readingFont = $state<ReadingFont>(DEFAULT_SETTINGS.readingFont);
  lineHeight = $state(DEFAULT_SETTINGS.lineHeight);
  justify = $state(DEFAULT_SETTINGS.justify);
  theme = $state<Theme>(DEFAULT_SETTINGS.theme);
  lastArticleKey = $state<string | null>(DEFAULT_SETTINGS.lastArticleKey);
  librarySort = $state<LibrarySort>(DEFAULT_SETTINGS.librarySort);
  annotationsPane = $state<boolean | null>(DEFAULT_SETTINGS.annotationsPane);
  outlinePane = $state<boolean | null>(DEFAULT_SETTINGS.outlinePane);
  libraryPane = $state(DEFAULT_SETTINGS.libraryPane);
  measure = $state(DEFAULT_SETTINGS.measure);
  cornerQuotes = $state(DEFAULT_SETTINGS.cornerQuotes);
  passageExtent = $state<PassageExtent>(DEFAULT_SETTINGS.passageExtent);
  authorName = $state(DEFAULT_SETTINGS.authorName);
  installationId = $state<string | null>(DEFAULT_SETTINGS.installationId);

  /** Who this installation's new and edited annotations are by; null before the settings are read. */
  get author(): AnnotationAuthor | null {
    return this.installationId === null ? null : { id: this.installationId, name: this.authorName };
  }

  /** The library open (libraryIdOf): its overrides are the ones that apply. Null before one is. */
  libraryId = $state<string | null>(null);
  // Raw: lists are replaced whole, and stored as they are (a proxy cannot be cloned into IndexedDB).
  private libraryOverrides = $state.raw<LibraryLists>(NO_LISTS);
  /** A library-wide list from before lists were per library, not yet given to a library. */
  private legacyOverrides: ConversionOverride[] | null = null;

  /** The user's corrections of conversions, per view, for every article of the open library. */
  get conversionOverrides(): ConversionOverride[] {
    return this.libraryId === null ? [] : (this.libraryOverrides.get(this.libraryId) ?? []);
  }

  /** What the views apply beyond the script. */
  readonly viewOptions: ViewOptions = $derived({ cornerQuotes: this.cornerQuotes, overrides: this.conversionOverrides });

  /** The view actually shown. */
  readonly viewScript: Script = $derived(scriptFor(this.script, this.twPhrases));

  private writes: Promise<unknown> = Promise.resolve();
  /** Writes queued or failed: a reload from the store waits for them, or it would undo them on screen. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly pending = new Map<string, object>();
  /** Changes made here, counted: a read of the store begun before one must not undo it on screen. */
  private changes = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  private readonly changedAt = new Map<string, number>();

  constructor(
    private readonly db: PizhuDatabase | null,
    private readonly storage: StorageStatus = new StorageStatus(),
  ) {}

  /** Resolves when every change so far is stored. */
  flush(): Promise<unknown> {
    return this.writes;
  }

  /**
   * Takes what is stored. A setting changed here while the store was read keeps its new value:
   * the window is usable before its settings are read (a language picked in the first second
   * of a start stays picked), and the read may have begun before that change was written.
   */
  async load(): Promise<void> {
    if (!this.db) return;
    const since = this.changes;
    const rows = await readSettings(this.db);
    const changedSince = (key: string) => (this.changedAt.get(key) ?? 0) > since;
    const loaded = settingsFromRows(rows);
    for (const key of Object.keys(loaded) as (keyof Settings)[]) if (!changedSince(key)) (this as unknown as Record<string, unknown>)[key] = loaded[key];
    const stored = libraryOverridesFromRows(rows);
    this.libraryOverrides = this.libraryId !== null && changedSince(overridesKey(this.libraryId)) ? withLibraryList(stored, this.libraryId, this.conversionOverrides) : stored;
    const legacy = rows.get(LEGACY_OVERRIDES_KEY);
    this.legacyOverrides = isOverrideList(legacy) && legacy.length > 0 ? legacy : null;
    this.adoptLegacyOverrides();
    if (this.installationId === null) this.set('installationId', crypto.randomUUID());
  }

  /** A library was opened: its overrides apply from now on. */
  openLibrary(libraryId: string): void {
    this.libraryId = libraryId;
    this.adoptLegacyOverrides();
  }

  /**
   * The old library-wide list (from a database or a backup made before lists were per
   * library) becomes part of the list of the library open now. At an upgrade that is the
   * library the host remembered from the last session, the one the list was last used in.
   * Copying it into every folder ever opened would spread one collection's corrections to
   * all of them, which is what per-library lists are for avoiding. Nothing is dropped: the
   * list moves whole (this library's own entry wins for the same phrase in the same view),
   * and entries past the length limit stay in the old row, for the next library opened.
   */
  private adoptLegacyOverrides(): void {
    const legacy = this.legacyOverrides;
    const id = this.libraryId;
    if (!legacy || id === null) return;
    this.legacyOverrides = null;
    const key = overridesKey(id);
    const { list, leftover } = adoptLegacy(this.conversionOverrides, legacy);
    this.libraryOverrides = withLibraryList(this.libraryOverrides, id, list);
    this.legacyOverrides = leftover.length > 0 ? leftover : null;
    // Done again on the stored rows, in one transaction, so the list is never in neither row.
    this.store(key, (db) =>
      rewriteSettings(db, [LEGACY_OVERRIDES_KEY, key], (rows) => {
        const old = rows.get(LEGACY_OVERRIDES_KEY);
        const own = rows.get(key) ?? [];
        if (!isOverrideList(old) || !isOverrideList(own)) return [];
        const merged = adoptLegacy(own, old);
        return [
          [key, merged.list],
          [LEGACY_OVERRIDES_KEY, merged.leftover.length > 0 ? merged.leftover : undefined],
        ];
      }),
    );
  }

  /** Another window changed settings: take them, unless a change made here is still on its way. */
  async syncFromStore(): Promise<void> {
    if (this.pending.size === 0) await this.load();
  }

  /** Changes one setting and stores it; invalid values are refused, not stored. */
  set<K extends keyof Settings>(key: K, value: Settings[K]): void {
    if (!VALIDATORS[key](value)) return;
    (this as unknown as Record<string, unknown>)[key] = value;
    this.store(key, (db) => writeSetting(db, key, value));
  }

  /** Queues a write of the row `key`. */
  private store(key: string, write: (db: PizhuDatabase) => Promise<void>): void {
    const db = this.db;
    if (!db) return;
    const change = {};
    this.pending.set(key, change);
    this.changedAt.set(key, ++this.changes);
    // Chained, so quick changes land in order; a failed one stays as the banner's retry.
    this.writes = this.writes.then(() =>
      this.storage.attempt(`setting:${key}`, async () => {
        await write(db);
        if (this.pending.get(key) === change) this.pending.delete(key);
      }),
    );
  }

  /** Adds or replaces the override of `from` in its view, in the open library's list; refused (false) when it is not valid. */
  putOverride(override: ConversionOverride): boolean {
    const o = { script: override.script, from: override.from.trim(), to: override.to.trim() };
    if (this.libraryId === null || !isOverride(o)) return false;
    const next = withOverride(this.conversionOverrides, o);
    if (!next) return false;
    this.putOverrides(this.libraryId, next);
    return true;
  }

  removeOverride(override: ConversionOverride): void {
    if (this.libraryId !== null) this.putOverrides(this.libraryId, withoutOverride(this.conversionOverrides, override));
  }

  private putOverrides(libraryId: string, list: ConversionOverride[]): void {
    this.libraryOverrides = withLibraryList(this.libraryOverrides, libraryId, list);
    const key = overridesKey(libraryId);
    // An emptied list is no row: a backup's list for this library may then be imported.
    this.store(key, (db) => (list.length > 0 ? writeSetting(db, key, list) : deleteSetting(db, key)));
  }

  changeFontSize(delta: -1 | 0 | 1): void {
    const next = delta === 0 ? FONT_SIZE.default : Math.min(FONT_SIZE.max, Math.max(FONT_SIZE.min, this.fontSize + delta));
    this.set('fontSize', next);
  }
}
