// A step of the annotation files (annotationSync.svelte.ts) hands over each file as it is made:
// a first start's hundred megabytes are written while the rest is still being made, and never
// held as text all at once.
import { MAX_ANNOTATION_WRITE_FILES, type AnnotationFileWrite, type WriteAnnotationFileResult } from '../../src-main/api.ts';

/** Texts one bulk write carries at most: a first start's files go in a few calls, each a bounded body. */
export const WRITE_BATCH_CHARS = 8 * 1024 * 1024;

/**
 * The write calls of one step. Files are gathered into calls within the host's limits, and
 * two calls are under way at most: the host writes one batch to disk while the page makes and
 * sends the next. No order between files is promised by this (one call's files are written
 * side by side, and a sync tool delivers files in any order). The first call that fails, or
 * answers a file not written, stops the sending; what the call under way after it wrote is still
 * recorded, then the failure is thrown (from `add` or `finish`).
 */
export class WriteCalls {
  private batch: AnnotationFileWrite[] = [];
  private chars = 0;
  private readonly underWay: { batch: AnnotationFileWrite[]; call: Promise<WriteAnnotationFileResult[]> }[] = [];
  private ended = false;

  constructor(
    private readonly write: (batch: AnnotationFileWrite[]) => Promise<WriteAnnotationFileResult[]>,
    private readonly mayGoOn: () => boolean,
    private readonly record: (batch: readonly AnnotationFileWrite[], results: readonly WriteAnnotationFileResult[]) => Error | null,
  ) {}

  /** Takes one file; false once nothing more is sent (stopped, or the library changed). */
  async add(file: AnnotationFileWrite): Promise<boolean> {
    if (this.ended) return false;
    // A file larger than a batch goes alone.
    if (this.batch.length > 0 && (this.chars + file.text.length > WRITE_BATCH_CHARS || this.batch.length >= MAX_ANNOTATION_WRITE_FILES)) await this.send();
    if (this.ended) return false;
    this.batch.push(file);
    this.chars += file.text.length;
    return true;
  }

  /** Sends what is gathered and waits for every call. */
  async finish(): Promise<void> {
    if (this.batch.length > 0) await this.send();
    while (this.underWay.length > 0) await this.settleOldest();
  }

  /** The step failed before its end: nothing more is sent, and what the calls under way wrote is recorded. */
  async abandon(): Promise<void> {
    this.ended = true;
    this.batch = [];
    while (this.underWay.length > 0) {
      const { batch, call } = this.underWay.shift()!;
      await call.then((results) => this.record(batch, results)).catch(() => undefined);
    }
  }

  private async send(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.chars = 0;
    // Two calls under way: the older is settled before a third is sent.
    if (this.underWay.length > 1) await this.settleOldest();
    // Asked right before the call goes: the library may have changed while the older one was settled.
    if (!this.mayGoOn()) {
      this.ended = true;
      return;
    }
    const call = this.write(batch);
    // Awaited in its turn; one still under way when an earlier one fails is not left unhandled.
    call.catch(() => undefined);
    this.underWay.push({ batch, call });
  }

  private async settleOldest(): Promise<void> {
    const { batch, call } = this.underWay.shift()!;
    let failed: unknown;
    try {
      failed = this.record(batch, await call);
    } catch (error) {
      failed = error;
    }
    if (failed === null) return;
    this.ended = true;
    // What the call under way after it wrote is still kept as on disk.
    const next = this.underWay.shift();
    if (next) await next.call.then((results) => this.record(next.batch, results)).catch(() => undefined);
    this.underWay.length = 0;
    throw failed;
  }
}
