// What each command of the table does in this window, and when it can. `enabled` is asked
// before a key runs a command (a key whose command cannot run now falls through to the
// browser: Space on a focused button presses it) and by the palette to grey an entry out.
import type { CommandId } from '../core/commandTable.ts';
import { shownQuote } from '../core/textQuote.ts';
import { copyText, selectionTextWithoutReadings } from './clipboard.ts';
import { COLORS } from '../state/annotations.svelte.ts';
import type { AppState } from '../state/app.svelte.ts';
import { convertShort } from '../state/reader.svelte.ts';
import { SCRIPT_CHOICES, THEMES } from '../state/settings.svelte.ts';

export interface CommandHandler {
  run(event?: KeyboardEvent): void;
  enabled?(event?: KeyboardEvent): boolean;
}

export interface CommandWindow {
  /** The reader's scrolling element, once it exists. */
  scroller(): HTMLElement | undefined;
  /** Caret mode was switched on: the caret goes into the text in view, and the focus to the reader. */
  startCaret(): void;
  openPalette(): void;
  openShortcuts(): void;
  openOverrides(): void;
  /** The context menu of the selection or the selected highlight; false when there is neither. */
  openContextMenu(): boolean;
}

/** Something is selected in the article, or a highlight is. */
function hasTarget(app: AppState): boolean {
  const selection = app.annotations.selection;
  return Boolean(selection.current() || selection.selected);
}

/** The article text selected now, as shown (without pinyin readings); '' when none. */
function selectedText(app: AppState): string {
  if (!app.annotations.selection.current()) return '';
  const selection = document.getSelection();
  return (selectionTextWithoutReadings(selection) ?? selection?.toString() ?? '').trim();
}

/** The selected highlight's passage in the reading script. */
function selectedQuote(app: AppState): string {
  const { model, selection } = app.annotations;
  const record = selection.selected;
  if (!record) return '';
  const placed = model.anchored.find((item) => item.record.id === record.id);
  return placed ? shownQuote(model.viewQuote(placed.range)) : convertShort(shownQuote(record.quote.exact), app.settings.viewScript);
}

