/** Lets the page draw and take input: the next task, ahead of other waiting work where the browser can. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `then` in the task after the next frame the page draws (never where none is drawn: tests outside a browser). */
export function afterPaint(then: () => void): void {
  globalThis.requestAnimationFrame?.(() => setTimeout(then));
}

/**
 * Resolves once the page has drawn a frame with what was just set (or soon, where frames are
 * not drawn: a hidden window, tests outside a browser), so work queued after it does not hold
 * that frame back.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((done) => {
    const fallback = setTimeout(done, 100);
    afterPaint(() => {
      clearTimeout(fallback);
      done();
    });
  });
}
