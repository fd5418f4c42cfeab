// Two real Syncthing instances on one host, standing in for two machines: each with its own
// home (config, keys, database) and its own copy of the library folder, connected to each other
// on 127.0.0.1 and to nothing else. Each config is generated, edited for loopback and read back
// through the guard before the first `syncthing serve`; a config the guard refuses is never
// served. The running instances are checked again through REST, and stopped (process group
// killed if need be) by `stop()`, or when this Node process exits.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyOf, assertLoopbackOnly, generatedDeviceId, LoopbackRefusal, loopbackConfig } from './syncthingConfig.ts';
import { runningBeyondLoopback, SyncthingRest, type Connections, type FolderStatus, type SystemStatus } from './syncthingRest.ts';

export const LIBRARY_FOLDER_ID = 'pizhu-library';

const START_TIMEOUT_MS = 30_000;
const START_ATTEMPTS = 2;
/** `syncthing --version`, run to find the binary. */
const VERSION_CHECK_MS = 10_000;
/** A REST ping while waiting for an instance's API to come up. */
const PING_TIMEOUT_MS = 2_000;
/** Any other REST call made while starting. */
const START_REST_TIMEOUT_MS = 5_000;
/** How stopNode ends an instance: a REST shutdown, then SIGTERM, then SIGKILL, each waited for. */
const SHUTDOWN_CALL_MS = 3_000;
const SHUTDOWN_WAIT_MS = 5_000;
const SIGTERM_WAIT_MS = 3_000;
const SIGKILL_WAIT_MS = 3_000;
const STOP_LIMIT_MS = SHUTDOWN_CALL_MS + SHUTDOWN_WAIT_MS + SIGTERM_WAIT_MS + SIGKILL_WAIT_MS;

/** The syncthing binary to use: `$PIZHU_SYNCTHING` if set (and only it), else `syncthing` on PATH or in /usr/bin; null if none runs. */
export function syncthingBinary(): string | null {
  const candidates = process.env.PIZHU_SYNCTHING ? [process.env.PIZHU_SYNCTHING] : ['syncthing', '/usr/bin/syncthing'];
  for (const candidate of candidates) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: VERSION_CHECK_MS, killSignal: 'SIGKILL' });
    if (r.status === 0 && /^syncthing v\d/.test(r.stdout)) return candidate;
  }
  return null;
}

/** Syncthing's version line, e.g. `syncthing v1.19.2-ds1 …`, for test output. */
export function syncthingVersion(binary: string): string {
  return spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: VERSION_CHECK_MS, killSignal: 'SIGKILL' }).stdout.trim();
}

export interface SyncthingNode {
  /** `A` or `B`. */
  name: string;
  home: string;
  /** This machine's copy of the library (the shared folder); annotation files go in `.pizhu/` within. */
  library: string;
  deviceId: string;
  syncPort: number;
  guiPort: number;
  rest: SyncthingRest;
  logFile: string;
  process?: ChildProcess;
}

