// The window's layout: which panes are open (remembered in settings), which of them stand
// beside the text and which are drawers, the drawer shown now, and focus mode. The window
// width comes from the component that measures it; this module reads no DOM.
import { dockedPanes, PANES, type Pane } from './paneLayout.ts';
import type { SettingsState } from './settings.svelte.ts';

const SETTING = { library: 'libraryPane', outline: 'outlinePane', annotations: 'annotationsPane' } as const;

/** Widths from which a pane never chosen open or closed starts open (as before panes could be drawers). */
const OPEN_BY_DEFAULT_FROM: Record<Pane, number> = { library: 0, outline: 1100, annotations: 1500 };

export class LayoutState {
  /** The window's inner width in CSS pixels, kept by the app shell. */
  windowWidth = $state(1280);
  /** The undocked pane shown as a drawer over the text, if any. */
  drawer = $state<Pane | null>(null);
  /** The pane the keyboard focus is in: one the window narrows under stays on screen, as a drawer. */
  private focusedPane = $state<Pane | null>(null);
  /** All chrome hidden: only the text. */
  focusMode = $state(false);
  /** Most recently asked-for first: the pane just opened docks before the others. */
  private order = $state<Pane[]>([...PANES]);

  constructor(private readonly settings: SettingsState) {}

  /** Whether the user has the pane open (docked, or a drawer when there is no room). */
  isOpen(pane: Pane): boolean {
    const stored = this.settings[SETTING[pane]];
    return stored ?? this.windowWidth >= OPEN_BY_DEFAULT_FROM[pane];
  }

  /** The open panes that stand beside the text (a few sums: recomputed on each read, not cached). */
  get docked(): Pane[] {
    return dockedPanes({
      windowWidth: this.windowWidth,
      fontSize: this.settings.fontSize,
      measure: this.settings.measure,
      open: this.order.filter((p) => this.isOpen(p)),
    });
  }

  isDocked(pane: Pane): boolean {
    return !this.focusMode && this.docked.includes(pane);
  }

  /** The pane is on screen: docked, or its drawer is open. */
  isShown(pane: Pane): boolean {
    return !this.focusMode && (this.docked.includes(pane) || this.drawerShown === pane);
  }

  /** Where the pane is now: beside the text, a drawer over it, or off screen (null). */
  placeOf(pane: Pane): 'docked' | 'drawer' | null {
    if (this.isDocked(pane)) return 'docked';
    return this.drawerShown === pane ? 'drawer' : null;
  }

  /**
   * The drawer actually on screen: one whose pane has since docked (a wider window) is not;
   * an open pane that lost its room while the user worked in it is.
   */
  get drawerShown(): Pane | null {
    if (this.focusMode) return null;
    const d = this.drawer ?? (this.focusedPane && this.isOpen(this.focusedPane) ? this.focusedPane : null);
    return d && !this.docked.includes(d) ? d : null;
  }

  /** The keyboard focus came into a pane (`inside`) or left it. */
  focusWithin(pane: Pane, inside: boolean): void {
    if (inside) {
      this.focusedPane = pane;
      return;
    }
    if (this.focusedPane !== pane) return;
    // A drawer it became under the focus stays open until it is closed.
    if (this.drawerShown === pane) this.drawer = pane;
    this.focusedPane = null;
  }

  /** Brings a pane on screen: docked if the text keeps its line, else as a drawer. */
  show(pane: Pane): void {
    this.focusMode = false;
    this.order = [pane, ...this.order.filter((p) => p !== pane)];
    if (!this.isOpen(pane) || this.settings[SETTING[pane]] === null) this.settings.set(SETTING[pane], true);
    this.drawer = this.docked.includes(pane) ? null : pane;
  }

  /** Takes a pane off screen: a docked one closes (remembered), a drawer just closes. */
  hide(pane: Pane): void {
    if (this.drawerShown === pane) {
      this.closeDrawer();
      return;
    }
    this.settings.set(SETTING[pane], false);
  }

  toggle(pane: Pane): void {
    if (this.isShown(pane)) this.hide(pane);
    else this.show(pane);
  }

  closeDrawer(): void {
    this.drawer = null;
    this.focusedPane = null;
  }

  toggleFocusMode(): void {
    this.focusMode = !this.focusMode;
    if (this.focusMode) this.closeDrawer();
  }
}
