import fs from 'node:fs';

/**
 * Realistic MIG_FLOWS files of any size, for the benchmark and the large-file tests:
 * countries × flows × months × nationalities × sex × age, every key once, and totals that
 * agree with their parts (the `_T` of sex is F + M, of age the sum of the age groups, of
 * citizenship the sum of the nationalities), so a file validates without errors.
 * Deterministic: the same arguments give the same bytes.
 */
export const SAMPLE_COUNTRIES = ['ARG', 'BRA', 'CHL', 'COL', 'CRI', 'ECU', 'GTM', 'MEX', 'PAN', 'PER', 'URY'];
export const SAMPLE_FLOWS = ['REG_ENTRY', 'REG_EXIT', 'IRREG_ENTRY'];
const NATIONALITIES = ['VEN', 'COL', 'HTI', 'CUB', 'NIC', 'ECU', 'PER', 'BOL', 'USA', 'CHN', 'IND', 'ESP', 'ITA', 'FRA', 'DEU', 'GTM', 'HND', 'SLV', 'DOM', 'XXA'];
const SEXES = ['F', 'M'];
const AGES = ['Y_LT5', 'Y5T11', 'Y12T17', 'Y18T29', 'Y30T59', 'Y_GE60'];
export const SAMPLE_HEADER = 'TIME_PERIOD,REF_AREA,FLOW,CITIZENSHIP,SEX,AGE,OBS_VALUE';

/** 441 rows per country × flow × month: (20 nationalities + _T) × (F, M, _T) × (6 age groups + _T). */
export const SAMPLE_ROWS_PER_SLICE = (NATIONALITIES.length + 1) * (SEXES.length + 1) * (AGES.length + 1);

export interface SampleOptions {
  rows: number;
  /** first month (default 2015-01); months follow one another */
  start?: string;
  /** changes every value deterministically (a "resubmission" of the same keys) */
  seed?: number;
  countries?: string[];
}

/** Writes the file and returns the sum of the values of the `_T`×`_T`×`_T` rows (the headline total). */
export function writeSampleCsv(file: string, opts: SampleOptions): { rows: number; headline: number } {
  const fd = fs.openSync(file, 'w');
  let buf = SAMPLE_HEADER + '\n';
  let rows = 0;
  let headline = 0;
  const seed = opts.seed ?? 1;
  const countries = opts.countries ?? SAMPLE_COUNTRIES;
  const [y0, m0] = (opts.start ?? '2015-01').split('-').map(Number) as [number, number];
  const cell = new Array<number>(NATIONALITIES.length * SEXES.length * AGES.length);
  try {
    outer: for (let month = 0; ; month++) {
      const mm = m0 - 1 + month;
      const period = `${y0 + Math.floor(mm / 12)}-${String((mm % 12) + 1).padStart(2, '0')}`;
      for (const c of countries) {
        for (const f of SAMPLE_FLOWS) {
          // the fine cells, then every total from them
          let x = hash(`${seed}|${c}|${f}|${period}`);
          for (let i = 0; i < cell.length; i++) {
            x = (Math.imul(x, 1103515245) + 12345) >>> 0;
            cell[i] = x % 9 === 0 ? 0 : (x >>> 8) % (i % 7 === 0 ? 2000 : 300);
          }
          const at = (n: number, s: number, a: number) => cell[(n * SEXES.length + s) * AGES.length + a]!;
          const value = (n: number, s: number, a: number): number => {
            // n, s, a may be -1: the total of that dimension
            if (n < 0) {
              let t = 0;
              for (let k = 0; k < NATIONALITIES.length; k++) t += value(k, s, a);
              return t;
            }
            if (s < 0) return value(n, 0, a) + value(n, 1, a);
            if (a < 0) {
              let t = 0;
              for (let k = 0; k < AGES.length; k++) t += at(n, s, k);
              return t;
            }
            return at(n, s, a);
          };
          for (let n = -1; n < NATIONALITIES.length; n++) {
            const nat = n < 0 ? '_T' : NATIONALITIES[n]!;
            for (let s = -1; s < SEXES.length; s++) {
              const sex = s < 0 ? '_T' : SEXES[s]!;
              for (let a = -1; a < AGES.length; a++) {
                const v = value(n, s, a);
                if (n < 0 && s < 0 && a < 0) headline += v;
                buf += `${period},${c},${f},${nat},${sex},${a < 0 ? '_T' : AGES[a]!},${v}\n`;
                if (++rows >= opts.rows) break outer;
              }
            }
            if (buf.length > 1 << 20) {
              fs.writeSync(fd, buf);
              buf = '';
            }
          }
        }
      }
    }
    fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
  return { rows, headline };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
