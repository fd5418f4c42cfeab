// The plain-text opening of a note that names its mark for screen readers.
import { describe, expect, it } from 'vitest';
import { noteExcerpt } from '../../src-renderer/state/noteExcerpt.ts';

describe('noteExcerpt', () => {
  it('reads Markdown as the text it shows', () => {
    expect(noteExcerpt('**重点**：营商环境的*口碑*')).toBe('重点：营商环境的口碑');
    expect(noteExcerpt('# 标题\n\n- 一\n- 二\n\n> 引文')).toBe('标题 一 二 引文');
    expect(noteExcerpt('见 [报告](https://example.org) 与 `code`')).toBe('见 报告 与 code');
  });

  it('collapses spaces and cuts long notes by characters, not UTF-16 units', () => {
    expect(noteExcerpt('一  二\n三')).toBe('一 二 三');
    expect(noteExcerpt('𠀀𠀁𠀂𠀃', 2)).toBe('𠀀𠀁…');
    expect(noteExcerpt('甲乙丙', 3)).toBe('甲乙丙');
  });

  it('is empty for an empty note', () => {
    expect(noteExcerpt('')).toBe('');
  });
});
