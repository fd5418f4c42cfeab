// A long file's opening and then its whole, as the reader asks for them: the host reads the file
// once for both. Any other read (another file, the same file asked whole again, a whole asked
// long after) goes to the disk as before.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReadResult } from '../../src-main/api.ts';
import { hostCallBodies, type HostDeps } from '../../src-main/hostCalls.ts';

// 8,000 sentences of 9 characters: the opening ends after the 3,556th (the first 。 from index 32,000 on).
const SENTENCE = '营商环境持续优化。';
const LONG = SENTENCE.repeat(8000);

function bodiesReading(texts: Record<string, string>) {
  const reads: string[] = [];
  const read = async (key: string): Promise<ReadResult> => {
    reads.push(key);
    const text = texts[key];
    if (text === undefined) return { ok: false, key, error: { code: 'vanished', detail: 'gone' } };
    return { ok: true, file: { key, text, fingerprint: `fp-${key}-${reads.length}`, encoding: 'utf-8', size: text.length * 3, mtimeMs: 0 } };
  };
  const deps = { host: { read } } as unknown as HostDeps;
  return { bodies: hostCallBodies(deps), reads };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the opening and the whole of a long file', () => {
  it('are answered from one read of the file, the whole once', async () => {
    const { bodies, reads } = bodiesReading({ 'long.txt': LONG, 'b.txt': '招商引资' });
    const opening = await bodies.readArticleOpening('long.txt');
    expect(opening).toEqual({ ok: true, key: 'long.txt', opening: SENTENCE.repeat(3556), fingerprint: 'fp-long.txt-1', chars: 72_000 });
    const whole = await bodies.readArticle('long.txt');
    expect(whole.ok && whole.file.text).toBe(LONG);
    expect(whole.ok && whole.file.fingerprint).toBe('fp-long.txt-1');
    expect(reads).toEqual(['long.txt']);
    // Asked again: read again (the file may have changed since).
    await bodies.readArticle('long.txt');
    expect(reads).toEqual(['long.txt', 'long.txt']);
  });

  it('keep nothing for another file, for a file with no opening, or past the wait', async () => {
    vi.useFakeTimers();
    const { bodies, reads } = bodiesReading({ 'long.txt': LONG, 'b.txt': '招商引资' });
    await bodies.readArticleOpening('long.txt');
    await bodies.readArticle('b.txt');
    await bodies.readArticle('long.txt');
    expect(reads).toEqual(['long.txt', 'b.txt', 'long.txt']);

    expect(await bodies.readArticleOpening('b.txt')).toEqual({ ok: true, key: 'b.txt', opening: null, fingerprint: 'fp-b.txt-4', chars: 4 });
    await bodies.readArticle('b.txt');
    expect(reads.slice(4)).toEqual(['b.txt']);

    await bodies.readArticleOpening('long.txt');
    vi.advanceTimersByTime(60_000);
    await bodies.readArticle('long.txt');
    expect(reads.slice(5)).toEqual(['long.txt', 'long.txt']);
  });
});
