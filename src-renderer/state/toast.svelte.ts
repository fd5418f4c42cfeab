// The message after a step that took something away: "已删除标注 · 撤销". It stands for that
// one step: once another step is done, or this one undone, it has nothing left to offer and
// is gone. Dismissing it (Esc, its close button, its time running out) leaves the step
// undoable. It also says why an undo asked for outside the themes dialog was refused.
import { SvelteSet } from 'svelte/reactivity';
import type { Command, History, Removal } from './history.svelte.ts';

export type Toast =
  /** `n` tells one message from the next, so a repeat of the same action is a new message. */
  | { kind: 'removed'; removal: Removal; n: number }
  | { kind: 'refused'; name: string; n: number };

export class ToastState {
  private dismissedRemoval = $state(0);
  /** A refused undo, shown while the step it could not undo is still the one to undo. */
  private refusal = $state.raw<{ name: string; step: Command | null; n: number } | null>(null);
  private refusals = 0;
  /**
   * The strips the pointer or the focus is on (the window's, and a dialog's over it): while any
   * is held, the message stays. Kept here, not in each strip, so a strip that is not the one
   * in use does not time the message out under the user's pointer.
   */
  private readonly holders = new SvelteSet<object>();

  constructor(private readonly history: History) {}

  /** The message shown now, or null. */
  readonly current: Toast | null = $derived.by(() => {
    const refusal = this.refusal;
    if (refusal && this.history.top === refusal.step) return { kind: 'refused', name: refusal.name, n: refusal.n };
    const removed = this.history.removed;
    if (!removed || removed.n === this.dismissedRemoval || this.history.top !== removed.step) return null;
    return { kind: 'removed', removal: removed.removal, n: removed.n };
  });

  /** An undo could not be done: it would bring back a theme whose name `name` another has now. */
  refused(name: string): void {
    // Numbered below zero: never the number of a removal message.
    this.refusal = { name, step: this.history.top, n: -++this.refusals };
  }

  get held(): boolean {
    return this.holders.size > 0;
  }

  /** `holder` (one strip) has the pointer or the focus on it, or no longer. */
  hold(holder: object, on: boolean): void {
    if (on) this.holders.add(holder);
    else this.holders.delete(holder);
  }

  dismiss(): void {
    const shown = this.current;
    if (shown?.kind === 'refused') this.refusal = null;
    else if (shown) this.dismissedRemoval = shown.n;
  }
}
