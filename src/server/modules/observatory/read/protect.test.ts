import { describe, expect, it } from 'vitest';
import { protectCube, type CubeCell } from './protect.ts';

/** The release-time disclosure pattern on hand-made cubes (the end-to-end attacker is disclosure.test.ts). */
const cell = (grouping: number, unit: string, codes: string[], value: number): CubeCell => ({ grouping, unit, codes, value });

describe('protectCube', () => {
  it('hides the parts of a line until what they add up to is not a small count', () => {
    const cells = [cell(0, 'REG_ENTRY|2024-01', [], 103), cell(1, 'REG_ENTRY|2024-01', ['F'], 2), cell(1, 'REG_ENTRY|2024-01', ['M'], 1), cell(1, 'REG_ENTRY|2024-01', ['_U'], 100)];
    const p = protectCube(cells, { k: 5, groupings: [[], ['SEX']] });
    expect(p.suppressed).toEqual([false, true, true, true]);
    // one group: an answer holding F alone (or F and M) is hidden, one holding all three is published
    expect(new Set(p.group.slice(1)).size).toBe(1);
    expect(p.groupSize.get(p.group[1]!)).toBe(3);
  });

  it('protects a month whose total is itself small together with a neighbouring month', () => {
    const cells = [
      cell(0, 'IRREG_ENTRY|2024-01', [], 80),
      cell(0, 'IRREG_ENTRY|2024-02', [], 3),
      cell(0, 'IRREG_ENTRY|2024-03', [], 120),
      cell(1, 'IRREG_ENTRY|2024-01', ['F'], 30),
      cell(1, 'IRREG_ENTRY|2024-01', ['M'], 50),
      cell(1, 'IRREG_ENTRY|2024-02', ['F'], 3),
      cell(1, 'IRREG_ENTRY|2024-02', ['M'], 0),
      cell(1, 'IRREG_ENTRY|2024-03', ['F'], 60),
      cell(1, 'IRREG_ENTRY|2024-03', ['M'], 60),
    ];
    const p = protectCube(cells, { k: 5, groupings: [[], ['SEX']] });
    const hidden = cells.filter((_, i) => p.suppressed[i]).map((c) => `${c.unit} ${c.codes.join('') || 'total'}`);
    // February's total and a neighbour's total are hidden together (a region total holds both or neither)
    expect(hidden).toContain('IRREG_ENTRY|2024-02 total');
    expect(hidden.filter((h) => h.endsWith('total'))).toHaveLength(2);
    const totals = cells.map((c, i) => ({ c, i })).filter(({ c, i }) => c.grouping === 0 && p.suppressed[i]);
    expect(p.group[totals[0]!.i]).toBe(p.group[totals[1]!.i]);
    // no group sums to a small count
    const sums = new Map<number, number>();
    cells.forEach((c, i) => p.group[i]! >= 0 && sums.set(p.group[i]!, (sums.get(p.group[i]!) ?? 0) + c.value));
    for (const s of sums.values()) expect(s).toBeGreaterThanOrEqual(5);
  });
});
