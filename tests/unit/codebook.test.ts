// The codebook's pure rules: the tree (with lost parents and loops read safely), moves that
// would make a loop refused, merges and deletions that keep children in the tree, and counts
// rolled up to parents with each passage counted once. Expected values written by hand.
import { describe, expect, it } from 'vitest';
import {
  ancestorIds,
  checkMove,
  childrenAfterRemoval,
  descendantIds,
  parentsAfterMerge,
  possibleParents,
  rolledUpCounts,
  rolledUpPassages,
  themePath,
  themeTree,
} from '../../src-renderer/core/codebook.ts';
import { themeKey, type ThemeFields } from '../../src-renderer/core/themeIdentity.ts';

const theme = (id: string, name: string, parentId: string | null = null): ThemeFields => ({ id, key: themeKey(name), name, aliases: [], color: '', description: '', parentId, updatedAt: 1, deletedAt: null });
const byName = (a: ThemeFields, b: ThemeFields) => a.name.localeCompare(b.name, 'zh-Hans-CN');

// 营商环境
//   政务服务
//     一网通办
//   融资
// 人才
const CODEBOOK = [theme('env', '营商环境'), theme('gov', '政务服务', 'env'), theme('one', '一网通办', 'gov'), theme('fin', '融资', 'env'), theme('tal', '人才')];
const tree = (themes: ThemeFields[]) => themeTree(themes, byName).map((r) => `${'  '.repeat(r.depth)}${r.theme.id}(${r.childCount})`);

describe('codebook tree', () => {
  it('lists parents before children, siblings in name order, with depth and child counts', () => {
    expect(tree(CODEBOOK)).toEqual(['tal(0)', 'env(2)', '  fin(0)', '  gov(1)', '    one(0)']);
    expect([...descendantIds(CODEBOOK, 'env')].sort()).toEqual(['fin', 'gov', 'one']);
    expect(ancestorIds(CODEBOOK, 'one')).toEqual(['gov', 'env']);
    expect(ancestorIds(CODEBOOK, 'tal')).toEqual([]);
    expect(themePath(CODEBOOK, 'one')).toEqual(['营商环境', '政务服务', '一网通办']);
    expect(themePath(CODEBOOK, 'tal')).toEqual(['人才']);
    expect(themePath(CODEBOOK, 'gone')).toEqual([]);
  });

  it('shows a theme whose parent is gone at the top level, and cuts a loop at one place', () => {
    expect(tree([theme('a', '甲', 'missing'), theme('b', '乙', 'a')])).toEqual(['a(1)', '  b(0)']);
    // x under y and y under x (two copies moved them each way): the loop is cut at the first
    // by name, 甲 (jia before yi), which goes to the top.
    const loop = [theme('x', '甲', 'y'), theme('y', '乙', 'x'), theme('z', '丙', 'y')];
    expect(tree(loop)).toEqual(['x(1)', '  y(1)', '    z(0)']);
    expect(ancestorIds(loop, 'z')).toEqual(['y', 'x']);
    // A theme that names itself as parent is top level.
    expect(tree([theme('s', '自己', 's')])).toEqual(['s(0)']);
  });
});