export function commandHandlers(app: AppState, view: CommandWindow): Record<CommandId, CommandHandler> {
  const a = app.annotations;
  const sel = a.selection;
  const layout = app.layout;

  /** Scrolls the reader when focus is not in it: inside it (or on a button) the browser's own keys act. */
  const scrollBy = (amount: (scroller: HTMLElement) => number, fromAnywhere = false): CommandHandler => ({
    enabled: () => {
      const scroller = view.scroller();
      if (!scroller) return false;
      if (fromAnywhere) return true;
      return !scroller.contains(document.activeElement) && !(document.activeElement instanceof HTMLButtonElement);
    },
    run: () => {
      const scroller = view.scroller();
      if (scroller) scroller.scrollBy({ top: amount(scroller) });
    },
  });
  const line = () => app.settings.fontSize * app.settings.lineHeight;
  const page = (scroller: HTMLElement) => scroller.clientHeight * 0.9;

  const script = (i: number): CommandHandler => ({ run: () => app.setScript(SCRIPT_CHOICES[i]) });
  const scheme = (i: number): CommandHandler => ({ run: () => app.settings.set('theme', THEMES[i]) });
  const color = (i: number): CommandHandler => ({ enabled: () => hasTarget(app), run: () => void a.applyColor(COLORS[i]) });
  const pane = (which: 'library' | 'outline' | 'annotations'): CommandHandler => ({ run: () => layout.toggle(which) });

  return {
    palette: { run: () => view.openPalette() },
    shortcuts: { run: () => view.openShortcuts() },
    search: {
      run: () => {
        app.themesOpen = false;
        app.search.open = true;
      },
    },
    find: { run: () => app.find.show() },
    'open-folder': {
      run: () => {
        if (app.hostKind === 'electron') void app.openFolder();
        else app.folderDialogOpen = true;
      },
    },
    'reload-library': { run: () => void app.reloadLibrary() },
    'reread-annotation-files': { run: () => void app.annotationFiles.rereadAll() },
    'next-article': { run: () => app.move(1) },
    'previous-article': { run: () => app.move(-1) },
    'toggle-read': {
      enabled: () => app.reader.key !== null,
      run: () => {
        const key = app.reader.key;
        if (key) void app.readingLog.setRead(key, app.readingLog.stateOf(key) !== 'read').catch((error: unknown) => app.storage.report(error));
      },
    },
    'scroll-page-down': scrollBy(page),
    'scroll-page-up': scrollBy((scroller) => -page(scroller)),
    'scroll-line-down': scrollBy(line),
    'scroll-line-up': scrollBy(() => -line()),
    'scroll-lines-down': scrollBy(() => line() * 3, true),
    'scroll-lines-up': scrollBy(() => -line() * 3, true),
    'caret-mode': {
      run: () => {
        app.caretMode = !app.caretMode;
        if (app.caretMode) view.startCaret();
      },
    },
    'script-original': script(0),
    'script-cn': script(1),
    'script-t': script(2),
    'script-tw': script(3),
    'script-hk': script(4),
    'tw-phrases': { run: () => app.settings.set('twPhrases', !app.settings.twPhrases) },
    'font-larger': { run: () => app.settings.changeFontSize(1) },
    'font-smaller': { run: () => app.settings.changeFontSize(-1) },
    'font-default': { run: () => app.settings.changeFontSize(0) },
    'scheme-light': scheme(0),
    'scheme-sepia': scheme(1),
    'scheme-dark': scheme(2),
    'dismiss-toast': {
      // A selection is cleared first (the deselect command's turn).
      enabled: () => app.toast.current !== null && !hasTarget(app),
      run: () => app.toast.dismiss(),
    },
    'focus-mode': {
      // Esc leaves focus mode, but first clears a selection (the deselect command's turn).
      enabled: (event) => event?.key !== 'Escape' || (layout.focusMode && !hasTarget(app)),
      run: () => layout.toggleFocusMode(),
    },
    'toggle-library': pane('library'),
    'toggle-outline': pane('outline'),
    'toggle-annotations': pane('annotations'),
    highlight: {
      enabled: () => {
        return Boolean(sel.current());
      },
      run: () => void a.createFromSelection(),
    },
    'color-1': color(0),
    'color-2': color(1),
    'color-3': color(2),
    'color-4': color(3),
    'color-5': color(4),
    underline: { enabled: () => hasTarget(app), run: () => void a.toggleUnderline() },
    note: {
      enabled: () => hasTarget(app),
      run: () => {
        app.annotationsOpen = true;
        void a.requestNote();
      },
    },
    tag: { enabled: () => hasTarget(app), run: () => void a.requestTag() },
    'copy-selection': {
      enabled: () => selectedText(app) !== '',
      run: () => void copyText(selectedText(app)),
    },
    'search-selection': {
      enabled: () => selectedText(app) !== '',
      run: () => {
        const text = selectedText(app);
        app.themesOpen = false;
        app.search.openWith(text);
      },
    },
    'find-selection': {
      enabled: () => selectedText(app) !== '',
      run: () => {
        app.find.setQuery(selectedText(app));
        app.find.show();
      },
    },
    'copy-quote': {
      enabled: () => Boolean(sel.selected),
      run: () => void copyText(selectedQuote(app)),
    },
    'copy-markdown': {
      enabled: () => Boolean(sel.selected),
      run: () => {
        const id = sel.selected?.id;
        if (!id) return;
        void app.exporter.annotationMarkdown(id, app.settings.viewScript).then((markdown) => {
          if (markdown) void copyText(markdown);
        });
      },
    },
    'context-menu': {
      enabled: () => hasTarget(app),
      run: () => void view.openContextMenu(),
    },
    'delete-highlight': {
      enabled: () => hasTarget(app) && !sel.range && Boolean(sel.selected),
      run: () => {
        if (sel.selected) void a.remove(sel.selected.id);
      },
    },
    deselect: {
      enabled: () => Boolean(sel.selectedId || sel.range),
      run: () => {
        sel.selectedId = null;
        // In caret mode the caret stays where the selection ended.
        if (app.caretMode) document.getSelection()?.collapseToEnd();
        else document.getSelection()?.removeAllRanges();
      },
    },
    // Always taken: an undo still being stored makes its redo possible a moment later, and the
    // history queues steps in order (asking canRedo here would drop a quick Ctrl+Y).
    undo: { run: () => void app.undo() },
    redo: { run: () => void app.redo() },
    themes: { run: () => (app.themesOpen = true) },
    notebook: { run: () => (app.notebookOpen = true) },
    export: { run: () => (app.exportOpen = true) },
    overrides: { run: () => view.openOverrides() },
    about: { run: () => (app.aboutOpen = true) },
  };
}