export interface SyncthingPair {
  root: string;
  a: SyncthingNode;
  b: SyncthingNode;
  folderId: string;
  /** The other node of the pair. */
  peerOf(node: SyncthingNode): SyncthingNode;
  /** Ask `node` to scan the library now (or only `sub`, a path relative to it); resolves when the scan is done. */
  scan(node: SyncthingNode, sub?: string): Promise<void>;
  /** Until both sides see the other connected, over 127.0.0.1. */
  waitConnected(): Promise<void>;
  /** A pauses its link to B; resolves once both sides see the link down. */
  pauseLink(): Promise<void>;
  /** A resumes its link to B; resolves once both sides are connected again. */
  resumeLink(): Promise<void>;
  /** Until both sides are idle, need nothing, and each sees the other complete. */
  waitInSync(): Promise<void>;
  /** Until `node` has the file at `relPath` (relative to its library), with `content` if given; returns its content. */
  waitForFile(node: SyncthingNode, relPath: string, content?: string): Promise<string>;
  /** Until `check` holds (polled), failing with `what` and both logs' tails after the pair's deadline. */
  waitUntil<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false): Promise<T>;
  /** The tail of a node's Syncthing log, for failure messages. */
  logTail(node: SyncthingNode, lines?: number): string;
  /** Stop both instances (REST shutdown, then the process group is killed) and remove the temporary folders. */
  stop(options?: { keepFiles?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Every wait of the running pair gives up after this long; the whole pair should live well within a test's timeout. */
  waitTimeoutMs?: number;
  /**
   * One attempt at starting the pair (generate both configs, both REST APIs up, connected)
   * makes no new check after this long and fails, with both logs in its message; a call under
   * way then still runs its course (startBudgetMs counts it).
   */
  startTimeoutMs?: number;
  /** Attempts at starting, each on new ports and homes; a refusal by the loopback guard is never tried again. */
  attempts?: number;
  /** A last edit of each node's config before the guard reads it back (tests of the guard's refusal use it). */
  adjustConfig?: (xml: string, node: SyncthingNode) => string;
}

/** Free TCP ports on 127.0.0.1, all distinct: each is held until all are found, then released. */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/**
 * The whole environment Syncthing runs with: nothing is inherited, so no `STGUIADDRESS`,
 * proxy variable or other override from the caller's shell can move it off loopback.
 */
function syncthingEnvironment(home: string): NodeJS.ProcessEnv {
  return { HOME: home, PATH: '/usr/bin:/bin', TZ: 'UTC', LANG: 'C.UTF-8', STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STNORESTART: '1' };
}

const running = new Set<ChildProcess>();
const temporaryRoots = new Set<string>();
const killAllOnExit = () => {
  for (const child of running) killGroup(child, 'SIGKILL');
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
};

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopNode(node: SyncthingNode): Promise<void> {
  const child = node.process;
  if (!child) return;
  try {
    await node.rest.post('/rest/system/shutdown', SHUTDOWN_CALL_MS);
  } catch {
    // Not answering: the signals below end it.
  }
  if (!(await exited(child, SHUTDOWN_WAIT_MS))) {
    killGroup(child, 'SIGTERM');
    if (!(await exited(child, SIGTERM_WAIT_MS))) {
      killGroup(child, 'SIGKILL');
      await exited(child, SIGKILL_WAIT_MS);
    }
  }
  running.delete(child);
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** The longest a start may take, every attempt and its stop included: a hook's timeout must exceed it. */
export function startBudgetMs({ startTimeoutMs = START_TIMEOUT_MS, attempts = START_ATTEMPTS }: StartOptions = {}): number {
  // Past an attempt's deadline, the calls already made may still run their course: at worst a
  // ping of A's and one more of B's, then the last check of the link (two calls) and the loopback
  // check after it (four). Then both nodes are stopped, in parallel.
  const overrun = 2 * PING_TIMEOUT_MS + 6 * START_REST_TIMEOUT_MS;
  // Both candidates of syncthingBinary() may be asked for their version.
  return 2 * VERSION_CHECK_MS + attempts * (startTimeoutMs + overrun + STOP_LIMIT_MS);
}

/**
 * What `work()` brings, or a failure saying `what` did not finish within `ms`. Vitest abandons a
 * hook that runs past its timeout, with no message, and reports its tests skipped; a hook that
 * races its work against a shorter limit fails its tests with this message instead. The limit
 * is counted from before `work` is called, its synchronous part included. `onLate` is given what
 * `work` brings if it finishes after all, to stop it; a failure after the limit is said on stderr.
 */
export function within<T>(what: string, ms: number, work: () => Promise<T>, onLate: (value: T) => unknown = () => {}): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let late = false;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late = true;
      reject(new Error(`${what} did not finish within ${ms} ms`));
    }, ms);
  });
  const working = Promise.resolve().then(work);
  working.then(
    (value) => {
      if (!late) return;
      Promise.resolve()
        .then(() => onLate(value))
        .catch((error: unknown) => console.warn(`${what} finished after its limit and could not be stopped:`, error));
    },
    (error: unknown) => {
      if (late) console.warn(`${what} failed after its limit:`, error);
    },
  );
  return Promise.race([working, limit]).finally(() => clearTimeout(timer));
}

/**
 * Start two loopback-only Syncthing instances sharing one library folder; resolves once they are
 * connected. A start that fails (an instance that exits, a REST API or a link that does not come
 * up in time) is stopped, said on stderr with both logs, and made again on new ports and homes, up
 * to `attempts` in all; the error thrown names every attempt's failure.
 */
