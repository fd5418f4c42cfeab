// The renderer's half of "open a .txt/.md file from the OS": main opens the file's library,
// then sends { type: 'open-article', key }.
import { describe, expect, it } from 'vitest';
import { AppState } from '../../src-renderer/state/app.svelte.ts';
import { FakeHost, SEED } from '../support/fakeHost.ts';

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('AppState open-article command', () => {
  it('selects the article in the library and opens it', async () => {
    const host = FakeHost.withSeeds();
    const app = new AppState(host, null);
    await app.start();
    await settle();
    expect(app.reader.key).toBe(SEED.s000);
    host.menu({ type: 'open-article', key: SEED.s003 });
    await settle();
    expect(app.reader.key).toBe(SEED.s003);
    expect(app.reader.status).toBe('ready');
    expect(host.reads).toContain(SEED.s003);
    expect(app.settings.lastArticleKey).toBe(SEED.s003);
    app.stop();
  });

  it('clears a list filter that would hide the opened article, and keeps one that shows it', async () => {
    const host = FakeHost.withSeeds();
    const app = new AppState(host, null);
    await app.start();
    await settle();
    const first = SEED.s000;
    const filter = first.replace(/\.txt$/, '');
    app.library.filter = filter;
    const hidden = app.library.items.find((i) => !app.library.visible.some((v) => v.key === i.key))!;
    expect(hidden).toBeDefined();
    host.menu({ type: 'open-article', key: first });
    expect(app.library.filter).toBe(filter);
    host.menu({ type: 'open-article', key: hidden.key });
    await settle();
    expect(app.library.filter).toBe('');
    expect(app.library.visible.some((i) => i.key === hidden.key)).toBe(true);
    expect(app.reader.key).toBe(hidden.key);
    app.stop();
  });

  it("shows the article after main switched to the file's folder (reset, then the command)", async () => {
    const host = FakeHost.withSeeds();
    const app = new AppState(host, null);
    await app.start();
    await settle();
    host.files = new Map([
      ['a.txt', { text: '甲\n\n第一篇。' }],
      ['b.md', { text: '# 乙\n\n第二篇。' }],
    ]);
    host.emit({ type: 'reset', snapshot: host.snapshot() });
    host.menu({ type: 'open-article', key: 'b.md' });
    await settle();
    expect(app.library.entries.map((e) => e.key)).toEqual(['a.txt', 'b.md']);
    expect(app.reader.key).toBe('b.md');
    expect(app.reader.status).toBe('ready');
    app.stop();
  });
});
