// The annotation folder on real temporary folders: where it is placed, what it lists and
// reads, that writes are whole and leave nothing behind, that nothing is followed out of it
// or deleted, and that its watcher reports other processes' changes and not the host's own.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnnotationFilesEvent, LibraryEvent } from '../../src-main/api.ts';
import { AnnotationFolder } from '../../src-main/annotationFiles.ts';
import { LibraryHost } from '../../src-main/library/libraryHost.ts';
import { LibraryService } from '../../src-main/library/libraryService.ts';
import { SettingsFile } from '../../src-main/settingsFile.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workDir(): { work: string; library: string; data: string } {
  const work = mkdtempSync(join(tmpdir(), 'pizhu-annotations-'));
  const library = join(work, 'library');
  const data = join(work, 'data');
  mkdirSync(library);
  writeFileSync(join(library, '营商环境.txt'), '营商环境持续优化。\n');
  cleanups.push(() => {
    chmodSync(library, 0o755);
    rmSync(work, { recursive: true, force: true });
  });
  return { work, library, data };
}

function folderFor(library: string, data: string, extra: Partial<ConstructorParameters<typeof AnnotationFolder>[0]> = {}): AnnotationFolder {
  const folder = new AnnotationFolder({ libraryRoot: library, userDataDir: data, bundled: false, singleFile: false, debounceMs: 30, warn: () => undefined, ...extra });
  cleanups.push(() => folder.close());
  return folder;
}

const tempFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Runs `script` in another Node process, as a sync tool or another app would change the folder. */
function otherProcess(script: string, ...args: string[]): void {
  execFileSync(process.execPath, ['-e', script, ...args]);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Runs `run` as an ordinary user (uid 65534) when the tests run as root, who writes anywhere:
 * a read-only folder is then seen as a user would see it. `data` is made and given to that user.
 */
async function asOrdinaryUser<T>(data: string, run: () => Promise<T>): Promise<T> {
  mkdirSync(data, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(data, 65534, 65534);
  if (asRoot) process.seteuid!(65534);
  try {
    return await run();
  } finally {
    if (asRoot) process.seteuid!(0);
  }
}

describe('where the annotation files live', () => {
  it('in the library, as .pizhu, made by the first write', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data);
    expect(await folder.location()).toEqual({ folder: join(library, '.pizhu'), place: 'library', libraryRoot: library });
    expect(existsSync(join(library, '.pizhu'))).toBe(false);
    expect(await folder.write('a.json', '{"total":0}')).toMatchObject({ ok: true, file: { name: 'a.json', size: 11 } });
    expect(readFileSync(join(library, '.pizhu', 'a.json'), 'utf8')).toBe('{"total":0}');
  });

  it('the bundled articles keep theirs in user data, under a fixed name, and say so', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data, { bundled: true });
    expect(await folder.location()).toMatchObject({ folder: join(data, 'annotation-files', 'bundled-seeds'), place: 'user-data', fallback: 'bundled' });
    expect((await folder.write('a.json', '{}')).ok).toBe(true);
    expect(existsSync(join(library, '.pizhu'))).toBe(false);
    expect(readFileSync(join(data, 'annotation-files', 'bundled-seeds', 'a.json'), 'utf8')).toBe('{}');
  });

  it('a library that cannot be written keeps them in user data, a folder of its own, and says so', async () => {
    const { work, library, data } = workDir();
    chmodSync(work, 0o755);
    chmodSync(library, 0o555);
    const { location, written } = await asOrdinaryUser(data, async () => {
      const folder = folderFor(library, data);
      return { location: await folder.location(), written: await folder.write('a.json', '{"甲":1}') };
    });
    expect(location).toMatchObject({ place: 'user-data', fallback: 'read-only', libraryRoot: library });
    expect(location.folder.startsWith(join(data, 'annotation-files', 'library-'))).toBe(true);
    expect(location.detail).toContain(library);
    expect(written).toMatchObject({ ok: true });
    expect(readFileSync(join(location.folder, 'a.json'), 'utf8')).toBe('{"甲":1}');
    expect(existsSync(join(library, '.pizhu'))).toBe(false);
    // Two read-only libraries of one name are two folders.
    const other = join(work, 'elsewhere', 'library');
    mkdirSync(other, { recursive: true });
    chmodSync(other, 0o555);
    expect((await folderFor(other, data, { singleFile: true }).location()).folder).not.toBe(location.folder);
  });

  it('a library that cannot be written still gives the annotation files it holds: taken into its folder in user data, as the file or as a conflict copy to merge', async () => {
    const { work, library, data } = workDir();
    mkdirSync(join(library, '.pizhu'), { recursive: true });
    writeFileSync(join(library, '.pizhu', 'a.json'), '{"别的机器":1}');
    writeFileSync(join(library, '.pizhu', 'b.json'), '{"别的机器":2}');
    chmodSync(work, 0o755);
    chmodSync(join(library, '.pizhu'), 0o555);
    chmodSync(library, 0o555);
    const { location, first, again, nextStart } = await asOrdinaryUser(data, async () => {
      const folder = folderFor(library, data, { now: () => Date.UTC(2026, 11, 7, 9, 8, 7) });
      const location = await folder.location();
      const first = (await folder.list()).files.map((f) => f.name);
      // This host's own a.json differs from the library's now (merged and written here).
      expect((await folder.write('a.json', '{"本机":1}')).ok).toBe(true);
      // Taken this session already, as the library still has it: not taken again.
      const again = (await folder.list()).files.map((f) => f.name);
      const nextStart = (await folderFor(library, data, { now: () => Date.UTC(2026, 11, 7, 9, 8, 7) }).list()).files.map((f) => f.name);
      return { location, first, again, nextStart };
    });
    expect(location).toMatchObject({ place: 'user-data', fallback: 'read-only' });
    expect(first).toEqual(['a.json', 'b.json']);
    expect(again).toEqual(['a.json', 'b.json']);
    expect(readFileSync(join(location.folder, 'b.json'), 'utf8')).toBe('{"别的机器":2}');
    // The next start: b.json is as the library has it, and stays one file; a.json differs, and the library's comes as a copy beside ours, to merge.
    expect(nextStart).toEqual(['a.json', 'a.sync-conflict-20261207-090807-PIZHURO.json', 'b.json']);
    expect(readFileSync(join(location.folder, 'a.json'), 'utf8')).toBe('{"本机":1}');
    expect(readFileSync(join(location.folder, 'a.sync-conflict-20261207-090807-PIZHURO.json'), 'utf8')).toBe('{"别的机器":1}');
    // The library's folder is never written.
    expect(readdirSync(join(library, '.pizhu')).sort()).toEqual(['a.json', 'b.json']);
  });

  it('a .pizhu that is a link is not followed: the files go to user data, and the host says why', async () => {
    const { work, library, data } = workDir();
    mkdirSync(join(work, 'outside'));
    symlinkSync(join(work, 'outside'), join(library, '.pizhu'));
    const folder = folderFor(library, data);
    expect(await folder.location()).toMatchObject({ place: 'user-data', fallback: 'blocked', detail: `${join(library, '.pizhu')} is a link, which is not followed` });
    await folder.write('a.json', '{}');
    expect(readdirSync(join(work, 'outside'))).toEqual([]);
  });
});

