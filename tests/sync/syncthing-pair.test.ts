// Annotation files travel through real Syncthing: two instances on 127.0.0.1 share one library
// folder, `.pizhu/` included. A file written on one side arrives on the other; the same file
// edited on both sides while the link is paused comes back, after resume, as the newer version
// plus a conflict copy on both sides, named as Syncthing documents — nothing lost.
import { readdirSync, readFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conflictCopyOriginal } from '../../src-renderer/core/conflictCopies.ts';
import { parseSyncthingConflictName } from './syncthingConflictName.ts';
import { startBudgetMs, startSyncthingPair, syncthingBinary, syncthingVersion, within, type StartOptions, type SyncthingNode, type SyncthingPair } from './syncthingPair.ts';

const binary = syncthingBinary();
const START: StartOptions = { waitTimeoutMs: 30_000 };
/** The pair's start, every attempt, fits well inside; the hook fails itself (with a message) before vitest would. */
const START_HOOK_MS = startBudgetMs(START) + 20_000;
const NOT_INSTALLED = 'syncthing is not installed (Debian: apt-get install syncthing; .ci/run installs it)';
if (!binary) console.warn(`test:sync skipped: ${NOT_INSTALLED}`);
else console.log(`test:sync with ${syncthingVersion(binary)}`);

// Written for these tests in the forms the app keeps: an article in the library root, a W3C Web
// Annotation file per article and a codebook in `.pizhu/`.
const ARTICLE = '营商环境观察.md';
const ARTICLE_TEXT = '# 营商环境观察\n\n今年以来，多地推出“一网通办”，企业开办时间压缩到一个工作日以内。\n';
const ANNOTATIONS = '.pizhu/营商环境观察.annotations.json';
const CODEBOOK = '.pizhu/codebook.json';

const annotationFile = (note: string) =>
  `${JSON.stringify(
    {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationCollection',
      first: {
        type: 'AnnotationPage',
        items: [
          {
            id: 'urn:uuid:5b0c2f7e-3d1a-4c55-9a8e-0e6f2d7c1a42',
            type: 'Annotation',
            body: { type: 'TextualBody', value: note, format: 'text/markdown' },
            target: { source: ARTICLE, selector: { type: 'TextQuoteSelector', exact: '一网通办', prefix: '多地推出“', suffix: '”，企业开办' } },
          },
        ],
      },
    },
    null,
    2,
  )}\n`;

function write(node: SyncthingNode, relPath: string, content: string, mtime?: Date): void {
  const file = join(node.library, relPath);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  if (mtime) utimesSync(file, mtime, mtime);
}

const read = (node: SyncthingNode, relPath: string) => readFileSync(join(node.library, relPath), 'utf8');
const pizhuFiles = (node: SyncthingNode) => readdirSync(join(node.library, '.pizhu')).sort();

