// The reader's parsed-article memory: going back to an article reuses its parse only when the
// file's text and name are the very same; expected texts and kinds are written by hand.
import { describe, expect, it } from 'vitest';
import { ParsedArticles } from '../../src-renderer/state/parsedArticles.ts';

const NOTE = '# 会议纪要\n\n**时间**：三月一日\n\n会议讨论了营商环境。';

describe('ParsedArticles', () => {
  it('parses off the page through the given parser once, then gives back the kept parse (and its script judgement)', async () => {
    const parsed = new ParsedArticles();
    const calls: string[] = [];
    const offPage = async (raw: string, fileName: string) => {
      calls.push(fileName);
      return { ...parsed.load(raw, `fresh-${fileName}`), traditional: true };
    };
    const first = await parsed.loadWith(NOTE, 'a/纪要.md', offPage);
    expect(first.article.meta.title).toBe('会议纪要');
    expect(first.traditional).toBe(true);
    const again = await parsed.loadWith(NOTE, 'a/纪要.md', offPage);
    expect(calls).toEqual(['a/纪要.md']);
    expect(again.article).toBe(first.article);
    expect(again.traditional).toBe(true);
    // The same kept parse serves the page's own load too.
    expect(parsed.load(NOTE, 'a/纪要.md').article).toBe(first.article);
    await parsed.loadWith(NOTE.replace('营商环境', '人才引进'), 'a/纪要.md', offPage);
    expect(calls).toEqual(['a/纪要.md', 'a/纪要.md']);
  });

  it('gives back the same parse for the same text under the same name', () => {
    const parsed = new ParsedArticles();
    const first = parsed.load(NOTE, 'a/纪要.md');
    expect(first.article.meta.title).toBe('会议纪要');
    const again = parsed.load(NOTE, 'a/纪要.md');
    expect(again.article).toBe(first.article);
    expect(again.clean).toBe(first.clean);
  });

  it('parses a changed text anew, and reads it as the new text', () => {
    const parsed = new ParsedArticles();
    const first = parsed.load(NOTE, 'a/纪要.md');
    const changed = parsed.load(NOTE.replace('营商环境', '人才引进'), 'a/纪要.md');
    expect(changed.article).not.toBe(first.article);
    expect(changed.clean.text).toBe('# 会议纪要\n**时间**：三月一日\n会议讨论了人才引进。');
    // And the first text again is parsed again, not taken for the changed one.
    expect(parsed.load(NOTE, 'a/纪要.md').clean.text).toBe('# 会议纪要\n**时间**：三月一日\n会议讨论了营商环境。');
  });

  it('keeps files apart by name: the same text as .txt is not read as Markdown', () => {
    const parsed = new ParsedArticles();
    const md = parsed.load('**要点**\n\n第一段正文，写得很长很长很长很长很长很长。', 'x.md');
    const txt = parsed.load('**要点**\n\n第一段正文，写得很长很长很长很长很长很长。', 'x.txt');
    expect(txt.article).not.toBe(md.article);
    expect(md.article.hidden).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 7 }, // the closing ** and the line break after the block
    ]);
    expect(txt.article.hidden ?? []).toEqual([]);
  });

  it('forgets the least recently read beyond its capacity', () => {
    const parsed = new ParsedArticles(2);
    const a = parsed.load('甲文正文。', 'a.txt');
    const b = parsed.load('乙文正文。', 'b.txt');
    expect(parsed.load('甲文正文。', 'a.txt').article).toBe(a.article);
    parsed.load('丙文正文。', 'c.txt');
    // b was read least recently: gone; a and c stay.
    expect(parsed.load('乙文正文。', 'b.txt').article).not.toBe(b.article);
    expect(parsed.load('乙文正文。', 'b.txt').clean.text).toBe('乙文正文。');
  });

  it('never holds a text longer than its character budget', () => {
    const parsed = new ParsedArticles(4, 10);
    const long = parsed.load('一二三四五六七八九十十一。', 'long.txt');
    expect(parsed.load('一二三四五六七八九十十一。', 'long.txt').article).not.toBe(long.article);
    const short = parsed.load('短文。', 's.txt');
    expect(parsed.load('短文。', 's.txt').article).toBe(short.article);
  });
});
