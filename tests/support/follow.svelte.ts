// Reads state the way a component drawing it does: in an effect, which runs again only when
// what it read is said to have changed (a read outside any effect computes afresh each time,
// so it cannot tell). Effects run only where Svelte compiles for the browser: a test using
// this runs in happy-dom (`// @vitest-environment happy-dom`).

/**
 * Runs `read` in an effect now and after each change it is told of; `seen` holds what it gave
 * each time, `last()` what it gave last once the effects due have run.
 */
export function follow<T>(read: () => T): { seen: T[]; last: () => Promise<T | undefined>; stop: () => void } {
  const seen: T[] = [];
  const stop = $effect.root(() => {
    $effect(() => {
      seen.push(read());
    });
  });
  return {
    seen,
    last: async () => {
      // Effects run in a microtask after a change: a task later, all due have.
      await new Promise((resolve) => setTimeout(resolve));
      return seen[seen.length - 1];
    },
    stop,
  };
}
