// The file-system calls a read of an article makes, made two ways. Through libuv's thread pool
// (fs.promises) each call is a trip to a pool thread and back to the event loop, with a promise,
// a callback and two thread switches around a call that a local disk answers from the kernel's
// caches at once; a first start makes five such calls for each of thousands of files, on a
// machine whose cores the window's scripts and the scan already share. So, as statFiles does for
// a listing's stats, the calls are made synchronously, each one timed: a call that takes long
// says the disk is slow (a network share, a disk spinning up), and the reads go through the pool
// from then on.
import { closeSync, fstatSync, openSync, read, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';

/** What a read needs of an open file: fs.promises' FileHandle has it, and so does a descriptor used at once. */
export interface OpenFile {
  stat(): Promise<Stats>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  /** The rest of the file from where it stands (the start, for a file just opened). */
  readFile(): Promise<Buffer>;
  close(): Promise<void>;
}

export interface FileCalls {
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<Stats>;
  open(path: string, flags: number): Promise<OpenFile>;
}

/** Two calls in a row made at once that each take longer than this (ms) send the reads to the pool. */
export const SLOW_CALL_MS = 20;
/**
 * A read of more bytes than this goes through the pool, untimed: reading a large file takes a
 * while on any disk, and would hold the event loop (the main process's, in the desktop app).
 */
export const AT_ONCE_BYTES = 1024 * 1024;

/** The calls through the thread pool; `openFile` replaces the open (tests inject errors the OS cannot be made to give). */
export function pooledFileCalls(openFile: (path: string, flags: number) => Promise<OpenFile> = (path, flags) => open(path, flags)): FileCalls {
  return { realpath: (path) => realpath(path), stat: (path) => stat(path), open: openFile };
}

/**
 * The calls made at once, their answers and errors as promises. `onSlow` is told when two calls
 * in a row took longer than `slowMs`: one alone may have waited for a core on a busy machine,
 * which is not a slow disk.
 */
export function immediateFileCalls(onSlow: () => void, slowMs = SLOW_CALL_MS, now: () => number = () => performance.now()): FileCalls {
  let slowInARow = 0;
  const timed = <T>(call: () => T): Promise<T> => {
    const began = now();
    try {
      return Promise.resolve(call());
    } catch (error) {
      return Promise.reject(error as Error);
    } finally {
      slowInARow = now() - began > slowMs ? slowInARow + 1 : 0;
      if (slowInARow === 2) onSlow();
    }
  };
  const pooledRead = (fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> =>
    new Promise((resolve, reject) => read(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead }))));
  const opened = (fd: number): OpenFile => ({
    stat: () => timed(() => fstatSync(fd)),
    read: (buffer, offset, length, position) => (length > AT_ONCE_BYTES ? pooledRead(fd, buffer, offset, length, position) : timed(() => ({ bytesRead: readSync(fd, buffer, offset, length, position) }))),
    readFile: () => timed(() => readFileSync(fd)),
    close: () => timed(() => closeSync(fd)),
  });
  return {
    realpath: (path) => timed(() => realpathSync.native(path)),
    stat: (path) => timed(() => statSync(path)),
    open: (path, flags) => timed(() => opened(openSync(path, flags))),
  };
}
