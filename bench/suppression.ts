import fs from 'node:fs';
import path from 'node:path';
import { protectCube, type CubeCell } from '../src/server/modules/observatory/read/protect.ts';
import { recoverable } from '../src/server/modules/observatory/read/protect-algebra.ts';
import type { Figure } from './lib.ts';

/**
 * What suppression costs the reader, on the shipped real data (seed/observatory/americas-flows:
 * regular and irregular entries by nationality). Each reporting country's cube is built as a
 * release builds it (groupings: none and CITIZENSHIP; all its months) and protected by the
 * release code (protect.ts); the standard dashboard questions are then answered with the
 * public rule (queryCube: an answer holding part of a protection group is hidden):
 *  - yearly by nationality, per country, 2023 and 2024 (the country profile's top nationalities);
 *  - the two-year total 2023–24 by nationality; monthly by nationality; the twelve months to
 *    April 2025 by nationality (the country profile's default, cutting two years); monthly totals.
 * Printed: the share of cells and of persons hidden, the hidden cells of 1,000 persons or
 * more, and the cells an attacker recovers from every one of those answers plus the line
 * relations (the release's own audit, repeated from outside): must be 0.
 */
const DIR = path.resolve('seed/observatory/americas-flows');
const FILES: [string, string][] = [
  ['regin.csv', 'REG_ENTRY'],
  ['irreg.csv', 'IRREG_ENTRY'],
];
const K = 5;

interface Answer {
  cells: number[];
  value: number;
}
export interface SuppressionFigures {
  question: string;
  cells: number;
  hiddenCells: number;
  persons: number;
  hiddenPersons: number;
  hiddenLarge: number;
  largest: number;
}

function loadCubes(): Map<string, CubeCell[]> {
  const byCountry = new Map<string, Map<string, number>>();
  for (const [file, flow] of FILES) {
    const lines = fs.readFileSync(path.join(DIR, file), 'utf8').trim().split('\n').slice(1);
    for (const l of lines) {
      const [t, geo, nat, n] = l.split(',');
      if (!geo || !nat || n === undefined || n === '') continue;
      const key = `${flow}|${t!.slice(0, 7)}\u0001${nat}`;
      const m = byCountry.get(geo) ?? byCountry.set(geo, new Map()).get(geo)!;
      m.set(key, (m.get(key) ?? 0) + Number(n));
    }
  }
  const cubes = new Map<string, CubeCell[]>();
  for (const [geo, m] of byCountry) {
    const totals = new Map<string, number>();
    const cells: CubeCell[] = [];
    for (const [key, v] of m) {
      const [unit, nat] = key.split('\u0001') as [string, string];
      totals.set(unit, (totals.get(unit) ?? 0) + v);
      cells.push({ grouping: 1, unit, codes: [nat], value: v });
    }
    for (const [unit, v] of totals) cells.push({ grouping: 0, unit, codes: [], value: v });
    cubes.set(geo, cells);
  }
  return cubes;
}

