import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { articleFromArgv, libraryTargetFor } from '../../src-main/openFileArgs.ts';

describe('articleFromArgv', () => {
  it('skips the executable, flags and the dev app path, and resolves against cwd', () => {
    expect(articleFromArgv(['/usr/bin/electron', '--no-sandbox', '.', 'notes/a.txt'], '/home/u/lib')).toBe('/home/u/lib/notes/a.txt');
  });

  it('takes a packaged launch with an absolute path', () => {
    expect(articleFromArgv(['/opt/Pizhu/pizhu', '/data/文章/营商环境.md'], '/')).toBe('/data/文章/营商环境.md');
  });

  it('accepts .txt and .md in any letter case, nothing else', () => {
    expect(articleFromArgv(['app', 'A.TXT'], '/x')).toBe('/x/A.TXT');
    expect(articleFromArgv(['app', 'b.Md'], '/x')).toBe('/x/b.Md');
    expect(articleFromArgv(['app', 'c.pdf', 'd.txt.bak', 'e.markdown', '.txt'], '/x')).toBeNull();
  });

  it('never takes argv[0], even when it looks like an article', () => {
    expect(articleFromArgv(['/tmp/weird.txt'], '/x')).toBeNull();
    expect(articleFromArgv([], '/x')).toBeNull();
  });

  it('ignores flags with values and a -- separator', () => {
    expect(articleFromArgv(['app', '--user-data-dir=/p/x.txt', '--', '-r', 'real.txt'], '/w')).toBe('/w/real.txt');
  });

  it('takes the first article when several are given', () => {
    expect(articleFromArgv(['app', 'one.md', 'two.md'], '/w')).toBe('/w/one.md');
  });

  it('reads file:// URLs (Linux desktop entries pass %U) and refuses other URLs', () => {
    const url = pathToFileURL('/home/u/新 文章.txt').href;
    expect(url).toContain('%20');
    expect(articleFromArgv(['app', url], '/')).toBe('/home/u/新 文章.txt');
    expect(articleFromArgv(['app', 'https://example.org/a.txt'], '/')).toBeNull();
  });

  it('normalises dot segments', () => {
    expect(articleFromArgv(['app', '../lib/./a.txt'], '/home/u/docs')).toBe('/home/u/lib/a.txt');
  });
});

describe('libraryTargetFor', () => {
  it('keeps the current library when the file is inside it, with a / key', () => {
    expect(libraryTargetFor('/lib/2024/三月/a.txt', '/lib')).toEqual({ root: '/lib', key: '2024/三月/a.txt', inCurrent: true });
    expect(libraryTargetFor('/lib/a.md', '/lib/')).toEqual({ root: '/lib', key: 'a.md', inCurrent: true });
  });

  it("opens the file's folder when it is outside the current library", () => {
    expect(libraryTargetFor('/other/b.txt', '/lib')).toEqual({ root: '/other', key: 'b.txt', inCurrent: false });
    expect(libraryTargetFor('/library2/b.txt', '/lib')).toEqual({ root: '/library2', key: 'b.txt', inCurrent: false });
    expect(libraryTargetFor('/b.txt', '/lib')).toEqual({ root: '/', key: 'b.txt', inCurrent: false });
  });

  it('opens the own folder when the library would not list the file (hidden folder, node_modules)', () => {
    expect(libraryTargetFor('/lib/.drafts/c.txt', '/lib')).toEqual({ root: '/lib/.drafts', key: 'c.txt', inCurrent: false });
    expect(libraryTargetFor('/lib/node_modules/x/d.md', '/lib')).toEqual({ root: '/lib/node_modules/x', key: 'd.md', inCurrent: false });
  });

  it('opens the own folder when there is no current library', () => {
    expect(libraryTargetFor('/x/y/e.txt', null)).toEqual({ root: '/x/y', key: 'e.txt', inCurrent: false });
  });
});
