// A read's file-system calls made at once (synchronously, each timed) answer as the thread
// pool's do, errors included, and a call that takes long says so.
import { afterEach, describe, expect, it } from 'vitest';
import { constants, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { immediateFileCalls, pooledFileCalls, type FileCalls } from '../../src-main/library/fileCalls.ts';
import { LibraryService } from '../../src-main/library/libraryService.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pizhu-file-calls-'));
  made.push(dir);
  writeFileSync(join(dir, '篇.txt'), '批注：读一读');
  symlinkSync(join(dir, '篇.txt'), join(dir, 'link.txt'));
  return dir;
}

/** What the calls say of the folder: its file's real path, size, bytes by two reads and whole, and the errors of one not there. */
async function described(calls: FileCalls, dir: string) {
  const real = await calls.realpath(join(dir, 'link.txt'));
  const size = (await calls.stat(real)).size;
  const file = await calls.open(real, constants.O_RDONLY);
  const head = Buffer.alloc(6);
  const first = await file.read(head, 0, 6, 0);
  const tail = Buffer.alloc(size - 6);
  const second = await file.read(tail, 0, size - 6, 6);
  const isFile = (await file.stat()).isFile();
  await file.close();
  const again = await calls.open(real, constants.O_RDONLY);
  const whole = (await again.readFile()).toString('utf8');
  await again.close();
  const missing = await Promise.allSettled([calls.realpath(join(dir, 'gone.txt')), calls.stat(join(dir, 'gone.txt')), calls.open(join(dir, 'gone.txt'), constants.O_RDONLY)]);
  return {
    real,
    size,
    read: [first.bytesRead, second.bytesRead, Buffer.concat([head, tail]).toString('utf8')],
    isFile,
    whole,
    missing: missing.map((m) => (m.status === 'rejected' ? (m.reason as NodeJS.ErrnoException).code : 'answered')),
  };
}

describe('a read’s file calls made at once', () => {
  it('answer as the thread pool’s calls do: the link’s real path, the size, the bytes, and ENOENT as a rejection', async () => {
    const dir = folder();
    const atOnce = await described(immediateFileCalls(() => {}), dir);
    // 批注：读一读 is six characters of three UTF-8 bytes each.
    expect(atOnce).toEqual({ real: join(dir, '篇.txt'), size: 18, read: [6, 12, '批注：读一读'], isFile: true, whole: '批注：读一读', missing: ['ENOENT', 'ENOENT', 'ENOENT'] });
    expect(await described(pooledFileCalls(), dir)).toEqual(atOnce);
  });

  it('say when two calls in a row took longer than the allowance, and only then', async () => {
    const dir = folder();
    let clock = 0;
    let slow = 0;
    // Each call reads the clock before and after: here the clock stands still.
    await immediateFileCalls(() => slow++, 20, () => clock).stat(join(dir, '篇.txt'));
    expect(slow).toBe(0);
    // 15 ms a call: within the allowance.
    const within = immediateFileCalls(() => slow++, 20, () => (clock += 15));
    await within.stat(join(dir, '篇.txt'));
    await within.stat(join(dir, '篇.txt'));
    expect(slow).toBe(0);
    // 30 ms a call: one may have waited for a core; the second says the disk is slow.
    let step = 30;
    const slowClock = immediateFileCalls(() => slow++, 20, () => (clock += step));
    await slowClock.stat(join(dir, '篇.txt'));
    expect(slow).toBe(0);
    // A failing call is timed too.
    await expect(slowClock.stat(join(dir, 'gone.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(slow).toBe(1);
    // A quick call between two slow ones starts the count again.
    const mixed = immediateFileCalls(() => slow++, 20, () => (clock += step));
    await mixed.stat(join(dir, '篇.txt'));
    step = 0;
    await mixed.stat(join(dir, '篇.txt'));
    step = 30;
    await mixed.stat(join(dir, '篇.txt'));
    expect(slow).toBe(1);
  });

  it('read a large file through the pool, untimed, whole', async () => {
    const dir = folder();
    // 1.5 MB: past what is read at once.
    const text = '批注'.repeat(256 * 1024);
    writeFileSync(join(dir, '长.txt'), text);
    let slow = 0;
    let clock = 0;
    const calls = immediateFileCalls(() => slow++, 20, () => (clock += 30));
    const file = await calls.open(join(dir, '长.txt'), constants.O_RDONLY);
    const bytes = Buffer.alloc(1536 * 1024);
    const { bytesRead } = await file.read(bytes, 0, bytes.length, 0);
    // Only the open was timed (one slow call): the read of 1.5 MB was not.
    expect(slow).toBe(0);
    await file.close();
    expect(bytesRead).toBe(1536 * 1024);
    expect(bytes.toString('utf8')).toBe(text);
  });

  it('read the library’s files as before: text, fingerprint, and a file replaced between two reads', async () => {
    const dir = folder();
    const service = new LibraryService(dir, { isDefault: false });
    try {
      const first = await service.read('篇.txt');
      expect(first).toMatchObject({ ok: true, file: { key: '篇.txt', text: '批注：读一读', size: 18 } });
      // Replaced as an editor saves: a new file renamed over the old one.
      writeFileSync(join(dir, '篇.tmp'), '批注：改过了，再读');
      renameSync(join(dir, '篇.tmp'), join(dir, '篇.txt'));
      const second = await service.read('篇.txt');
      expect(second).toMatchObject({ ok: true, file: { text: '批注：改过了，再读', size: 27 } });
      expect(second.ok && first.ok && second.file.fingerprint !== first.file.fingerprint).toBe(true);
      expect(await service.read('gone.txt')).toMatchObject({ ok: false, error: { code: 'vanished' } });
    } finally {
      await service.close();
    }
  });
});