export function suppressionFigures(): { figures: SuppressionFigures[]; recovered: number; ms: number } {
  const cubes = loadCubes();
  const stats = new Map<string, SuppressionFigures>();
  let recovered = 0;
  let ms = 0;
  for (const [, cells] of [...cubes].sort(([a], [b]) => a.localeCompare(b))) {
    const t0 = performance.now();
    const p = protectCube(cells, { k: K, groupings: [[], ['CITIZENSHIP']] });
    ms += performance.now() - t0;
    const answer = (list: number[]): Answer => ({ cells: list, value: list.reduce((a, i) => a + cells[i]!.value, 0) });
    const hiddenAnswer = (a: Answer) => {
      const seen = new Map<number, number>();
      for (const i of a.cells) if (p.group[i]! >= 0) seen.set(p.group[i]!, (seen.get(p.group[i]!) ?? 0) + 1);
      return [...seen].some(([g, n]) => n < p.groupSize.get(g)!);
    };
    const by = (name: string, keyOf: (c: CubeCell) => string | null) => {
      const m = new Map<string, number[]>();
      cells.forEach((c, i) => {
        const k = keyOf(c);
        if (k !== null) (m.get(k) ?? m.set(k, []).get(k)!).push(i);
      });
      return [name, [...m.values()].map(answer)] as const;
    };
    const year = (c: CubeCell) => c.unit.slice(c.unit.indexOf('|') + 1, c.unit.indexOf('|') + 5);
    const questions = [
      by('yearly by nationality 2023, 2024', (c) => (c.grouping === 1 && ['2023', '2024'].includes(year(c)) ? `${c.unit.split('|')[0]}|${year(c)}|${c.codes[0]}` : null)),
      by('2023–24 total by nationality', (c) => (c.grouping === 1 && ['2023', '2024'].includes(year(c)) ? `${c.unit.split('|')[0]}|${c.codes[0]}` : null)),
      by('monthly by nationality 2023–24', (c) => (c.grouping === 1 && ['2023', '2024'].includes(year(c)) ? `${c.unit}|${c.codes[0]}` : null)),
      // the country profile's "last twelve months" (the shipped data end in April 2025): a range that cuts two years
      by('twelve months to 2025-04 by nationality', (c) => (c.grouping === 1 && c.unit.slice(c.unit.indexOf('|') + 1) >= '2024-05' && c.unit.slice(c.unit.indexOf('|') + 1) <= '2025-04' ? `${c.unit.split('|')[0]}|${c.codes[0]}` : null)),
      by('monthly totals 2023–24', (c) => (c.grouping === 0 && ['2023', '2024'].includes(year(c)) ? c.unit : null)),
    ];
    const published: number[][] = [];
    for (const [name, answers] of questions) {
      const s = stats.get(name) ?? stats.set(name, { question: name, cells: 0, hiddenCells: 0, persons: 0, hiddenPersons: 0, hiddenLarge: 0, largest: 0 }).get(name)!;
      for (const a of answers) {
        s.cells++;
        s.persons += a.value;
        if (hiddenAnswer(a)) {
          s.hiddenCells++;
          s.hiddenPersons += a.value;
          if (a.value >= 1000) s.hiddenLarge++;
          s.largest = Math.max(s.largest, a.value);
        } else published.push(a.cells);
      }
    }
    // the attacker: every published answer above, the line relations (a month's total is the sum of its nationalities)
    const lines = new Map<string, number[]>();
    cells.forEach((c, i) => (lines.get(c.unit) ?? lines.set(c.unit, []).get(c.unit)!).push(i));
    const relations = [...lines.values()].map((l) => ({ plus: l.filter((i) => cells[i]!.grouping === 0), minus: l.filter((i) => cells[i]!.grouping === 1) }));
    const hidden = cells.map((_, i) => i).filter((i) => p.suppressed[i]);
    recovered += recoverable(hidden, [...published.map((l) => ({ plus: l, minus: [] })), ...relations]).length;
  }
  return { figures: [...stats.values()], recovered, ms };
}

export async function benchSuppression(): Promise<Figure[]> {
  const { figures, recovered, ms } = suppressionFigures();
  console.log('\nsuppression on the shipped data (regular + irregular entries by nationality, per reporting country):');
  for (const f of figures)
    console.log(
      `  ${f.question.padEnd(34)} cells hidden ${f.hiddenCells}/${f.cells} (${((100 * f.hiddenCells) / f.cells).toFixed(1)} %), persons hidden ${f.hiddenPersons}/${f.persons} (${((100 * f.hiddenPersons) / f.persons).toFixed(3)} %), hidden cells ≥ 1,000: ${f.hiddenLarge} (largest ${f.largest})`,
    );
  console.log(`  cells recovered by the attacker: ${recovered} (must be 0); protection of all countries' cubes: ${ms.toFixed(0)} ms`);
  const yearly = figures[0]!;
  const fig = (name: string, value: number, unit: string, reference: string, referenceValue: number): Figure => ({ name, value, unit, reference, referenceValue, ratio: referenceValue ? value / referenceValue : 0 });
  return [
    // references: the figures before ADR 0026 (issue 17), on the same data and questions
    fig('suppression: persons hidden, yearly by nationality', Number(((100 * yearly.hiddenPersons) / yearly.persons).toFixed(3)), '%', 'before ADR 0026', 0.12),
    fig('suppression: hidden yearly cells of ≥ 1,000 persons', yearly.hiddenLarge, 'cells', 'before ADR 0026', 20),
    fig('suppression: cells recovered by the attacker', recovered, 'cells', 'must be', 0),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSuppression();