describe('moves', () => {
  it('moves under another theme or to the top level; refuses itself and its own descendants', () => {
    expect(checkMove(CODEBOOK, 'tal', 'gov')).toEqual({ ok: true });
    expect(checkMove(CODEBOOK, 'one', null)).toEqual({ ok: true });
    expect(checkMove(CODEBOOK, 'env', 'env')).toEqual({ ok: false, reason: 'self' });
    expect(checkMove(CODEBOOK, 'env', 'one')).toEqual({ ok: false, reason: 'cycle' });
    expect(checkMove(CODEBOOK, 'gov', 'one')).toEqual({ ok: false, reason: 'cycle' });
    expect(checkMove(CODEBOOK, 'gov', 'nowhere')).toEqual({ ok: false, reason: 'missing' });
    expect(possibleParents(CODEBOOK, 'gov').map((t) => t.id)).toEqual(['env', 'fin', 'tal']);
  });

  it('a deleted theme hands its children to its own parent', () => {
    expect(childrenAfterRemoval(CODEBOOK, 'gov', 9)).toEqual([{ ...theme('one', '一网通办', 'env'), updatedAt: 9 }]);
    expect(childrenAfterRemoval(CODEBOOK, 'env', 9).map((t) => [t.id, t.parentId])).toEqual([
      ['gov', null],
      ['fin', null],
    ]);
  });

  it('a merge puts the children under the theme merged into, and lifts that theme when it sat below', () => {
    expect(parentsAfterMerge(CODEBOOK, 'gov', 'tal', 9)).toEqual({ into: CODEBOOK[4], children: [{ ...theme('one', '一网通办', 'tal'), updatedAt: 9 }] });
    // 一网通办 sat below 营商环境: merging 营商环境 into it puts it at the top, over 政务服务 and 融资.
    const merged = parentsAfterMerge(CODEBOOK, 'env', 'one', 9)!;
    expect(merged.into).toEqual({ ...theme('one', '一网通办', null), updatedAt: 9 });
    expect(merged.children.map((t) => [t.id, t.parentId])).toEqual([
      ['gov', 'one'],
      ['fin', 'one'],
    ]);
    // 一网通办 below 政务服务, itself under 营商环境: 一网通办 takes 政务服务's place under 营商环境
    // (mutant: the parent's `?? null` as `&& null`).
    expect(parentsAfterMerge(CODEBOOK, 'gov', 'one', 9)).toEqual({ into: { ...theme('one', '一网通办', 'env'), updatedAt: 9 }, children: [] });
  });

  it('refuses a merge or a removal of themes that are not there, and a merge of a theme into itself', () => {
    expect(parentsAfterMerge(CODEBOOK, 'nowhere', 'tal', 9)).toBeNull();
    expect(parentsAfterMerge(CODEBOOK, 'gov', 'nowhere', 9)).toBeNull();
    expect(parentsAfterMerge(CODEBOOK, 'gov', 'gov', 9)).toBeNull();
    expect(childrenAfterRemoval(CODEBOOK, 'nowhere', 9)).toEqual([]);
    // A theme that is not in the list cannot move, even to the top level.
    expect(checkMove(CODEBOOK, 'nowhere', null)).toEqual({ ok: false, reason: 'missing' });
    expect(checkMove(CODEBOOK, 'nowhere', 'env')).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('roll-ups', () => {
  const passages = [
    { id: 'p1', tagIds: ['one'] },
    { id: 'p2', tagIds: ['gov', 'one'] },
    { id: 'p3', tagIds: ['fin', 'tal'] },
    { id: 'p4', tagIds: ['env'] },
    { id: 'p5', tagIds: ['tal'] },
    { id: 'p6', tagIds: ['fin', 'one'] },
  ];

  it("a parent counts its own passages and its descendants', each passage once", () => {
    expect(Object.fromEntries(rolledUpCounts(CODEBOOK, passages))).toEqual({ env: 5, gov: 3, one: 3, fin: 2, tal: 2 });
  });

  it('a parent page lists its children’s passages, each marked with the theme that tags it', () => {
    const rows = rolledUpPassages(CODEBOOK, 'env', passages, byName).map((r) => [r.passage.id, r.via]);
    // p6 is tagged 融资 and 一网通办: named by 融资, which comes first in the tree.
    expect(rows).toEqual([
      ['p1', 'one'],
      ['p2', 'gov'],
      ['p3', 'fin'],
      ['p4', 'env'],
      ['p6', 'fin'],
    ]);
    expect(rolledUpPassages(CODEBOOK, 'tal', passages).map((r) => [r.passage.id, r.via])).toEqual([
      ['p3', 'tal'],
      ['p5', 'tal'],
    ]);
  });
});
