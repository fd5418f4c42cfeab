// The message after a removal stands for that one step: it goes once another step is done or
// this one undone, and dismissing it leaves the step undoable.
import { describe, expect, it } from 'vitest';
import { History, type Command } from '../../src-renderer/state/history.svelte.ts';
import { ToastState } from '../../src-renderer/state/toast.svelte.ts';

function counter(): { value: number; step: (by: number) => Command } {
  const state = { value: 0, step: (by: number): Command => ({ do: async () => void (state.value += by), undo: async () => void (state.value -= by) }) };
  return state;
}

describe('ToastState', () => {
  it('shows a removal until another step is done, the step is undone, or it is dismissed', async () => {
    const history = new History();
    const toast = new ToastState(history);
    const c = counter();
    await history.run(c.step(1));
    expect(toast.current).toBeNull();

    await history.run(c.step(2), { kind: 'highlight', count: 1 });
    expect(toast.current).toMatchObject({ kind: 'removed', removal: { kind: 'highlight', count: 1 } });
    await history.run(c.step(4));
    expect(toast.current).toBeNull();

    await history.run(c.step(8), { kind: 'annotations', count: 3 });
    expect(toast.current).toMatchObject({ kind: 'removed', removal: { kind: 'annotations', count: 3 } });
    await history.undo();
    expect(c.value).toBe(7);
    // Redone, the removal is back, and its message with it.
    await history.redo();
    expect(toast.current).toMatchObject({ kind: 'removed' });

    toast.dismiss();
    expect(toast.current).toBeNull();
    expect(history.canUndo).toBe(true);
    await history.run(c.step(16), { kind: 'theme', count: 1 });
    expect(toast.current).toMatchObject({ removal: { kind: 'theme' } });
    history.clear();
    expect(toast.current).toBeNull();
  });

  it('says an undo was refused until the step it could not undo is no longer the one to undo', async () => {
    const history = new History();
    const toast = new ToastState(history);
    const c = counter();
    await history.run(c.step(1), { kind: 'merge', count: 1 });
    toast.refused('营商环境');
    expect(toast.current).toMatchObject({ kind: 'refused', name: '营商环境' });
    toast.dismiss();
    // The removal's own message was not dismissed by dismissing the refusal.
    expect(toast.current).toMatchObject({ kind: 'removed' });
    toast.refused('营商环境');
    await history.run(c.step(2));
    expect(toast.current).toBeNull();
  });

  it('is held while any strip has the pointer or the focus, and let go when the last one is', () => {
    const toast = new ToastState(new History());
    const windowStrip = {};
    const dialogStrip = {};
    expect(toast.held).toBe(false);
    toast.hold(dialogStrip, true);
    expect(toast.held).toBe(true);
    // The window's strip, not in use under the dialog, lets go: the dialog's still holds it.
    toast.hold(windowStrip, false);
    expect(toast.held).toBe(true);
    toast.hold(windowStrip, true);
    toast.hold(dialogStrip, false);
    expect(toast.held).toBe(true);
    toast.hold(windowStrip, false);
    expect(toast.held).toBe(false);
  });
});
