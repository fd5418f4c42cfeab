// Messages that arrive before anyone listens. Main sends a command as soon as the page has
// loaded (an article opened from the OS while the window was starting), but the page
// subscribes only after its own start-up awaits: without this the command would be lost.

export class HeldMessages<T> {
  private held: T[] = [];
  private listening = 0;

  /** For a listener registered before the page runs: keeps the message only while nobody else listens. */
  receive(message: T): void {
    if (this.listening === 0) this.held.push(message);
  }

  /** Subscribes `listener` and hands it what was held, oldest first. */
  listen(listener: (message: T) => void, subscribe: (listener: (message: T) => void) => () => void): () => void {
    this.listening += 1;
    const unsubscribe = subscribe(listener);
    for (const message of this.held.splice(0)) listener(message);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.listening -= 1;
      unsubscribe();
    };
  }
}