describe('writing', () => {
  it('leaves no temporary file behind when the rename fails', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data);
    await folder.write('ok.json', '{}');
    // A folder where the file should go: the rename over it fails.
    mkdirSync(join(library, '.pizhu', 'a.json', 'inside'), { recursive: true });
    const result = await folder.write('a.json', '{"lost":false}');
    expect(result).toMatchObject({ ok: false, code: 'failed' });
    expect(readdirSync(join(library, '.pizhu')).sort()).toEqual(['a.json', 'ok.json']);
    expect(lstatSync(join(library, '.pizhu', 'a.json')).isDirectory()).toBe(true);
    expect(tempFiles(join(library, '.pizhu'))).toEqual([]);
  });

  it('concurrent writes of one file, from two hosts at once, end with one of them whole', async () => {
    const { library, data } = workDir();
    const first = folderFor(library, data);
    const second = folderFor(library, data);
    // Large enough that a torn write would show: each body is one writer's letter, repeated.
    const bodies = Array.from({ length: 12 }, (_, i) => JSON.stringify({ writer: i, fill: String.fromCharCode(0x4e00 + i).repeat(200_000) }));
    const results = await Promise.all(bodies.map((body, i) => (i % 2 === 0 ? first : second).write('shared.json', body)));
    expect(results.every((r) => r.ok)).toBe(true);
    const final = readFileSync(join(library, '.pizhu', 'shared.json'), 'utf8');
    expect(bodies).toContain(final);
    expect(readdirSync(join(library, '.pizhu'))).toEqual(['shared.json']);
  });

  it('writes many files in one call, each whole, each answered in order; one that fails does not stop the rest', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data);
    await folder.write('b.json', '{"old":true}');
    // A folder where c.json should go: its rename fails, the files around it are written.
    mkdirSync(join(library, '.pizhu', 'c.json', 'inside'), { recursive: true });
    const results = await folder.writeMany([
      { name: 'a.json', text: '{"a":1}' },
      { name: 'c.json', text: '{"c":1}' },
      { name: '../escape.json', text: '{}' },
      { name: 'b.json', text: '{"new":"批注"}' },
    ]);
    expect(results.map((r) => (r.ok ? [r.ok, r.file.name, r.file.size] : [r.ok, r.code]))).toEqual([
      [true, 'a.json', 7],
      [false, 'failed'],
      [false, 'failed'],
      [true, 'b.json', 16],
    ]);
    const dir = join(library, '.pizhu');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"a":1}');
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe('{"new":"批注"}');
    expect(lstatSync(join(dir, 'c.json')).isDirectory()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json', 'c.json']);
    expect(tempFiles(dir)).toEqual([]);
    expect(existsSync(join(library, 'escape.json'))).toBe(false);
  });

  it('refuses names that lead anywhere but a bare file in the folder, and text too large', async () => {
    const { work, library, data } = workDir();
    const folder = folderFor(library, data);
    for (const name of ['../escape.json', '/tmp/escape.json', 'sub/a.json', '..\\escape.json', '..', '.hidden.json', 'a.txt', 'nul.json']) {
      expect(await folder.write(name, '{}')).toMatchObject({ ok: false, code: 'failed' });
    }
    expect(readdirSync(work).sort()).toEqual(['library']);
    expect(existsSync(join(library, '.pizhu'))).toBe(false);
  });
});

