// The host's side of the annotation files, Node, real folders: writing a library's files on
// first start, reading them back in one bulk call, writing one changed file, and how soon the
// watcher reports a file another hand wrote. The annotations are W3C Web Annotation objects
// of the size the reader makes (a note, a quote with 32 characters of context each side);
// turning the database into them, and merging them back, is the renderer's and not timed here.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationFolder } from '../../src-main/annotationFiles.ts';
import type { Figure } from './figures.ts';

type Record = (f: Omit<Figure, 'suite'>) => Figure;

const QUOTE = '优化营商环境是建设现代化经济体系、促进高质量发展的重要基础';
const NOTE = '这一段讲的是审批流程的压缩，可以和上一篇对照着看：两地的做法不一样。';

function collection(article: number, count: number): string {
  const source = `文章/第${article}篇.txt`;
  const items = Array.from({ length: count }, (_, i) => ({
    id: `urn:uuid:${randomUUID()}`,
    type: 'Annotation',
    created: '2026-12-03T10:00:00Z',
    modified: '2026-12-03T10:00:00Z',
    creator: { id: `urn:uuid:${randomUUID()}`, name: '研究者' },
    body: [
      { type: 'TextualBody', value: NOTE, format: 'text/markdown' },
      { type: 'TextualBody', purpose: 'tagging', value: '营商环境' },
    ],
    target: {
      source,
      selector: [
        { type: 'TextPositionSelector', start: i * 100, end: i * 100 + 29 },
        { type: 'TextQuoteSelector', exact: QUOTE, prefix: QUOTE.slice(0, 29) + '。他说', suffix: '，要' + QUOTE.slice(0, 30) },
      ],
    },
  }));
  return JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', id: source, total: count, items });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function benchAnnotationFolder({ runs, record, total, files }: { runs: number; record: Record; total: number; files: number }): Promise<void> {
  const perFile = Math.round(total / files);
  const texts = Array.from({ length: files }, (_, i) => collection(i, perFile));
  const bytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  const names = texts.map((_, i) => `article-${i}.json`);
  const label = `${(perFile * files).toLocaleString('en-US')} annotations in ${files.toLocaleString('en-US')} files, ${(bytes / 1e6).toFixed(1)} MB`;
  const work = mkdtempSync(join(tmpdir(), 'pizhu-bench-annotations-'));
  try {
    const writeAll: number[] = [];
    const readAll: number[] = [];
    const writeOne: number[] = [];
    const reported: number[] = [];
    for (let run = 0; run < Math.max(3, Math.min(runs, 5)); run++) {
      const library = join(work, `library-${run}`);
      mkdirSync(library);
      const folder = new AnnotationFolder({ libraryRoot: library, userDataDir: join(work, 'data'), bundled: false, singleFile: false, warn: () => undefined });
      try {
        // Four writes at a time: each one flushes its file and the folder.
        writeAll.push(
          await timed(async () => {
            let next = 0;
            const worker = async () => {
              while (next < files) {
                const i = next++;
                const result = await folder.write(names[i], texts[i]);
                if (!result.ok) throw new Error(result.detail);
              }
            };
            await Promise.all(Array.from({ length: 4 }, worker));
          }),
        );
        readAll.push(
          await timed(async () => {
            const read = await folder.read(names);
            if (read.some((r) => !r.ok)) throw new Error('a file did not read back');
          }),
        );
        writeOne.push(await timed(() => folder.write(names[0], texts[1])));
        // Another hand's write, to the event: the host's quiet period included.
        let seen: () => void = () => undefined;
        const event = new Promise<void>((resolve) => (seen = resolve));
        folder.watch((e) => {
          if (e.changed.some((f) => f.name === 'remote.json')) seen();
        });
        await folder.settle();
        reported.push(
          await timed(async () => {
            writeFileSync(join(library, '.pizhu', 'remote.json'), texts[2]);
            await event;
          }),
        );
      } finally {
        await folder.close();
      }
    }
    record({ name: `write every file on first start (${label}; 4 at a time, each flushed)`, samples: writeAll });
    record({ name: `read them back in one bulk call (${label})`, samples: readAll });
    record({ name: `write one changed file (${perFile} annotations, flushed)`, samples: writeOne });
    record({ name: 'another hand writes a file → the watcher reports it (150 ms quiet period included)', samples: reported });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
