// Which panes dock beside the text: by the column's characters a line, not by fixed widths.
// Expected values are worked out by hand from the widths (library 250, annotations 300,
// outline 180 px; 2×32 px gutter and 16 px scrollbar), written out in each case.
import { describe, expect, it } from 'vitest';
import { dockedPanes, lineChars } from '../../src-renderer/state/paneLayout.ts';
import { LayoutState } from '../../src-renderer/state/layout.svelte.ts';
import { SettingsState } from '../../src-renderer/state/settings.svelte.ts';

const ALL = ['library', 'annotations', 'outline'] as const;

describe('dockedPanes', () => {
  it('docks all three at 1440 px and 19 px type: 1440 − 80 − 730 = 630 px, 33 characters', () => {
    expect(dockedPanes({ windowWidth: 1440, fontSize: 19, measure: 38, open: ALL })).toEqual(['library', 'annotations', 'outline']);
  });

  it('docks one at 1024 px: with a second the column falls to 394 or 514 px (20 or 27 characters)', () => {
    expect(dockedPanes({ windowWidth: 1024, fontSize: 19, measure: 38, open: ALL })).toEqual(['library']);
    expect(dockedPanes({ windowWidth: 1024, fontSize: 19, measure: 38, open: ['annotations', 'library', 'outline'] })).toEqual(['annotations']);
  });

  it('docks nothing at 800 px: the narrowest pane leaves 540 px, 28 characters', () => {
    expect(dockedPanes({ windowWidth: 800, fontSize: 19, measure: 38, open: ALL })).toEqual([]);
    expect(dockedPanes({ windowWidth: 800, fontSize: 19, measure: 38, open: ['outline'] })).toEqual([]);
  });

  it('a larger font undocks sooner: at 24 px, 1440 px holds two panes (810 px, 33 characters), not three (630 px, 26)', () => {
    expect(dockedPanes({ windowWidth: 1440, fontSize: 24, measure: 38, open: ALL })).toEqual(['library', 'annotations']);
  });

  it('a short measure needs no more than itself: 24 characters at 800 px dock the outline (540 px, 28 characters)', () => {
    expect(dockedPanes({ windowWidth: 800, fontSize: 19, measure: 24, open: ['outline'] })).toEqual(['outline']);
  });

  it('counts characters as em-wide CJK glyphs', () => {
    expect(lineChars(570, 19)).toBe(30);
    expect(lineChars(569, 19)).toBe(29);
    expect(lineChars(-10, 19)).toBe(0);
  });
});

describe('LayoutState', () => {
  function layout(width: number): { layout: LayoutState; settings: SettingsState } {
    const settings = new SettingsState(null);
    const l = new LayoutState(settings);
    l.windowWidth = width;
    return { layout: l, settings };
  }

  it('opens a pane with no room beside the text as a drawer, and closing the drawer keeps it open', () => {
    const { layout: l, settings } = layout(800);
    expect(l.isShown('annotations')).toBe(false);
    l.toggle('annotations');
    expect(l.drawerShown).toBe('annotations');
    expect(l.isDocked('annotations')).toBe(false);
    expect(settings.annotationsPane).toBe(true);
    l.toggle('annotations');
    expect(l.drawerShown).toBe(null);
    expect(settings.annotationsPane).toBe(true);
  });

  it('docks the pane just asked for first: at 1024 px the library gives way to the annotations', () => {
    const { layout: l, settings } = layout(1024);
    expect(l.docked).toEqual(['library']);
    l.show('annotations');
    expect(l.docked).toEqual(['annotations']);
    expect(l.drawerShown).toBe(null);
    expect(l.isShown('library')).toBe(false);
    // Closing a docked pane is remembered; the other, still open, takes the room back.
    l.toggle('annotations');
    expect(settings.annotationsPane).toBe(false);
    expect(l.docked).toEqual(['library']);
  });

  it('a drawer whose pane docks after the window widens is no longer shown as a drawer', () => {
    const { layout: l } = layout(800);
    l.show('outline');
    expect(l.drawerShown).toBe('outline');
    l.windowWidth = 1440;
    expect(l.drawerShown).toBe(null);
    expect(l.isDocked('outline')).toBe(true);
  });

  it('focus mode hides every pane and drawer; showing a pane leaves it', () => {
    const { layout: l } = layout(1440);
    l.show('outline');
    l.toggleFocusMode();
    expect(l.isShown('library')).toBe(false);
    expect(l.isShown('outline')).toBe(false);
    l.show('annotations');
    expect(l.focusMode).toBe(false);
    expect(l.isShown('annotations')).toBe(true);
  });

  it('says where each pane is: docked, a drawer, or off screen', () => {
    const { layout: l } = layout(800);
    // Open by default at any width, but no room beside the text at 800 px.
    expect(l.placeOf('library')).toBe(null);
    l.show('library');
    expect(l.placeOf('library')).toBe('drawer');
    expect(l.placeOf('outline')).toBe(null);
    l.closeDrawer();
    expect(l.placeOf('library')).toBe(null);
    l.windowWidth = 1440;
    expect(l.placeOf('library')).toBe('docked');
    l.toggleFocusMode();
    expect(l.placeOf('library')).toBe(null);
  });

  it('a pane the focus is in when the window narrows stays on screen as a drawer', () => {
    const { layout: l } = layout(1440);
    expect(l.placeOf('library')).toBe('docked');
    l.focusWithin('library', true);
    l.windowWidth = 800;
    expect(l.placeOf('library')).toBe('drawer');
    // The focus leaving it keeps the drawer open until it is closed.
    l.focusWithin('library', false);
    expect(l.placeOf('library')).toBe('drawer');
    l.closeDrawer();
    expect(l.placeOf('library')).toBe(null);
  });
});