describe('reading and listing', () => {
  it('lists the files the host accepts, conflict copies included, and names the rest', async () => {
    const { work, library, data } = workDir();
    const folder = folderFor(library, data);
    const dir = join(library, '.pizhu');
    mkdirSync(join(dir, 'aside'), { recursive: true });
    mkdirSync(join(dir, 'old.json'));
    writeFileSync(join(dir, 'b.json'), '{"b":1}');
    writeFileSync(join(dir, 'b.sync-conflict-20261203-101500-ABCDEFG.json'), '{"b":2}');
    writeFileSync(join(dir, '.syncthing.b.json.tmp'), '{"b":');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(work, 'secret.json'), '{"secret":true}');
    symlinkSync(join(work, 'secret.json'), join(dir, 'secret.json'));
    const listing = await folder.list();
    expect(listing.location.place).toBe('library');
    expect(listing.files.map((f) => [f.name, f.size])).toEqual([
      ['b.json', 7],
      ['b.sync-conflict-20261203-101500-ABCDEFG.json', 7],
    ]);
    expect(listing.others).toEqual([
      { name: 'notes.txt', reason: 'name must end with .json or .jsonld' },
      { name: 'old.json', reason: 'a folder' },
      { name: 'secret.json', reason: 'a link, which is not followed' },
    ]);
  });

  it('reads many files in one call, each with its own answer; never through a link', async () => {
    const { work, library, data } = workDir();
    const folder = folderFor(library, data);
    const dir = join(library, '.pizhu');
    mkdirSync(dir);
    writeFileSync(join(dir, '甲.json'), '{"note":"营商环境"}');
    writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    writeFileSync(join(dir, 'huge.json'), '');
    truncateSync(join(dir, 'huge.json'), 64 * 1024 * 1024 + 1);
    writeFileSync(join(work, 'secret.json'), '{"secret":true}');
    symlinkSync(join(work, 'secret.json'), join(dir, 'secret.json'));
    const results = await folder.read(['甲.json', 'gone.json', 'latin1.json', 'huge.json', 'secret.json']);
    expect(results[0]).toEqual({ ok: true, name: '甲.json', text: '{"note":"营商环境"}', sha256: sha256('{"note":"营商环境"}'), size: 23, mtimeMs: expect.any(Number) });
    expect(results.slice(1).map((r) => [r.name, r.ok ? 'ok' : r.code])).toEqual([
      ['gone.json', 'missing'],
      ['latin1.json', 'not-utf8'],
      ['huge.json', 'too-large'],
      ['secret.json', 'not-a-file'],
    ]);
    await expect(folder.read(['../secret.json'])).rejects.toThrow('name contains a reserved character or a folder separator');
  });

  it('reads a byte-order mark as no text, a character past U+FFFF as two units, and refuses UTF-8 the standard refuses', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data);
    const dir = join(library, '.pizhu');
    mkdirSync(dir);
    // 𠀀 (U+20000) is F0 A0 80 80 in UTF-8 and a surrogate pair in UTF-16.
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"q":"𠀀营"}', 'utf8')]);
    writeFileSync(join(dir, 'bom.json'), withBom);
    // A surrogate written as UTF-8 (ED A0 80) and an overlong slash (C0 AF): not UTF-8 (WHATWG Encoding, "UTF-8 decoder").
    writeFileSync(join(dir, 'surrogate.json'), Buffer.from([0x7b, 0xed, 0xa0, 0x80, 0x7d]));
    writeFileSync(join(dir, 'overlong.json'), Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]));
    const names = ['bom.json', 'surrogate.json', 'overlong.json'];
    const decoded = await folder.read(names);
    expect(decoded[0]).toEqual({ ok: true, name: 'bom.json', text: '{"q":"𠀀营"}', sha256: createHash('sha256').update(withBom).digest('hex'), size: 18, mtimeMs: expect.any(Number) });
    expect(decoded.slice(1).map((r) => [r.name, r.ok ? 'ok' : r.code])).toEqual([
      ['surrogate.json', 'not-utf8'],
      ['overlong.json', 'not-utf8'],
    ]);
    const undecoded = await folder.readUndecoded(names);
    // {"q":" is 6 units, 𠀀 two, 营 one, "} two.
    expect(undecoded[0]).toMatchObject({ ok: true, name: 'bom.json', textLength: 11, size: 18 });
    expect(undecoded[0].ok && Buffer.from(undecoded[0].bytes).toString('utf8')).toBe('{"q":"𠀀营"}');
    expect(undecoded.slice(1).map((r) => (r.ok ? 'ok' : r.code))).toEqual(['not-utf8', 'not-utf8']);
  });

  it('past the bulk read budget, answers the files not begun as over-budget, to be asked for again', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data, { readBudgetBytes: 25 });
    for (const name of ['a.json', 'b.json', 'c.json']) await folder.write(name, '{"n":"1234"}');
    const results = await folder.read(['a.json', 'b.json', 'c.json']);
    expect(results.filter((r) => r.ok).length).toBe(2);
    const over = results.filter((r) => !r.ok);
    expect(over).toEqual([{ ok: false, name: expect.stringMatching(/^[abc]\.json$/), code: 'over-budget', detail: 'this call has read as much as it may: ask for this file again' }]);
    expect((await folder.read([over[0].name]))[0]).toMatchObject({ ok: true, text: '{"n":"1234"}' });
  });

  it('stops at a .pizhu swapped for a link after the folder was placed', async () => {
    const { work, library, data } = workDir();
    const folder = folderFor(library, data);
    await folder.write('a.json', '{}');
    mkdirSync(join(work, 'outside'));
    writeFileSync(join(work, 'outside', 'a.json'), '{"outside":true}');
    rmSync(join(library, '.pizhu'), { recursive: true });
    symlinkSync(join(work, 'outside'), join(library, '.pizhu'));
    await expect(folder.read(['a.json'])).rejects.toThrow('has become a link');
    expect(await folder.write('a.json', '{"mine":1}')).toMatchObject({ ok: false });
    expect(readFileSync(join(work, 'outside', 'a.json'), 'utf8')).toBe('{"outside":true}');
  });
});

