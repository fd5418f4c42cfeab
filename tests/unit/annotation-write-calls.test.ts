import { describe, expect, it } from 'vitest';
import type { AnnotationFileWrite, WriteAnnotationFileResult } from '../../src-main/api.ts';
import { WriteCalls } from '../../src-renderer/state/annotationWriteCalls.ts';

// Files of 3 MiB: two fit in one call of at most 8 MiB, a third does not.
const MIB = 1024 * 1024;
const file = (n: number): AnnotationFileWrite => ({ name: `f${n}.json`, text: String(n % 10).repeat(3 * MIB) });
const written = (batch: readonly AnnotationFileWrite[]): WriteAnnotationFileResult[] => batch.map((f) => ({ ok: true, file: { name: f.name, size: f.text.length, mtimeMs: 1 } }));

/** A host whose calls are answered when the test says. */
function heldHost() {
  const calls: { names: string[]; answer: (results: WriteAnnotationFileResult[]) => void; fail: (error: Error) => void }[] = [];
  const write = (batch: AnnotationFileWrite[]) =>
    new Promise<WriteAnnotationFileResult[]>((answer, fail) => {
      calls.push({ names: batch.map((f) => f.name), answer, fail });
    });
  return { calls, write };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Write calls to `host` that record the names of each call recorded as answered, in order. */
function recordingCalls(host: ReturnType<typeof heldHost>, mayGoOn: () => boolean = () => true) {
  const recorded: string[][] = [];
  const calls = new WriteCalls(host.write, mayGoOn, (batch) => (recorded.push(batch.map((f) => f.name)), null));
  return { calls, recorded };
}

describe('the write calls of one step', () => {
  it('hands the host its first call while the later files are still to come', async () => {
    const host = heldHost();
    const calls = new WriteCalls(host.write, () => true, () => null);
    for (const n of [1, 2, 3]) expect(await calls.add(file(n))).toBe(true);
    expect(host.calls.map((c) => c.names)).toEqual([['f1.json', 'f2.json']]);
  });

  it('has two calls under way at most: the third waits for the first answer', async () => {
    const host = heldHost();
    const { calls, recorded } = recordingCalls(host);
    for (const n of [1, 2, 3, 4, 5, 6]) await calls.add(file(n));
    const seventh = calls.add(file(7));
    await tick();
    expect(host.calls.map((c) => c.names)).toEqual([
      ['f1.json', 'f2.json'],
      ['f3.json', 'f4.json'],
    ]);
    host.calls[0].answer(written([file(1), file(2)]));
    expect(await seventh).toBe(true);
    expect(host.calls.length).toBe(3);
    expect(recorded).toEqual([['f1.json', 'f2.json']]);
    host.calls[1].answer(written([file(3), file(4)]));
    host.calls[2].answer(written([file(5), file(6)]));
    const done = calls.finish();
    await tick();
    host.calls[3].answer(written([file(7)]));
    await done;
    expect(host.calls.map((c) => c.names)).toEqual([['f1.json', 'f2.json'], ['f3.json', 'f4.json'], ['f5.json', 'f6.json'], ['f7.json']]);
    expect(recorded.length).toBe(4);
  });

  it('a file not written stops the sending; the call under way after it is still recorded, and the failure is thrown', async () => {
    const host = heldHost();
    const recorded: string[][] = [];
    const calls = new WriteCalls(host.write, () => true, (batch, results) => {
      recorded.push(batch.map((f) => f.name));
      return results.every((r) => r.ok) ? null : new Error('not written');
    });
    for (const n of [1, 2, 3, 4, 5]) await calls.add(file(n));
    host.calls[0].answer([written([file(1)])[0], { ok: false, code: 'failed', detail: 'disk full' }]);
    host.calls[1].answer(written([file(3), file(4)]));
    await expect(calls.finish()).rejects.toThrow('not written');
    expect(recorded).toEqual([
      ['f1.json', 'f2.json'],
      ['f3.json', 'f4.json'],
    ]);
    // f5 was never sent, and nothing more is taken.
    expect(host.calls.length).toBe(2);
    expect(await calls.add(file(6))).toBe(false);
  });

  it('a call that fails outright is thrown from the add that meets it', async () => {
    const host = heldHost();
    const { calls, recorded } = recordingCalls(host);
    for (const n of [1, 2, 3, 4, 5, 6]) await calls.add(file(n));
    const seventh = calls.add(file(7));
    host.calls[0].fail(new Error('host gone'));
    host.calls[1].answer(written([file(3), file(4)]));
    await expect(seventh).rejects.toThrow('host gone');
    expect(host.calls.length).toBe(2);
    // What the call under way after it wrote is recorded as on disk.
    expect(recorded).toEqual([['f3.json', 'f4.json']]);
  });

  it('sends nothing more once the step may not go on (stopped, or another library opened)', async () => {
    const host = heldHost();
    let goOn = true;
    const { calls, recorded } = recordingCalls(host, () => goOn);
    for (const n of [1, 2, 3, 4]) await calls.add(file(n));
    goOn = false;
    expect(await calls.add(file(5))).toBe(false);
    expect(await calls.add(file(6))).toBe(false);
    host.calls[0].answer(written([file(1), file(2)]));
    await calls.finish();
    expect(host.calls.length).toBe(1);
    // The call already under way is still recorded.
    expect(recorded).toEqual([['f1.json', 'f2.json']]);
  });

  it('asks again after waiting for an older call: a library opened meanwhile gets none of these files', async () => {
    const host = heldHost();
    let goOn = true;
    const calls = new WriteCalls(host.write, () => goOn, () => null);
    for (const n of [1, 2, 3, 4, 5, 6]) await calls.add(file(n));
    // The seventh waits for the first answer before a third call would go.
    const seventh = calls.add(file(7));
    await tick();
    goOn = false;
    host.calls[0].answer(written([file(1), file(2)]));
    expect(await seventh).toBe(false);
    expect(host.calls.length).toBe(2);
  });

  it('after a failure elsewhere in the step, what the calls under way wrote is recorded and nothing more is sent', async () => {
    const host = heldHost();
    const { calls, recorded } = recordingCalls(host);
    for (const n of [1, 2, 3, 4, 5]) await calls.add(file(n));
    const settled = calls.abandon();
    host.calls[0].answer(written([file(1), file(2)]));
    host.calls[1].fail(new Error('host gone'));
    await settled;
    expect(recorded).toEqual([['f1.json', 'f2.json']]);
    expect(await calls.add(file(6))).toBe(false);
    expect(host.calls.length).toBe(2);
  });
});