export async function startSyncthingPair(options: StartOptions = {}): Promise<SyncthingPair> {
  const binary = syncthingBinary();
  if (!binary) throw new Error('syncthing is not installed (Debian: apt-get install syncthing)');
  const attempts = options.attempts ?? START_ATTEMPTS;
  const failures: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPairOnce(binary, options);
    } catch (error) {
      if (error instanceof LoopbackRefusal) throw error;
      const message = error instanceof Error ? error.message : String(error);
      failures.push(message);
      if (attempt >= attempts) {
        // Each attempt's reason on a line of its own first, then what each said in full (its logs):
        // a summary that keeps only the first lines still shows why every attempt failed.
        const reasons = failures.map((m, i) => `attempt ${i + 1} of ${attempts}: ${m.split('\n')[0]}`);
        const details = failures.map((m, i) => `── attempt ${i + 1}:\n${m}`);
        throw new Error(`Syncthing pair did not start:\n${reasons.join('\n')}\n${details.join('\n')}`, { cause: error });
      }
      console.warn(`Syncthing pair did not start, trying again on new ports and homes (attempt ${attempt} of ${attempts}: ${message})`);
    }
  }
}

async function startPairOnce(binary: string, options: StartOptions): Promise<SyncthingPair> {
  const waitTimeoutMs = options.waitTimeoutMs ?? 30_000;
  const startedAt = Date.now();
  const startDeadline = startedAt + (options.startTimeoutMs ?? START_TIMEOUT_MS);
  const untilStartDeadline = () => Math.max(1, startDeadline - Date.now());
  const root = mkdtempSync(join(tmpdir(), 'pizhu-syncthing-'));
  temporaryRoots.add(root);
  if (!process.listeners('exit').includes(killAllOnExit)) process.on('exit', killAllOnExit);
  const [syncA, guiA, syncB, guiB] = await freeLoopbackPorts(4);

  const generate = (name: 'A' | 'B', i: number): SyncthingNode => {
    const home = join(root, name, 'home');
    const library = join(root, name, 'library');
    mkdirSync(home, { recursive: true });
    // The folder marker Syncthing looks for before it syncs into a folder (its markerName).
    mkdirSync(join(library, '.stfolder'), { recursive: true });
    const r = spawnSync(binary, ['generate', '--home', home, '--no-default-folder', '--skip-port-probing'], { env: syncthingEnvironment(home), encoding: 'utf8', timeout: untilStartDeadline(), killSignal: 'SIGKILL' });
    if (r.status !== 0) throw new Error(`syncthing generate failed${r.error ? ` (${r.error.message})` : ''}: ${r.stderr || r.stdout}`);
    const xml = readFileSync(join(home, 'config.xml'), 'utf8');
    const ports = i === 0 ? [syncA, guiA] : [syncB, guiB];
    return { name, home, library, deviceId: generatedDeviceId(xml), syncPort: ports[0], guiPort: ports[1], rest: new SyncthingRest(ports[1], apiKeyOf(xml)), logFile: join(root, name, 'syncthing.log') };
  };
  let nodes: SyncthingNode[];
  try {
    nodes = [generate('A', 0), generate('B', 1)];
  } catch (error) {
    temporaryRoots.delete(root);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const [a, b] = nodes;
  const peerOf = (node: SyncthingNode) => (node === a ? b : a);

  const logTail = (node: SyncthingNode, lines = 20) => tail(node.logFile, lines);
  // `since`: what the time out is counted from (the attempt's start for the start's own waits).
  const waitUntil = async <T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, deadline = Date.now() + waitTimeoutMs, since = Date.now()): Promise<T> => {
    let lastError: unknown;
    for (;;) {
      for (const node of nodes) {
        if (node.process && node.process.exitCode !== null) throw new Error(`Syncthing ${node.name} exited (${node.process.exitCode}) while waiting for ${what}:\n${logTail(node)}`);
      }
      try {
        const value = await check();
        if (value !== undefined && value !== false) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}, ${Date.now() - since} ms after ${since === startedAt ? 'the start began' : 'the wait began'}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}\n── A log:\n${logTail(a)}\n── B log:\n${logTail(b)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const stop = async ({ keepFiles = false } = {}) => {
    await Promise.all(nodes.map(stopNode));
    temporaryRoots.delete(root);
    if (!keepFiles) rmSync(root, { recursive: true, force: true });
    if (running.size === 0 && temporaryRoots.size === 0) process.off('exit', killAllOnExit);
  };

  try {
    for (const node of nodes) {
      const peer = peerOf(node);
      const configFile = join(node.home, 'config.xml');
      let xml = loopbackConfig(readFileSync(configFile, 'utf8'), {
        name: `pizhu-${node.name}`,
        syncPort: node.syncPort,
        guiPort: node.guiPort,
        peer: { deviceId: peer.deviceId, name: `pizhu-${peer.name}`, syncPort: peer.syncPort },
        folder: { id: LIBRARY_FOLDER_ID, label: 'Pizhu library', path: node.library },
      });
      if (options.adjustConfig) xml = options.adjustConfig(xml, node);
      writeFileSync(configFile, xml);
    }
    // The guard reads back what is on disk — what `serve` will read — for both, before either starts.
    for (const node of nodes) assertLoopbackOnly(readFileSync(join(node.home, 'config.xml'), 'utf8'), `${node.name}'s config.xml`);

    for (const node of nodes) {
      const log = openSync(node.logFile, 'a');
      try {
        // Its own process group (detached), so stop() can end it and anything it started at once.
        node.process = spawn(binary, ['serve', '--home', node.home, '--no-browser', '--no-restart', '--no-default-folder', '--no-upgrade', '--skip-port-probing'], {
          env: syncthingEnvironment(node.home),
          stdio: ['ignore', log, log],
          detached: true,
        });
      } finally {
        closeSync(log);
      }
      running.add(node.process);
    }

    for (const node of nodes) {
      await waitUntil(`Syncthing ${node.name}'s REST API`, async () => (await node.rest.get<{ ping: string }>('/rest/system/ping', PING_TIMEOUT_MS)).ping === 'pong', startDeadline, startedAt);
      // Syncthing may rewrite its config on start (migration, defaults): the guard reads it again.
      assertLoopbackOnly(readFileSync(join(node.home, 'config.xml'), 'utf8'), `${node.name}'s config.xml as Syncthing rewrote it`);
    }

    const connectedBothWays = async (connected: boolean, timeoutMs?: number) => {
      for (const node of nodes) {
        const c = (await node.rest.get<Connections>('/rest/system/connections', timeoutMs)).connections[peerOf(node).deviceId];
        if (!c || c.connected !== connected) return false;
      }
      return true;
    };
    const checkRunningOnLoopback = async (timeoutMs?: number) => {
      for (const node of nodes) {
        const status = await node.rest.get<SystemStatus>('/rest/system/status', timeoutMs);
        const connections = await node.rest.get<Connections>('/rest/system/connections', timeoutMs);
        const beyond = runningBeyondLoopback(status, connections);
        if (beyond.length) throw new LoopbackRefusal(`Syncthing ${node.name} reaches beyond 127.0.0.1: ${beyond.join('; ')}`);
      }
    };
    // `starting`: the start's own wait, with short calls and the attempt's deadline; else (a link
    // resumed) the REST client's usual limits and a wait of the pair's usual length.
    const waitConnected = async (starting = false) => {
      const timeoutMs = starting ? START_REST_TIMEOUT_MS : undefined;
      await waitUntil('A and B connected', () => connectedBothWays(true, timeoutMs), starting ? startDeadline : undefined, starting ? startedAt : undefined);
      await checkRunningOnLoopback(timeoutMs);
    };
    const scan = async (node: SyncthingNode, sub?: string) => {
      const query = new URLSearchParams({ folder: LIBRARY_FOLDER_ID, ...(sub ? { sub } : {}) });
      await node.rest.post(`/rest/db/scan?${query}`);
    };
    const pauseLink = async () => {
      await a.rest.post(`/rest/system/pause?device=${b.deviceId}`);
      await waitUntil('the link between A and B down', () => connectedBothWays(false));
    };
    const resumeLink = async () => {
      await a.rest.post(`/rest/system/resume?device=${b.deviceId}`);
      await waitConnected();
    };
    const waitInSync = async () => {
      await waitUntil('A and B in sync', async () => {
        for (const node of nodes) {
          const status = await node.rest.get<FolderStatus>(`/rest/db/status?folder=${LIBRARY_FOLDER_ID}`);
          if (status.state !== 'idle' || status.needTotalItems !== 0) return false;
          const peerCompletion = await node.rest.get<{ completion: number }>(`/rest/db/completion?folder=${LIBRARY_FOLDER_ID}&device=${peerOf(node).deviceId}`);
          if (peerCompletion.completion !== 100) return false;
        }
        return true;
      });
    };
    const waitForFile = (node: SyncthingNode, relPath: string, content?: string) =>
      waitUntil(`${relPath} in ${node.name}${content === undefined ? '' : ` with the expected content`}`, () => {
        const file = join(node.library, relPath);
        if (!existsSync(file)) return undefined;
        const actual = readFileSync(file, 'utf8');
        return content === undefined || actual === content ? actual : undefined;
      });

    await waitConnected(true);
    return { root, a, b, folderId: LIBRARY_FOLDER_ID, peerOf, scan, waitConnected: () => waitConnected(), pauseLink, resumeLink, waitInSync, waitForFile, waitUntil, logTail, stop };
  } catch (error) {
    await stop({ keepFiles: false });
    throw error;
  }
}
