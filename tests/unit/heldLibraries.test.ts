import { describe, expect, it } from 'vitest';
import { byId, keepingHeldLibraries } from '../../src-renderer/db/heldLibraries.ts';

describe('keepingHeldLibraries', () => {
  it('gives a row that came without libraries those of its stored row', () => {
    expect(keepingHeldLibraries({ id: 'a', note: 'new' }, { libraryIds: ['/lib/one'] })).toEqual({ id: 'a', note: 'new', libraryIds: ['/lib/one'] });
  });

  it('adds only the stored libraries the row lacks, after its own', () => {
    expect(keepingHeldLibraries({ id: 'a', libraryIds: ['/lib/two', '/lib/one'] }, { libraryIds: ['/lib/one', '/lib/three'] })).toEqual({ id: 'a', libraryIds: ['/lib/two', '/lib/one', '/lib/three'] });
  });

  it('leaves the row itself when nothing is stored or the stored row is held by none', () => {
    const row = { id: 'a' };
    expect(keepingHeldLibraries(row, undefined)).toBe(row);
    expect(keepingHeldLibraries(row, { libraryIds: undefined })).toBe(row);
    expect(keepingHeldLibraries(row, { libraryIds: [] })).toBe(row);
  });

  it('finds stored rows by id, skipping the ids bulkGet found nothing for', () => {
    const one = { id: 'x', libraryIds: ['/lib/one'] };
    expect([...byId([undefined, one, undefined])]).toEqual([['x', one]]);
  });
});
