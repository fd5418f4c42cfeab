// The preload's surface, with Electron faked: exactly one object crosses the bridge, its
// functions are the API (derived from CHANNELS and the main process's handlers, so a
// function added tomorrow is checked too), each goes to its own channel, and listeners get
// the payload alone — never the IpcRendererEvent, whose `sender` would hand the page
// ipcRenderer itself.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src-main/hostApi.ts';
import { EVENT_CHANNELS as EVENTS, INVOKE_CHANNELS as INVOKE, listenerName, PIZHU_API_NAMES } from '../support/pizhuApiNames.ts';

type Listener = (...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  const exposed: { key: string; api: unknown }[] = [];
  const invoked: unknown[][] = [];
  const listening: { channel: string; listener: Listener }[] = [];
  const removed: { channel: string; listener: Listener }[] = [];
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ channel: args[0] });
    },
    on: (channel: string, listener: Listener) => {
      listening.push({ channel, listener });
      return ipcRenderer;
    },
    removeListener: (channel: string, listener: Listener) => {
      removed.push({ channel, listener });
      return ipcRenderer;
    },
  };
  return { exposed, invoked, listening, removed, ipcRenderer };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.push({ key, api }),
  },
  ipcRenderer: electron.ipcRenderer,
}));

let api: Record<string, unknown>;

beforeAll(async () => {
  await import('../../src-main/preload/index.ts');
  api = electron.exposed[0]?.api as Record<string, unknown>;
});

describe('preload', () => {
  it('exposes exactly one object, window.pizhu', () => {
    expect(electron.exposed.map((e) => e.key)).toEqual(['pizhu']);
    expect(Object.getPrototypeOf(api)).toBe(Object.prototype);
  });

  it('whose keys are the API: every handled channel, plus a listener per pushed channel', () => {
    expect(INVOKE.length).toBeGreaterThan(0);
    expect(EVENTS.length).toBeGreaterThan(0);
    expect(Object.keys(api).sort()).toEqual(PIZHU_API_NAMES);
    for (const [name, value] of Object.entries(api)) expect(typeof value, name).toBe('function');
    // Nothing of Electron's rides along.
    const leaked = Object.values(api).filter((v) => v === electron.ipcRenderer || Object.values(electron.ipcRenderer).includes(v as never));
    expect(leaked).toEqual([]);
  });

  it('every call goes to its own channel with the caller’s arguments and nothing else', async () => {
    for (const name of INVOKE) {
      electron.invoked.length = 0;
      const fn = api[name] as (...args: unknown[]) => Promise<unknown>;
      const args = fn.length === 0 ? [] : Array.from({ length: fn.length }, (_, i) => `arg-${i}`);
      await expect(fn(...args), name).resolves.toEqual({ channel: CHANNELS[name] });
      expect(electron.invoked, name).toEqual([[CHANNELS[name], ...args]]);
    }
  });

  it('openFolder() without a path leaves the argument out, so main shows its dialog', async () => {
    electron.invoked.length = 0;
    await (api.openFolder as (path?: string | null) => Promise<unknown>)();
    await (api.openFolder as (path?: string | null) => Promise<unknown>)(null);
    expect(electron.invoked).toEqual([[CHANNELS.openFolder], [CHANNELS.openFolder, null]]);
  });

  it('listeners receive only the payload, never the IpcRendererEvent; unsubscribing removes them', () => {
    for (const channel of EVENTS) {
      const name = listenerName(channel);
      const received: unknown[][] = [];
      electron.listening.length = 0;
      electron.removed.length = 0;
      const unsubscribe = (api[name] as (l: (...args: unknown[]) => void) => () => void)((...args) => received.push(args));
      expect(electron.listening.map((l) => l.channel), name).toEqual([CHANNELS[channel]]);
      const wrapped = electron.listening[0].listener;
      const event = { sender: electron.ipcRenderer, senderId: 0, ports: [] };
      wrapped(event, { type: 'payload' }, 'an extra argument main never sends');
      expect(received, name).toEqual([[{ type: 'payload' }]]);
      expect(typeof unsubscribe, name).toBe('function');
      unsubscribe();
      expect(electron.removed, name).toEqual([{ channel: CHANNELS[channel], listener: wrapped }]);
    }
  });

  it('channel names are unique and namespaced', () => {
    const names = Object.values(CHANNELS);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^pizhu:[a-z-]+$/);
  });
});
