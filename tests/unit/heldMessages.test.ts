// The preload holds menu commands that arrive before the page listens (an article opened
// from the OS while the window starts) and hands them to the first listener.
import { describe, expect, it } from 'vitest';
import { HeldMessages } from '../../src-main/preload/heldMessages.ts';

/** A stand-in for ipcRenderer: one channel, listeners added and removed. */
function channel() {
  const listeners = new Set<(m: string) => void>();
  return {
    send: (m: string) => listeners.forEach((l) => l(m)),
    subscribe: (l: (m: string) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    get size() {
      return listeners.size;
    },
  };
}

describe('HeldMessages', () => {
  it('hands messages sent before anyone listened to the first listener, in order, once', () => {
    const ch = channel();
    const held = new HeldMessages<string>();
    held.receive('a');
    held.receive('b');
    const first: string[] = [];
    held.listen((m) => first.push(m), ch.subscribe);
    expect(first).toEqual(['a', 'b']);
    const second: string[] = [];
    held.listen((m) => second.push(m), ch.subscribe);
    expect(second).toEqual([]);
  });

  it('holds nothing while someone listens: live messages reach listeners only through their subscription', () => {
    const ch = channel();
    const held = new HeldMessages<string>();
    const got: string[] = [];
    const off = held.listen((m) => got.push(m), ch.subscribe);
    held.receive('live');
    ch.send('live');
    expect(got).toEqual(['live']);
    off();
    expect(ch.size).toBe(0);
    // After the last listener left, messages are held again for the next one.
    held.receive('later');
    const next: string[] = [];
    held.listen((m) => next.push(m), ch.subscribe);
    expect(next).toEqual(['later']);
  });

  it('counts a double unsubscribe once', () => {
    const ch = channel();
    const held = new HeldMessages<string>();
    const offA = held.listen(() => {}, ch.subscribe);
    const got: string[] = [];
    held.listen((m) => got.push(m), ch.subscribe);
    offA();
    offA();
    // One listener remains, so nothing is held back for a later one.
    held.receive('x');
    const late: string[] = [];
    held.listen((m) => late.push(m), ch.subscribe);
    expect(late).toEqual([]);
  });
});
