// A small client for Syncthing's REST API on the GUI port (endpoints as in Syncthing 1.19's
// syncthing-rest-api(7), https://docs.syncthing.net/v1.19.2/dev/rest.html), only ever to
// 127.0.0.1, and the running-state checks the pair makes after start.
import { LoopbackRefusal } from './syncthingConfig.ts';

/** What GET /rest/system/status says about listeners, discovery and dials. */
export interface SystemStatus {
  myID: string;
  connectionServiceStatus?: Record<string, unknown>;
  discoveryEnabled?: boolean;
  discoveryMethods?: number;
  discoveryStatus?: Record<string, unknown>;
  lastDialStatus?: Record<string, unknown>;
}

/** GET /rest/system/connections (format of 1.19). */
export interface Connections {
  connections: Record<string, { connected: boolean; paused: boolean; address: string; type: string }>;
}

/** GET /rest/db/status: the folder's state and what it still needs. */
export interface FolderStatus {
  state: string;
  needTotalItems: number;
  pullErrors: number;
  errors?: number;
  sequence: number;
  globalFiles: number;
  localFiles: number;
}

export class SyncthingRest {
  readonly base: string;

  constructor(
    guiPort: number,
    private readonly apiKey: string,
  ) {
    this.base = `http://127.0.0.1:${guiPort}`;
  }

  private async call(method: 'GET' | 'POST', path: string, timeoutMs: number): Promise<Response> {
    const url = new URL(path, this.base);
    // Built from a fixed base, but checked all the same: this client talks to loopback or not at all.
    if (url.hostname !== '127.0.0.1' || url.protocol !== 'http:') throw new LoopbackRefusal(`refusing a REST call beyond 127.0.0.1: ${url.href}`);
    const response = await fetch(url, { method, headers: { 'X-API-Key': this.apiKey }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  async get<T>(path: string, timeoutMs = 10_000): Promise<T> {
    return (await (await this.call('GET', path, timeoutMs)).json()) as T;
  }

  async post(path: string, timeoutMs = 30_000): Promise<void> {
    await (await this.call('POST', path, timeoutMs)).arrayBuffer();
  }
}

const LOOPBACK_LISTENER = /^tcp4?:\/\/127\.0\.0\.1:\d+$/;
const LOOPBACK_DIAL = /^tcp4?:\/\/127\.0\.0\.1(?::\d+)?$/;

/**
 * Every sign, in a running instance's status, of a listener, discovery method or dial beyond
 * loopback; empty when it keeps to 127.0.0.1.
 */
export function runningBeyondLoopback(status: SystemStatus, connections: Connections): string[] {
  const out: string[] = [];
  for (const listener of Object.keys(status.connectionServiceStatus ?? {})) {
    if (!LOOPBACK_LISTENER.test(listener)) out.push(`listener ${listener}`);
  }
  if (status.discoveryEnabled) out.push('discovery is enabled');
  if (status.discoveryMethods) out.push(`${status.discoveryMethods} discovery method(s)`);
  for (const method of Object.keys(status.discoveryStatus ?? {})) out.push(`discovery ${method}`);
  for (const dialed of Object.keys(status.lastDialStatus ?? {})) {
    if (!LOOPBACK_DIAL.test(dialed)) out.push(`dialed ${dialed}`);
  }
  for (const [id, c] of Object.entries(connections.connections)) {
    if (c.connected && !c.address.startsWith('127.0.0.1:')) out.push(`connection to ${id} over ${c.address}`);
  }
  return out;
}
