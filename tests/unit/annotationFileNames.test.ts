// Names of the annotation files: one per article key, never two keys on one file of a
// case-folding file system, nothing Windows refuses, short enough everywhere; and the names
// sync tools give their conflict copies, mapped back to the file they copy.
//
// The hashes below are the first 16 hex digits of `printf '%s' KEY | sha256sum` (coreutils),
// not of the code under test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANNOTATION_FOLDER, annotationFileKind, articleFileName, CODEBOOK_FILE_NAME } from '../../src-renderer/core/annotationFileNames.ts';
import { conflictCopyOriginal } from '../../src-renderer/core/conflictCopies.ts';

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;
// eslint-disable-next-line no-control-regex
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/;

describe('an article’s file name', () => {
  it('is a readable hint of the key and the hash of the exact key', () => {
    expect(ANNOTATION_FOLDER).toBe('.pizhu');
    expect(articleFileName('论文/营商环境.md')).toBe('论文_营商环境_md.e3680193090e4c10.json');
    expect(articleFileName('Notes/A.md')).toBe('notes_a_md.3d978170d86f1166.json');
    expect(articleFileName('CON')).toBe('con_.a3dbc4b644a9a2c5.json');
  });

  it('keys that differ only by case get names that differ under case folding', () => {
    const keys = ['Notes/A.md', 'notes/a.md', 'NOTES/A.MD', 'notes/A.md'];
    const names = keys.map(articleFileName);
    expect(names).toEqual(['notes_a_md.3d978170d86f1166.json', 'notes_a_md.b33a8099b0121956.json', 'notes_a_md.475e8b0ef4815789.json', 'notes_a_md.24363dfad8616fb2.json']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
  });

  it('keys written composed and decomposed (café) are two keys, and neither name changes under NFC or NFD', () => {
    const composed = articleFileName('caf\u00e9.md');
    const decomposed = articleFileName('cafe\u0301.md');
    expect(composed).toBe('caf_md.76610ba5324ebac7.json');
    expect(decomposed).toBe('caf_md.ab50816fe5f58465.json');
    for (const name of [composed, decomposed, articleFileName('한국어/기사.txt'), articleFileName('\uf900\u8c48.md')]) {
      expect(name.normalize('NFD')).toBe(name);
      expect(name.normalize('NFC')).toBe(name);
    }
  });

  it('holds nothing Windows refuses, no device name, and stays short, for any key', () => {
    expect(articleFileName('a<b>:c"d|e?f*g\\h.md')).toMatch(/^a_b_c_d_e_f_g_h_md\.[0-9a-f]{16}\.json$/);
    expect(articleFileName('nul')).toMatch(/^nul_\./);
    expect(articleFileName('。。！').startsWith('article.')).toBe(true);
    expect(utf8Bytes(articleFileName('营'.repeat(500)))).toBeLessThanOrEqual(112);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (key) => {
        const name = articleFileName(key);
        expect(name).not.toMatch(WINDOWS_FORBIDDEN);
        expect(name.startsWith('.')).toBe(false);
        expect(utf8Bytes(name)).toBeLessThanOrEqual(112);
        expect(/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(name.split('.')[0])).toBe(false);
        expect(annotationFileKind(name)).toBe('article');
      }),
      { numRuns: 150 },
    );
  });

  it('many keys of one library never share a name, even folded', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 2, maxLength: 60 }), (keys) => {
        expect(new Set(keys.map((k) => articleFileName(k).toLowerCase())).size).toBe(keys.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('what a name in the folder is', () => {
  it('the codebook, an article’s file, or neither', () => {
    expect(annotationFileKind(CODEBOOK_FILE_NAME)).toBe('codebook');
    expect(CODEBOOK_FILE_NAME).toBe('codebook.json');
    expect(annotationFileKind('论文_营商环境_md.e3680193090e4c10.json')).toBe('article');
    expect(annotationFileKind('notes.json')).toBe(null);
    expect(annotationFileKind('notes.E3680193090E4C10.json')).toBe(null);
    expect(annotationFileKind('notes.e3680193090e4c10.json.tmp')).toBe(null);
    expect(annotationFileKind('.syncthing.notes.e3680193090e4c10.json.tmp')).toBe(null);
    expect(annotationFileKind('notes.e3680193090e4c10.sync-conflict-20260318-142233-7QKD2LM.json')).toBe(null);
    expect(annotationFileKind('codebook (conflicted copy 2026-03-18 142233).json')).toBe(null);
  });
});

// The forms, as each tool documents them:
// - Syncthing, "Conflicting Changes" (https://docs.syncthing.net/users/syncing.html):
//   `<filename>.sync-conflict-<date>-<time>-<modifiedBy>.<ext>`, modifiedBy being the first
//   7 characters of the device ID; the Debian `syncthing` binary holds the Go layout
//   "sync-conflict-20060102-150405-" (strings /usr/bin/syncthing).
// - Dropbox, "What's a conflicted copy?" (https://help.dropbox.com/syncing-uploads/conflicted-copy):
//   the editor's name, "conflicted copy" and the save date are added to the file name, as in
//   `report (Li Wei's conflicted copy 2026-03-18).txt`; a second one of a day has a number.
// - Nextcloud desktop client, "Conflicts"
//   (https://docs.nextcloud.com/server/latest/user_manual/en/desktop/conflicts.html):
//   `mydata (conflicted copy 2018-04-10 093612).txt`.
describe('sync tools’ conflict copies', () => {
  const article = '论文_营商环境_md.e3680193090e4c10.json';

  it('Syncthing', () => {
    expect(conflictCopyOriginal('论文_营商环境_md.e3680193090e4c10.sync-conflict-20260318-142233-7QKD2LM.json')).toEqual({ original: article, tool: 'syncthing' });
    expect(conflictCopyOriginal('codebook.sync-conflict-20251201-090501-ABCDEF1.json')).toEqual({ original: 'codebook.json', tool: 'syncthing' });
    // A conflict copy that itself conflicted goes back to the first name.
    expect(conflictCopyOriginal('codebook.sync-conflict-20251201-090501-ABCDEF1.sync-conflict-20251202-101010-XYZ2345.json')).toEqual({ original: 'codebook.json', tool: 'syncthing' });
  });

  it('Dropbox, with a person’s or a computer’s name, and numbered', () => {
    expect(conflictCopyOriginal("codebook (Li Wei's conflicted copy 2026-03-18).json")).toEqual({ original: 'codebook.json', tool: 'dropbox' });
    expect(conflictCopyOriginal("codebook (Li Wei's conflicted copy 2026-03-18 (1)).json")).toEqual({ original: 'codebook.json', tool: 'dropbox' });
    expect(conflictCopyOriginal(`论文_营商环境_md.e3680193090e4c10 (DESKTOP-7K2P9Q’s conflicted copy 2026-03-18).json`)).toEqual({ original: article, tool: 'dropbox' });
  });

  it('Nextcloud', () => {
    expect(conflictCopyOriginal('codebook (conflicted copy 2026-03-18 142233).json')).toEqual({ original: 'codebook.json', tool: 'nextcloud' });
    expect(conflictCopyOriginal(`论文_营商环境_md.e3680193090e4c10 (conflicted copy 2018-04-10 093612).json`)).toEqual({ original: article, tool: 'nextcloud' });
  });

  it('names that only look like one are not', () => {
    for (const name of [
      'codebook.json',
      article,
      'codebook (conflicted copy).json',
      'codebook.sync-conflict-2026-0318.json',
      'codebook.sync-conflict-20260318-142233-abc.json',
      "codebook (Li Wei's copy 2026-03-18).json",
      'codebook (conflicted copy 2026-03-18).json',
    ])
      expect(conflictCopyOriginal(name), name).toBe(null);
  });
});