describe('setting aside and removing', () => {
  it('moves an unreadable file into aside/ with its content, and never over another', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data, { now: () => Date.UTC(2026, 11, 3, 12, 0, 0) });
    const dir = join(library, '.pizhu');
    await folder.write('broken.json', '{"trunc');
    mkdirSync(join(dir, 'aside'));
    // Someone's file already under the name the first set-aside would take.
    writeFileSync(join(dir, 'aside', '2026-12-03T12-00-00Z-broken.json'), 'older');
    expect(await folder.setAside('broken.json')).toEqual({ ok: true, aside: 'aside/2026-12-03T12-00-00Z-2-broken.json' });
    await folder.write('broken.json', '<html>');
    expect(await folder.setAside('broken.json')).toEqual({ ok: true, aside: 'aside/2026-12-03T12-00-00Z-3-broken.json' });
    expect(readFileSync(join(dir, 'aside', '2026-12-03T12-00-00Z-broken.json'), 'utf8')).toBe('older');
    expect(readFileSync(join(dir, 'aside', '2026-12-03T12-00-00Z-2-broken.json'), 'utf8')).toBe('{"trunc');
    expect(readFileSync(join(dir, 'aside', '2026-12-03T12-00-00Z-3-broken.json'), 'utf8')).toBe('<html>');
    expect(existsSync(join(dir, 'broken.json'))).toBe(false);
    expect(await folder.setAside('broken.json')).toMatchObject({ ok: false, code: 'missing' });
    expect((await folder.list()).files).toEqual([]);
  });

  it('removes a conflict copy only by a conflict-copy name, and only while its bytes are those merged', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data);
    const dir = join(library, '.pizhu');
    const copy = "a (Ann's conflicted copy 2026-12-03).json";
    await folder.write('a.json', '{"a":1}');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, copy), '{"a":2}');
    expect(await folder.removeConflictCopy('a.json', sha256('{"a":1}'))).toMatchObject({ ok: false, detail: 'not a conflict copy' });
    const [read] = await folder.read([copy]);
    // Written again after the merge read it: kept.
    writeFileSync(join(dir, copy), '{"a":3}');
    expect(await folder.removeConflictCopy(copy, read.ok ? read.sha256 : '')).toMatchObject({ ok: false, code: 'changed' });
    expect(await folder.removeConflictCopy(copy, sha256('{"a":3}'))).toEqual({ ok: true });
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
});

