// The XML escapes of the REFI-QDA export, with the expected text written by hand from XML 1.0
// (§2.2 Char, §2.4 character data, §3.3.3 attribute-value normalisation): each character that
// needs something, alone and among plain text, and plain values passed through as they are.
import { describe, expect, it } from 'vitest';
import { attrs, xmlAttr, xmlText } from '../../src-renderer/core/xmlText.ts';

describe('xmlText', () => {
  it('escapes &, <, > and CR, drops what XML cannot carry, keeps pairs, tabs and line feeds', () => {
    expect(xmlText('营商环境 2024-03-05T00:00:00.000Z')).toBe('营商环境 2024-03-05T00:00:00.000Z');
    expect(xmlText('a&b')).toBe('a&amp;b');
    expect(xmlText('<b>')).toBe('&lt;b&gt;');
    expect(xmlText('a>b')).toBe('a&gt;b');
    expect(xmlText('一\r\n二')).toBe('一&#13;\n二');
    expect(xmlText('x\u0001y\u000bz\u001f')).toBe('xyz');
    expect(xmlText('\ufffe前\uffff')).toBe('前');
    expect(xmlText('😀𠀀')).toBe('😀𠀀');
    expect(xmlText('孤\ud800单\udc00')).toBe('孤单');
    expect(xmlText('\t"引号"\n')).toBe('\t"引号"\n');
  });
});

describe('xmlAttr', () => {
  it('also escapes the quote and the white space normalisation would fold', () => {
    expect(xmlAttr('00000000-0000-4000-8000-00000000002a')).toBe('00000000-0000-4000-8000-00000000002a');
    expect(xmlAttr('说"好"')).toBe('说&quot;好&quot;');
    expect(xmlAttr('一\n二\t三\r')).toBe('一&#10;二&#9;三&#13;');
    // Each alone, so none is escaped only because another sent the value the long way.
    expect(['甲\t乙', '甲\n乙', '甲\r乙', '甲>乙', '甲\u0008乙'].map(xmlAttr)).toEqual(['甲&#9;乙', '甲&#10;乙', '甲&#13;乙', '甲&gt;乙', '甲乙']);
    expect(xmlAttr('A&B <C>')).toBe('A&amp;B &lt;C&gt;');
    expect(xmlAttr('\u0000零\udbff')).toBe('零');
    expect(xmlAttr('😀')).toBe('😀');
  });

  it('attrs writes defined values in order, numbers and booleans as text', () => {
    expect(attrs([['guid', 'g'], ['name', '甲"乙'], ['startPosition', 0], ['isCodable', true], ['color', undefined], ['x', null]])).toBe(' guid="g" name="甲&quot;乙" startPosition="0" isCodable="true"');
  });
});
