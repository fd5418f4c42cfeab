// The hand-written Syncthing conflict-name pattern the real-Syncthing test checks its copies
// against (and the app's recogniser will be checked against): names written here by hand in the
// documented form, and near misses from other tools and malformed stamps.
import { describe, expect, it } from 'vitest';
import { parseSyncthingConflictName } from '../sync/syncthingConflictName.ts';

describe('the Syncthing conflict-copy name', () => {
  it.each([
    ['report.sync-conflict-20260413-091523-K3X2R2T.docx', 'report.docx', 'K3X2R2T', [2026, 4, 13, 9, 15, 23]],
    ['营商环境观察.annotations.sync-conflict-20261203-120630-CHGSBCQ.json', '营商环境观察.annotations.json', 'CHGSBCQ', [2026, 12, 3, 12, 6, 30]],
    ['codebook.sync-conflict-20251231-235959-A2B3C4D', 'codebook', 'A2B3C4D', [2025, 12, 31, 23, 59, 59]],
    ['.pizhu-notes.sync-conflict-20240229-000000-ZZZZZZZ.json', '.pizhu-notes.json', 'ZZZZZZZ', [2024, 2, 29, 0, 0, 0]],
    // A dot-file is all extension to Syncthing (observed with 1.19.2 on a real pair).
    ['.sync-conflict-20261203-120942-NYCIRDI.codebook', '.codebook', 'NYCIRDI', [2026, 12, 3, 12, 9, 42]],
    // A copy of a copy: the inner stamp is part of the name it conflicts with.
    ['a.sync-conflict-20240101-000000-ABCDEFG.sync-conflict-20240102-101010-HIJKLMN.txt', 'a.sync-conflict-20240101-000000-ABCDEFG.txt', 'HIJKLMN', [2024, 1, 2, 10, 10, 10]],
  ] as const)('reads %s', (name, original, modifiedBy, [year, month, day, hour, minute, second]) => {
    expect(parseSyncthingConflictName(name)).toEqual({ original, modifiedBy, stamp: { year, month, day, hour, minute, second } });
  });

  it.each([
    'notes (conflicted copy 2024-01-01).json', // Dropbox
    'notes (conflicted copy 2024-01-01 101010).json', // Nextcloud
    'notes.json',
    'notes.sync-conflict-20241301-000000-ABCDEFG.json', // month 13
    'notes.sync-conflict-20240100-000000-ABCDEFG.json', // day 0
    'notes.sync-conflict-20240101-240000-ABCDEFG.json', // hour 24
    'notes.sync-conflict-20240101-006000-ABCDEFG.json', // minute 60
    'notes.sync-conflict-20240101-000000-abcdefg.json', // device IDs are upper case
    'notes.sync-conflict-20240101-000000-ABCDEF1.json', // 1 is not base32
    'notes.sync-conflict-20240101-000000-ABCDEF.json', // six characters
    'notes.sync-conflict-2024011-000000-ABCDEFG.json', // seven-digit date
    'notes-sync-conflict-20240101-000000-ABCDEFG.json', // no dot before it
    'sync-conflict-20240101-000000-ABCDEFG.json', // nor at the start
  ])('does not take %s for one', (name) => {
    expect(parseSyncthingConflictName(name)).toBeNull();
  });
});