describe('watching', () => {
  it("reports a file another process writes or removes, and never the host's own writes, set-asides or removals", async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data);
    const dir = join(library, '.pizhu');
    const events: AnnotationFilesEvent[] = [];
    folder.watch((event) => events.push(event));
    await folder.settle();
    const reported = (name: string) => events.some((e) => e.changed.some((f) => f.name === name) || e.removed.includes(name));

    // The folder does not exist yet: another machine's file arrives with it.
    otherProcess('const fs=require("fs");fs.mkdirSync(process.argv[1]);fs.writeFileSync(process.argv[1]+"/remote.json","{\\"r\\":1}")', dir);
    await until(() => reported('remote.json'), 'the remote file');
    expect(events.flatMap((e) => e.changed.map((f) => f.name))).toEqual(['remote.json']);

    await folder.write('mine.json', '{"m":1}');
    await folder.writeMany([
      { name: 'remote.json', text: '{"r":2,"merged":true}' },
      { name: 'many.json', text: '{"n":1}' },
    ]);
    writeFileSync(join(dir, 'c.sync-conflict-20261203-101500-ABCDEFG.json'), '{"c":1}');
    await until(() => reported('c.sync-conflict-20261203-101500-ABCDEFG.json'), 'the conflict copy');
    await folder.removeConflictCopy('c.sync-conflict-20261203-101500-ABCDEFG.json', sha256('{"c":1}'));
    await folder.write('bad.json', 'not json');
    await folder.setAside('bad.json');
    // A marker written afterwards by another process: once it is reported, the host's own changes have been looked at too.
    otherProcess('require("fs").writeFileSync(process.argv[1], "{}")', join(dir, 'marker.json'));
    await until(() => reported('marker.json'), 'the marker');
    await folder.settle();
    expect(reported('mine.json')).toBe(false);
    expect(reported('many.json')).toBe(false);
    expect(reported('bad.json')).toBe(false);
    expect(events.flatMap((e) => e.changed.map((f) => f.name))).toEqual(['remote.json', 'c.sync-conflict-20261203-101500-ABCDEFG.json', 'marker.json']);
    expect(events.flatMap((e) => e.removed)).toEqual([]);

    // Another process replaces the host's own file (as Syncthing does, by a rename) and removes another.
    const seen = events.length;
    otherProcess('const fs=require("fs");fs.writeFileSync(process.argv[1]+".tmp","{\\"m\\":2}");fs.renameSync(process.argv[1]+".tmp",process.argv[1]);fs.unlinkSync(process.argv[2])', join(dir, 'mine.json'), join(dir, 'marker.json'));
    await until(() => reported('mine.json') && events.some((e) => e.removed.includes('marker.json')), 'the replaced and the removed file');
    const later = events.slice(seen);
    expect(later.flatMap((e) => e.changed)).toEqual([{ name: 'mine.json', size: 7, mtimeMs: expect.any(Number) }]);
    expect(later.flatMap((e) => e.removed)).toEqual(['marker.json']);
  });
});

describe('watching the files it names', () => {
  it('looks at the files an event names a moment after it, not a whole-folder quiet period later; a link or a folder is no file', async () => {
    const { library, data } = workDir();
    // A look at the whole folder would come ten minutes after the last event: never, in this test.
    const folder = folderFor(library, data, { debounceMs: 600_000 });
    const dir = join(library, '.pizhu');
    await folder.write('mine.json', '{"m":1}');
    const events: AnnotationFilesEvent[] = [];
    folder.watch((event) => events.push(event));
    await folder.settle();
    // The watch, once made, is followed by a look at the whole folder (for what changed before it): taken now.
    await folder.settle();
    otherProcess(
      'const fs=require("fs"),d=process.argv[1];fs.mkdirSync(d+"/sub.json");fs.symlinkSync(d+"/mine.json",d+"/link.json");fs.writeFileSync(d+"/.syncthing.remote.json.tmp","{\\"r\\":1}");fs.renameSync(d+"/.syncthing.remote.json.tmp",d+"/remote.json")',
      dir,
    );
    await until(() => events.some((e) => e.changed.some((f) => f.name === 'remote.json')), 'the file renamed into the folder');
    expect(events.flatMap((e) => e.changed)).toEqual([{ name: 'remote.json', size: 7, mtimeMs: expect.any(Number) }]);
    expect(events.flatMap((e) => e.removed)).toEqual([]);

    otherProcess('require("fs").unlinkSync(process.argv[1])', join(dir, 'mine.json'));
    await until(() => events.some((e) => e.removed.includes('mine.json')), 'the removed file');
    expect(events.flatMap((e) => e.changed.map((f) => f.name))).toEqual(['remote.json']);
  });
});

