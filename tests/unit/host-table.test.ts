// The host API table read as its callers see it, with every expected value written by hand:
// the HTTP routes a web page may call, the IPC channel names the preload and main process
// share, and how a row's schemas check, tidy or refuse arguments. The contract suite runs the
// hosts through the table; this pins the table itself, so a route, method or channel that
// changes by accident (both sides of the wire change with it) fails here.
import { describe, expect, it } from 'vitest';
import { CHANNELS, checkedArgs, HOST_CALL_NAMES, HOST_CALLS, HostRefusal, httpRoutes } from '../../src-main/hostApi.ts';

describe('host API table', () => {
  it('has exactly these HTTP routes, the event stream last', () => {
    expect(httpRoutes()).toEqual([
      { method: 'GET', path: '/api/app-info' },
      { method: 'GET', path: '/api/library' },
      { method: 'GET', path: '/api/article' },
      { method: 'GET', path: '/api/article/opening' },
      { method: 'POST', path: '/api/articles/read' },
      { method: 'POST', path: '/api/open-folder' },
      { method: 'POST', path: '/api/reload-library' },
      { method: 'POST', path: '/api/snapshots' },
      { method: 'GET', path: '/api/snapshots' },
      { method: 'GET', path: '/api/snapshot' },
      { method: 'POST', path: '/api/pending-changes' },
      { method: 'GET', path: '/api/pending-changes' },
      { method: 'GET', path: '/api/annotation-files/location' },
      { method: 'GET', path: '/api/annotation-files' },
      { method: 'POST', path: '/api/annotation-files/read' },
      { method: 'POST', path: '/api/annotation-file' },
      { method: 'POST', path: '/api/annotation-files/write' },
      { method: 'POST', path: '/api/annotation-file/aside' },
      { method: 'POST', path: '/api/annotation-file/remove-conflict-copy' },
      { method: 'GET', path: '/api/events' },
    ]);
  });

  it('names one IPC channel per call, kebab-cased under pizhu:, plus the two pushes', () => {
    expect(CHANNELS).toEqual({
      appInfo: 'pizhu:app-info',
      getLibrary: 'pizhu:get-library',
      readArticle: 'pizhu:read-article',
      readArticleOpening: 'pizhu:read-article-opening',
      readArticles: 'pizhu:read-articles',
      openFolder: 'pizhu:open-folder',
      reloadLibrary: 'pizhu:reload-library',
      saveExport: 'pizhu:save-export',
      writeSnapshot: 'pizhu:write-snapshot',
      listSnapshots: 'pizhu:list-snapshots',
      readSnapshot: 'pizhu:read-snapshot',
      keepPendingChanges: 'pizhu:keep-pending-changes',
      readPendingChanges: 'pizhu:read-pending-changes',
      annotationFilesLocation: 'pizhu:annotation-files-location',
      listAnnotationFiles: 'pizhu:list-annotation-files',
      readAnnotationFiles: 'pizhu:read-annotation-files',
      writeAnnotationFile: 'pizhu:write-annotation-file',
      writeAnnotationFiles: 'pizhu:write-annotation-files',
      setAnnotationFileAside: 'pizhu:set-annotation-file-aside',
      removeConflictCopy: 'pizhu:remove-conflict-copy',
      libraryEvent: 'pizhu:library-event',
      menuCommand: 'pizhu:menu-command',
      annotationFilesEvent: 'pizhu:annotation-files-event',
    });
    expect(HOST_CALL_NAMES).toHaveLength(20);
  });

  it('refuses more arguments than the row has schemas, naming the call and the counts', () => {
    expect(() => checkedArgs('appInfo', [1])).toThrow(new HostRefusal('appInfo: expected at most 0 argument(s), got 1'));
    expect(() => checkedArgs('readArticle', ['a.txt', 'b.txt'])).toThrow(new HostRefusal('readArticle: expected at most 1 argument(s), got 2'));
    expect(checkedArgs('readArticle', ['a.txt'])).toEqual(['a.txt']);
  });

  it("refuses with the rule's own reason, prefixed by the call", () => {
    let refusal: unknown;
    try {
      checkedArgs('readArticle', ['../etc/passwd']);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(HostRefusal);
    expect((refusal as HostRefusal).name).toBe('HostRefusal');
    expect((refusal as HostRefusal).message).toMatch(/^readArticle: \S/);
    expect((refusal as HostRefusal).message).not.toBe('readArticle: invalid');
  });

  it('keeps a trailing argument left out as left out, and an explicit null as null', () => {
    expect(checkedArgs('openFolder', [])).toEqual([]);
    expect(checkedArgs('openFolder', [null])).toEqual([null]);
  });

  it('takes annotation file names only as bare .json/.jsonld names, and removes only conflict copies', () => {
    const refused = (name: string, args: unknown[]): string => {
      try {
        checkedArgs(name as never, args);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused('readAnnotationFiles', [['营商环境.json', 'codebook.jsonld']])).toBe('accepted');
    expect(refused('readAnnotationFiles', [['../x.json']])).toBe('readAnnotationFiles: names[0]: name contains a reserved character or a folder separator');
    expect(refused('readAnnotationFiles', ['a.json'])).toBe('readAnnotationFiles: names must be an array');
    expect(refused('writeAnnotationFile', ['/etc/x.json', '{}'])).toBe('writeAnnotationFile: name contains a reserved character or a folder separator');
    expect(refused('writeAnnotationFile', ['..', '{}'])).toBe('writeAnnotationFile: name starts with a dot or ends with a dot or space');
    expect(refused('writeAnnotationFile', ['.a.json.123.tmp', '{}'])).toBe('writeAnnotationFile: name starts with a dot or ends with a dot or space');
    expect(refused('writeAnnotationFile', ['notes.txt', '{}'])).toBe('writeAnnotationFile: name must end with .json or .jsonld');
    expect(refused('writeAnnotationFile', [`${'批'.repeat(67)}.json`, '{}'])).toBe('writeAnnotationFile: name is longer than 200 bytes');
    expect(refused('writeAnnotationFile', ['a.json', ''])).toBe('writeAnnotationFile: text is empty');
    expect(refused('writeAnnotationFiles', [[{ name: '营商环境.json', text: '{}' }, { name: 'codebook.jsonld', text: '{}' }]])).toBe('accepted');
    expect(refused('writeAnnotationFiles', [{ name: 'a.json', text: '{}' }])).toBe('writeAnnotationFiles: files must be an array');
    expect(refused('writeAnnotationFiles', [[{ name: 'a.json', text: '' }]])).toBe('writeAnnotationFiles: files[0]: text is empty');
    expect(refused('writeAnnotationFiles', [['a.json']])).toBe('writeAnnotationFiles: files[0] must be an object with name and text');
    const hash = 'a'.repeat(64);
    expect(refused('removeConflictCopy', ['a.sync-conflict-20261203-120000-ABCDEFG.json', hash])).toBe('accepted');
    expect(refused('removeConflictCopy', ["a (Ann's conflicted copy 2026-12-03).json", hash])).toBe('accepted');
    expect(refused('removeConflictCopy', ['a (conflicted copy 2026-12-03 120000).json', hash])).toBe('accepted');
    expect(refused('removeConflictCopy', ['a.json', hash])).toBe('removeConflictCopy: name is not a sync conflict copy');
    expect(refused('removeConflictCopy', ['a.sync-conflict-20261203-120000-ABCDEFG.json', 'A'.repeat(64)])).toBe('removeConflictCopy: sha256 must be 64 lowercase hex digits');
  });

  it('takes a snapshot as bytes or a Blob of them: the raw body of its route', () => {
    expect(HOST_CALLS.writeSnapshot.http?.params).toEqual([
      { from: 'query', name: 'reason' },
      { from: 'bytes', limit: 256 * 1024 * 1024 },
    ]);
    const bytes = new TextEncoder().encode('{"type":"AnnotationCollection","pizhu:format":1}');
    expect(checkedArgs('writeSnapshot', ['daily', bytes])).toEqual(['daily', bytes]);
    const blob = new Blob([bytes]);
    expect(checkedArgs('writeSnapshot', ['daily', blob])).toEqual(['daily', blob]);
    expect(() => checkedArgs('writeSnapshot', ['daily', '{"type":"AnnotationCollection","pizhu:format":1}'])).toThrow(new HostRefusal('writeSnapshot: snapshot must be bytes (a Uint8Array or a Blob)'));
    expect(() => checkedArgs('writeSnapshot', ['daily', new Blob([])])).toThrow(new HostRefusal('writeSnapshot: snapshot is empty'));
  });

  it('passes on only the checked fields of an export request', () => {
    const request = { suggestedName: '批注.md', files: [{ path: '批注.md', content: '# 批注\n', extra: 'dropped' }], alsoDropped: true };
    expect(checkedArgs('saveExport', [request])).toEqual([{ suggestedName: '批注.md', files: [{ path: '批注.md', content: '# 批注\n' }] }]);
  });
});
