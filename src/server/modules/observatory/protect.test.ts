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

  it('hides a month, not a large category\'s year: groups follow a series through its year (ADR 0026)', () => {
    // Guatemalans: thousands a month and one person in December; Tongans: a handful all year
    const cells: CubeCell[] = [];
    const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `REG_ENTRY|2023-${m}`);
    const value: Record<string, number[]> = {
      GTM: [3200, 3100, 3300, 3250, 3400, 3150, 3200, 3300, 3350, 3280, 3000, 1],
      VEN: [9000, 9100, 9200, 9300, 9400, 9500, 9600, 9700, 9800, 9900, 10000, 10100],
      TON: [1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2],
      CUW: [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    };
    months.forEach((u, m) => {
      let total = 0;
      for (const [code, vs] of Object.entries(value)) {
        cells.push(cell(1, u, [code], vs[m]!));
        total += vs[m]!;
      }
      cells.push(cell(0, u, [], total));
    });
    const p = protectCube(cells, { k: 5, groupings: [[], ['CITIZENSHIP']] });
    // the public rule: an answer holding part of a group is hidden
    const yearHidden = (code: string) => {
      const idx = cells.map((c, i) => [c, i] as const).filter(([c]) => c.codes[0] === code).map(([, i]) => i);
      const seen = new Map<number, number>();
      for (const i of idx) if (p.group[i]! >= 0) seen.set(p.group[i]!, (seen.get(p.group[i]!) ?? 0) + 1);
      return [...seen].some(([g, n]) => n < p.groupSize.get(g)!);
    };
    // December's single Guatemalan is hidden, with a partner month of the same series…
    const gtmDec = cells.findIndex((c) => c.codes[0] === 'GTM' && c.unit.endsWith('-12'));
    expect(p.suppressed[gtmDec]).toBe(true);
    // …so the Guatemalans' and Venezuelans' years are published; the Tongans' and Curaçaoans' (small counts) are not
    expect(yearHidden('GTM')).toBe(false);
    expect(yearHidden('VEN')).toBe(false);
    expect(yearHidden('TON')).toBe(true);
    expect(yearHidden('CUW')).toBe(true);
    // every month total stays published, and no group sums to a small count
    expect(cells.filter((c, i) => c.grouping === 0 && p.suppressed[i])).toEqual([]);
    const sums = new Map<number, number>();
    cells.forEach((c, i) => p.group[i]! >= 0 && sums.set(p.group[i]!, (sums.get(p.group[i]!) ?? 0) + c.value));
    for (const s2 of sums.values()) expect(s2).toBeGreaterThanOrEqual(5);
  });
});