describe('the open library', () => {
  it("follows a switch of library: calls go to the new library's folder, and only its changes are reported", async () => {
    const { work, library, data } = workDir();
    const second = join(work, 'second');
    mkdirSync(second);
    writeFileSync(join(second, '人才.txt'), '人才引进');
    const host = new LibraryHost({ seedsDir: join(work, 'seeds'), settings: new SettingsFile(data), overrideRoot: library, debounceMs: 30, warn: () => undefined });
    cleanups.push(() => host.close());
    await host.init();
    const events: AnnotationFilesEvent[] = [];
    host.onAnnotationFilesEvent((event) => events.push(event));
    expect((await host.annotationFiles.location()).folder).toBe(join(library, '.pizhu'));
    await host.annotationFiles.write('first.json', '{}');
    expect((await host.openFolder(second)).ok).toBe(true);
    expect(await host.annotationFiles.location()).toEqual({ folder: join(second, '.pizhu'), place: 'library', libraryRoot: second });
    await host.annotationFiles.write('second.json', '{}');
    expect(readdirSync(join(second, '.pizhu'))).toEqual(['second.json']);
    expect(readdirSync(join(library, '.pizhu'))).toEqual(['first.json']);
    await host.annotationFiles.settle();
    writeFileSync(join(library, '.pizhu', 'old-library.json'), '{}');
    writeFileSync(join(second, '.pizhu', 'remote.json'), '{}');
    await until(() => events.some((e) => e.changed.some((f) => f.name === 'remote.json')), 'the change in the open library');
    await host.annotationFiles.settle();
    expect(events.flatMap((e) => e.changed.map((f) => f.name))).toEqual(['remote.json']);
  });

  it('watches the user-data fallback folder the same way', async () => {
    const { library, data } = workDir();
    const folder = folderFor(library, data, { bundled: true });
    const events: AnnotationFilesEvent[] = [];
    folder.watch((event) => events.push(event));
    await folder.settle();
    const { folder: dir } = await folder.location();
    await folder.write('mine.json', '{}');
    otherProcess('require("fs").writeFileSync(process.argv[1], "{}")', join(dir, 'remote.json'));
    await until(() => events.length > 0, 'the remote file');
    await folder.settle();
    expect(events.flatMap((e) => e.changed.map((f) => f.name))).toEqual(['remote.json']);
  });
});

describe('the library beside it', () => {
  it('never lists .pizhu/, and changes in it are no article changes', async () => {
    const { library, data } = workDir();
    mkdirSync(join(library, '.pizhu'));
    writeFileSync(join(library, '.pizhu', 'notes.txt'), '这不是文章');
    writeFileSync(join(library, '.pizhu', 'a.json'), '{}');
    const service = new LibraryService(library, { isDefault: false, debounceMs: 30, warn: () => undefined });
    cleanups.push(() => service.close());
    expect((await service.snapshot()).entries.map((e) => e.key)).toEqual(['营商环境.txt']);
    const events: LibraryEvent[] = [];
    service.subscribe((event) => events.push(event));
    await until(() => service.scanCount >= 2, 'the baseline scan');
    const folder = folderFor(library, data);
    await folder.write('b.json', '{"b":1}');
    otherProcess('require("fs").writeFileSync(process.argv[1], "{}")', join(library, '.pizhu', 'c.json'));
    writeFileSync(join(library, '新文章.txt'), '招商引资');
    await until(() => events.length > 0, 'the new article');
    expect(events.map((e) => (e.type === 'remove' ? e.key : e.type === 'reset' ? 'reset' : e.entry.key))).toEqual(['新文章.txt']);
  });
});
