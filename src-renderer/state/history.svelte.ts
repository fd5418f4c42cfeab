// Undo and redo for annotation actions. A command knows how to do and undo itself; typing a
// note is many changes but one step, so a command may absorb the next one of the same
// editing session (`coalesce`) instead of stacking up one step per keystroke.

export interface Command {
  do(): Promise<void>;
  undo(): Promise<void>;
  /** Same non-null key as the step on top of the stack: absorb it (see `absorb`). */
  readonly coalesce?: string | null;
  /** Returns the one step that does this and then `next`, undoing back to before this. */
  absorb?(next: Command): Command;
}

/** What a step took away, for the message that offers its undo ("已删除 · 撤销"). */
export interface Removal {
  kind: 'highlight' | 'tag' | 'theme' | 'merge' | 'annotations';
  count: number;
}

export class History {
  private undoStack = $state.raw<Command[]>([]);
  private redoStack = $state.raw<Command[]>([]);
  /** The step undo would take back now. */
  readonly top: Command | null = $derived(this.undoStack.at(-1) ?? null);
  /** The last step run that took something away; `n` tells one from the next. */
  removed = $state.raw<{ step: Command; removal: Removal; n: number } | null>(null);
  /** Actions run one after another, so a fast Ctrl+Z never overtakes the write it undoes. */
  private queue: Promise<void> = Promise.resolve();

  readonly canUndo = $derived(this.undoStack.length > 0);
  readonly canRedo = $derived(this.redoStack.length > 0);

  get depth(): { undo: number; redo: number } {
    return { undo: this.undoStack.length, redo: this.redoStack.length };
  }

  /** Does `command` and makes it the step to undo; `removal` says it took something away. */
  run(command: Command, removal?: Removal): Promise<void> {
    return this.enqueue(async () => {
      await command.do();
      const top = this.undoStack.at(-1);
      if (top && command.coalesce && top.coalesce === command.coalesce && top.absorb) {
        this.undoStack = [...this.undoStack.slice(0, -1), top.absorb(command)];
      } else {
        this.undoStack = [...this.undoStack, command];
      }
      this.redoStack = [];
      if (removal) this.removed = { step: this.undoStack.at(-1)!, removal, n: (this.removed?.n ?? 0) + 1 };
    });
  }

  undo(): Promise<boolean> {
    return this.enqueue(async () => {
      const command = this.undoStack.at(-1);
      if (!command) return false;
      await command.undo();
      this.undoStack = this.undoStack.slice(0, -1);
      this.redoStack = [...this.redoStack, command];
      return true;
    });
  }

  redo(): Promise<boolean> {
    return this.enqueue(async () => {
      const command = this.redoStack.at(-1);
      if (!command) return false;
      await command.do();
      this.redoStack = this.redoStack.slice(0, -1);
      this.undoStack = [...this.undoStack, command];
      return true;
    });
  }

  /** Ends every open editing session: the next note change is a step of its own. */
  seal(): void {
    const top = this.undoStack.at(-1);
    if (top?.coalesce) this.undoStack = [...this.undoStack.slice(0, -1), { do: () => top.do(), undo: () => top.undo() }];
  }

  /** Resolves once every step queued so far is done: what is shown is then stored (or kept as unsaved). */
  settled(): Promise<void> {
    return this.queue;
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.removed = null;
  }

  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const result = this.queue.then(step);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
