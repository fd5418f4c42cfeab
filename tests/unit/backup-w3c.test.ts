// The JSON backup against the W3C Web Annotation test suite's MUST assertions, with a
// JSON-Schema (draft-04) validator. The suite's own correct and incorrect samples run
// first through the same set-up, so a validator that accepts everything cannot pass here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toAnnotationCollection } from '../../src-renderer/core/webAnnotation.ts';
import { allSeedsInput, TAGS } from '../support/exportFixtures.ts';
import { failedMusts, readJson, SUITE } from '../support/w3cMusts.ts';

const samples = (kind: 'correct' | 'incorrect') =>
  readdirSync(join(SUITE, 'tools/samples', kind))
    .filter((f) => f.startsWith('anno'))
    .map((f) => {
      const text = readFileSync(join(SUITE, 'tools/samples', kind, f), 'utf8');
      try {
        // Many samples carry a trailing comma (the suite's runner read them leniently): drop it,
        // so each sample fails or passes on what it is about.
        return { name: f, json: JSON.parse(text.replace(/,(\s*[}\]])/g, '$1')) as unknown };
      } catch {
        // One incorrect sample is not JSON at all: caught before any schema, as our import does.
        return { name: f, json: undefined };
      }
    });
// The suite's own notes (SOURCE.md): these use Composite/List targets, dropped from the final model.
const STALE_CORRECT = new Set(['anno11.json', 'anno12.json', 'anno13.json']);

describe('the validator set-up, proved on the suite’s samples', () => {
  it('has all 54 MUST assertions', () => {
    expect((readJson(join(SUITE, 'annotations/annotationMusts.test')).assertions as string[]).length).toBe(54);
  });

  it('accepts every correct sample', () => {
    const correct = samples('correct').filter((s) => !STALE_CORRECT.has(s.name));
    expect(correct.length).toBeGreaterThan(30);
    for (const s of correct) {
      expect(s.json, s.name).toBeDefined();
      expect(failedMusts(s.json), s.name).toEqual([]);
    }
  });

  it('catches every incorrect sample', () => {
    const incorrect = samples('incorrect');
    expect(incorrect.length).toBeGreaterThan(30);
    expect(incorrect.filter((s) => s.json === undefined).length).toBeLessThanOrEqual(1);
    for (const s of incorrect) if (s.json !== undefined) expect(failedMusts(s.json).length, s.name).toBeGreaterThan(0);
  });
});

describe('the backup as a W3C AnnotationCollection', () => {
  const input = allSeedsInput();
  const data = {
    annotations: [...input.fixtures.flatMap((f) => f.annotations), { ...input.fixtures[0].annotations[0], id: 'not-a-uuid 旧', deletedAt: Date.UTC(2026, 1, 1), note: '' }],
    tags: TAGS,
    titles: [{ libraryId: 'bundled', articleKey: input.fixtures[0].file, title: '我的标题', updatedAt: 5 }],
    settings: [{ key: 'script', value: 't' }],
    reading: [],
  };
  const collection = toAnnotationCollection(data, Date.UTC(2026, 0, 2, 3, 4, 5), '6f1c0d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f');
  const items = (collection.first as { items: Record<string, unknown>[] }).items;

  it('every annotation in it passes every MUST assertion', () => {
    expect(items).toHaveLength(data.annotations.length);
    for (const item of items) expect(failedMusts(item), String(item.id)).toEqual([]);
  });

  it('a broken annotation of ours fails them: the check is really applied', () => {
    const broken = { ...items[0], id: 'not a uri', target: undefined };
    expect(failedMusts(broken).length).toBeGreaterThan(0);
    const badSelector = { ...items[0], target: { source: 'urn:x', selector: { type: 'TextPositionSelector', start: 'one' } } };
    expect(failedMusts(badSelector)).toContain('annotations/specificResource/4.2-TextDataPositionSelectorValid.json');
  });

  it('is a collection by the model: context, type, total, an embedded first page', () => {
    expect(collection['@context']).toEqual(['http://www.w3.org/ns/anno.jsonld', { pizhu: 'urn:pizhu:vocab:' }]);
    expect(collection.type).toBe('AnnotationCollection');
    expect(collection.total).toBe(items.length);
    expect((collection.first as Record<string, unknown>).type).toBe('AnnotationPage');
    // Our own fields are all under the prefix declared in the context.
    for (const item of items) for (const key of Object.keys(item)) expect(['@context', 'id', 'type', 'motivation', 'created', 'modified', 'body', 'target'].includes(key) || key.startsWith('pizhu:'), key).toBe(true);
  });
});