describe('the loopback guard before Syncthing serves', () => {
  beforeEach((ctx) => {
    if (!binary) ctx.skip(NOT_INSTALLED);
  });

  it('refuses to serve a config that leaves 127.0.0.1, before starting either instance', async () => {
    const nodes: SyncthingNode[] = [];
    // 127.0.0.2 is loopback too, so this stays harmless even if the refusal were broken; the
    // guard allows 127.0.0.1 alone. Settings that would reach the internet are tested on the
    // guard itself (tests/unit/syncthing-config-guard.test.ts).
    const started = startSyncthingPair({
      adjustConfig: (xml, node) => {
        nodes.push(node);
        return node.name === 'B' ? xml.replace(/<listenAddress>tcp:\/\/127\.0\.0\.1:/, '<listenAddress>tcp://127.0.0.2:') : xml;
      },
    });
    await expect(started).rejects.toThrow(/Refusing to start Syncthing: B's config\.xml[\s\S]*listenAddress "tcp:\/\/127\.0\.0\.2:\d+" is not tcp:\/\/127\.0\.0\.1:<port>/);
    expect(nodes.map((n) => n.name)).toEqual(['A', 'B']);
    for (const node of nodes) expect(node.process).toBeUndefined();
  });
});

describe('two Syncthing instances on loopback', () => {
  let pair: SyncthingPair | undefined;
  // A start that fails is each test's failure, with its message, rather than tests skipped
  // because their hook failed.
  let startFailure: unknown;

  beforeAll(async () => {
    if (!binary) return;
    try {
      pair = await within('the Syncthing pair’s start', START_HOOK_MS - 10_000, () => startSyncthingPair(START), (late) => late.stop());
    } catch (error) {
      startFailure = error;
    }
  }, START_HOOK_MS);

  afterAll(async () => {
    if (!pair) return;
    const children = [pair.a.process, pair.b.process];
    await pair.stop();
    for (const child of children) {
      expect(child?.exitCode !== null || child?.signalCode !== null).toBe(true);
      // Signal 0 only asks whether the process exists.
      expect(() => process.kill(child!.pid!, 0)).toThrow();
    }
  });

  beforeEach((ctx) => {
    if (!binary) ctx.skip(NOT_INSTALLED);
    if (startFailure) throw startFailure;
  });

  it('carries a file written in A’s .pizhu to B, and one written in B’s to A', async () => {
    const p = pair!;
    const annotations = annotationFile('办事效率的说法需要数据支撑。');
    write(p.a, ARTICLE, ARTICLE_TEXT);
    write(p.a, ANNOTATIONS, annotations);
    await p.scan(p.a);
    expect(await p.waitForFile(p.b, ANNOTATIONS, annotations)).toBe(annotations);
    expect(await p.waitForFile(p.b, ARTICLE, ARTICLE_TEXT)).toBe(ARTICLE_TEXT);

    const codebook = `${JSON.stringify({ themes: [{ id: 'theme-1', name: '营商环境', updatedAt: '2026-12-03T12:00:00.000Z' }] }, null, 2)}\n`;
    write(p.b, CODEBOOK, codebook);
    await p.scan(p.b);
    expect(await p.waitForFile(p.a, CODEBOOK, codebook)).toBe(codebook);

    await p.waitInSync();
    expect(pizhuFiles(p.a)).toEqual(['codebook.json', '营商环境观察.annotations.json']);
    expect(pizhuFiles(p.b)).toEqual(pizhuFiles(p.a));
  });

  it('keeps both edits made while the link is paused: the newer under the name, the older as a sync-conflict copy on both sides', async () => {
    const p = pair!;
    const startedAt = Math.floor(Date.now() / 1000) * 1000;
    await p.pauseLink();

    const editedOnA = annotationFile('在 A 上改：开办时间的数字出自哪份报告？');
    const editedOnB = annotationFile('在 B 上改：与去年的三个工作日相比。');
    // B's edit is the later one, so Syncthing keeps it under the name and renames A's.
    const now = Date.now();
    write(p.a, ANNOTATIONS, editedOnA, new Date(now - 120_000));
    write(p.b, ANNOTATIONS, editedOnB, new Date(now));
    await p.scan(p.a, ANNOTATIONS);
    await p.scan(p.b, ANNOTATIONS);

    await p.resumeLink();
    const hasConflictCopy = (node: SyncthingNode) => pizhuFiles(node).some((f) => f.includes('.sync-conflict-'));
    await p.waitUntil('a conflict copy on both sides', () => hasConflictCopy(p.a) && hasConflictCopy(p.b));
    await p.waitInSync();
    const finishedAt = Date.now();

    for (const node of [p.a, p.b]) {
      const files = pizhuFiles(node);
      expect(files).toHaveLength(3);
      const copies = files.filter((f) => f.includes('.sync-conflict-'));
      expect(copies).toHaveLength(1);
      const copy = copies[0];

      // The form documented by Syncthing, checked by a pattern written by hand: the part before
      // the last extension, `.sync-conflict-`, date, time, seven characters of a device ID — the
      // winner's, B's, though the copy holds A's edit — then the extension.
      expect(copy).toMatch(/^营商环境观察\.annotations\.sync-conflict-\d{8}-\d{6}-[A-Z2-7]{7}\.json$/);
      const parsed = parseSyncthingConflictName(copy);
      expect(parsed).not.toBeNull();
      expect(parsed!.original).toBe('营商环境观察.annotations.json');
      expect(parsed!.modifiedBy).toBe(p.b.deviceId.slice(0, 7));
      // The app's recogniser (the host's removal check and the merge) knows the copy Syncthing made.
      expect(conflictCopyOriginal(copy)).toEqual({ original: '营商环境观察.annotations.json', tool: 'syncthing' });
      // Syncthing runs with TZ=UTC, so the stamp is the UTC time the conflict was resolved.
      const { year, month, day, hour, minute, second } = parsed!.stamp;
      const stamp = Date.UTC(year, month - 1, day, hour, minute, second);
      expect(stamp).toBeGreaterThanOrEqual(startedAt);
      expect(stamp).toBeLessThanOrEqual(finishedAt);

      // Nothing lost: B's edit under the name, A's in the copy.
      expect(read(node, ANNOTATIONS)).toBe(editedOnB);
      expect(read(node, `.pizhu/${copy}`)).toBe(editedOnA);
      expect(files).toContain('codebook.json');
    }
    expect(pizhuFiles(p.b)).toEqual(pizhuFiles(p.a));
  });
});
