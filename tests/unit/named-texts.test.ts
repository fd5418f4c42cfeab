// Named texts in one body (src-main/namedTexts.ts): what the web client sends for a bulk write
// of annotation files, read back by the web host exactly, byte for byte through UTF-8; any
// other body refused with its reason.
import { describe, expect, it } from 'vitest';
import { namedTextsBody, readNamedTextsBody } from '../../src-main/namedTexts.ts';

/** The body as the host gets it: sent as UTF-8 (fetch encodes a string body so), decoded again. */
const throughUtf8 = (body: string) => Buffer.from(body, 'utf8').toString('utf8');

describe('named texts', () => {
  it('are a line of names and lengths, then the texts as they are', () => {
    expect(namedTextsBody([{ name: '营商环境.json', text: '{"a":"\\n"}' }, { name: 'codebook.jsonld', text: '{}' }])).toBe(
      '[{"name":"营商环境.json","length":10},{"name":"codebook.jsonld","length":2}]\n{"a":"\\n"}{}',
    );
  });

  it('come back as sent: new lines, quotes, astral characters, an empty text', () => {
    const files = [
      { name: 'a.json', text: '{\n  "note": "他说：\\"好\\"\\n"\n}\n' },
      { name: 'b.json', text: '𠀀𠀁 and 𝒜' },
      { name: 'c.json', text: '' },
      { name: 'd.json', text: '\n\n' },
    ];
    expect(readNamedTextsBody(throughUtf8(namedTextsBody(files)))).toEqual({ ok: true, files });
  });

  it('keep their lengths when UTF-8 replaces a lone surrogate', () => {
    const body = throughUtf8(namedTextsBody([{ name: 'a.json', text: 'x\ud800y' }, { name: 'b.json', text: 'z' }]));
    expect(readNamedTextsBody(body)).toEqual({ ok: true, files: [{ name: 'a.json', text: 'x\ufffdy' }, { name: 'b.json', text: 'z' }] });
  });

  it('carry entries without a text, and fields beside the name, as the answers of a bulk read', () => {
    const entries = [
      { ok: false, name: 'gone.json', code: 'missing', detail: 'no such file' },
      { ok: true, name: '营商环境.json', text: '{"a":1}', size: 7 },
    ];
    const body = namedTextsBody(entries);
    expect(body).toBe('[{"ok":false,"name":"gone.json","code":"missing","detail":"no such file"},{"ok":true,"name":"营商环境.json","size":7,"length":7}]\n{"a":1}');
    expect(readNamedTextsBody(throughUtf8(body))).toEqual({ ok: true, files: entries });
  });

  it('refuse a body that is not one, saying why', () => {
    expect(readNamedTextsBody('{"files":[]}')).toEqual({ ok: false, error: 'body has no line of names' });
    expect(readNamedTextsBody('[{"name":"a.json",\n')).toEqual({ ok: false, error: 'the line of names is not JSON' });
    expect(readNamedTextsBody('{"name":"a.json"}\n')).toEqual({ ok: false, error: 'the line of names is not a list' });
    expect(readNamedTextsBody('[{"name":"a.json","length":-1}]\n')).toEqual({ ok: false, error: 'entry 0 must have a name, and a length if it has a text' });
    expect(readNamedTextsBody('[{"name":"a.json","length":1.5}]\nab')).toEqual({ ok: false, error: 'entry 0 must have a name, and a length if it has a text' });
    expect(readNamedTextsBody('[{"name":7,"length":1}]\na')).toEqual({ ok: false, error: 'entry 0 must have a name, and a length if it has a text' });
    expect(readNamedTextsBody('[{"name":"a.json","length":1},{"name":"b.json","length":5}]\nabc')).toEqual({ ok: false, error: 'the texts are shorter than their lengths (at entry 1)' });
    expect(readNamedTextsBody('[{"name":"a.json","length":1}]\nabc')).toEqual({ ok: false, error: 'the texts are longer than their lengths' });
  });
});
