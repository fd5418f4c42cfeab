// The names window.pizhu must expose, derived rather than listed so they cannot drift from
// the code: every channel the main process handles is a function of the same name, and every
// other channel (pushed from main to the page) is a listener `on<Channel>`.
import { CHANNELS } from '../../src-main/hostApi.ts';
import { createIpcHandlers, type IpcDeps } from '../../src-main/ipcHandlers.ts';

export type ChannelName = keyof typeof CHANNELS;

/** Channels the main process answers: it registers a handler for each. */
export const INVOKE_CHANNELS = Object.keys(createIpcHandlers({} as IpcDeps, () => true)) as ChannelName[];

/** Channels main pushes to the page. */
export const EVENT_CHANNELS = (Object.keys(CHANNELS) as ChannelName[]).filter((name) => !INVOKE_CHANNELS.includes(name));

export const listenerName = (channel: string): string => `on${channel[0].toUpperCase()}${channel.slice(1)}`;

/** Every key of window.pizhu, sorted. */
export const PIZHU_API_NAMES: string[] = [...INVOKE_CHANNELS, ...EVENT_CHANNELS.map(listenerName)].sort();
