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
      { method: 'POST', path: '/api/open-folder' },
      { method: 'POST', path: '/api/reload-library' },
      { method: 'POST', path: '/api/snapshots' },
      { method: 'GET', path: '/api/snapshots' },
      { method: 'GET', path: '/api/snapshot' },
      { method: 'POST', path: '/api/pending-changes' },
      { method: 'GET', path: '/api/pending-changes' },
      { method: 'GET', path: '/api/events' },
    ]);
  });

  it('names one IPC channel per call, kebab-cased under pizhu:, plus the two pushes', () => {
    expect(CHANNELS).toEqual({
      appInfo: 'pizhu:app-info',
      getLibrary: 'pizhu:get-library',
      readArticle: 'pizhu:read-article',
      openFolder: 'pizhu:open-folder',
      reloadLibrary: 'pizhu:reload-library',
      saveExport: 'pizhu:save-export',
      writeSnapshot: 'pizhu:write-snapshot',
      listSnapshots: 'pizhu:list-snapshots',
      readSnapshot: 'pizhu:read-snapshot',
      keepPendingChanges: 'pizhu:keep-pending-changes',
      readPendingChanges: 'pizhu:read-pending-changes',
      libraryEvent: 'pizhu:library-event',
      menuCommand: 'pizhu:menu-command',
    });
    expect(HOST_CALL_NAMES).toHaveLength(11);
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
