import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { PUBLIC_GROUPINGS } from './cube.ts';
import { applyAndRelease, Basis, coveredAtoms, P, questions, qs, readAtoms, type Obs } from '../testing/attack.ts';

/**
 * The attacker: small counts seeded through the real importer and released to the public;
 * then every aggregation the public API allows is asked (every public grouping, every
 * subset of its dimensions kept, the others filtered to each code or to all codes, every
 * country and flow or all, single months, ranges, quarters and years) and every published
 * number becomes a linear equation over the released cells. The attacker also knows how
 * the cells add up (a marginal is the sum of its parts) wherever that holds in the data.
 * No suppressed answer may be in the span of what is published.
 */
const MONTHS = ['2024-01', '2024-02', '2024-03'];
const CIT = ['VEN', 'NIC', 'COL'];
const SEX = ['F', 'M'];

let t: TestApp;
let sec: Client;

// deterministic small numbers: zeros, small counts and larger ones
let seed = Number(process.env.OBS_ATTACK_SEED ?? 7);
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const value = () => {
  const r = rnd();
  return r < 0.15 ? 0 : r < 0.55 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * 40);
};

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'obs.attack.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'obs.attack.sec@example.org');
  const rows: Record<string, string | number>[] = [];
  for (const [country, flow] of [['CRI', 'REG_ENTRY'], ['PAN', 'REG_ENTRY'], ['PAN', 'IRREG_ENTRY']] as const)
    for (const m of MONTHS)
      for (const c of CIT)
        for (const s of SEX) {
          // PAN's February irregular entries are a handful in all: the month's total itself is small
          const v = country === 'PAN' && flow === 'IRREG_ENTRY' && m === '2024-02' ? (c === 'VEN' && s === 'F' ? 2 : c === 'NIC' && s === 'M' ? 1 : 0) : value();
          rows.push({ REF_AREA: country, FLOW: flow, TIME_PERIOD: m, CITIZENSHIP: c, SEX: s, OBS_VALUE: v });
        }
  await applyAndRelease(sec, rows, ['CRI', 'PAN']);
}, 60_000);
afterAll(async () => t?.close());

describe('disclosure across queries', () => {
  it('an attacker asking every public aggregation recovers no suppressed figure', async () => {
    // The cells of each grouping (country × flow × month × its codes), with their true values (secretariat).
    const atoms = await readAtoms(sec);
    const atomKey = (g: string, key: Record<string, string>) => `${g}|${Object.keys(key).sort().map((k) => `${k}=${key[k]}`).join('|')}`;
    const index = new Map(atoms.map((a, i) => [atomKey(a.grouping, a.key), i]));
    const codesOf = (d: string) => [...new Set(atoms.filter((a) => d in a.key).map((a) => a.key[d]!))].sort();

    // What the attacker knows of the structure: a marginal is the sum of its line (where that holds).
    const equations: Map<number, number>[] = [];
    for (const g of PUBLIC_GROUPINGS)
      for (const d of g) {
        const sub = g.filter((x) => x !== d).join(',');
        for (const a of atoms.filter((x) => x.grouping === sub)) {
          const line = atoms.map((x, i) => [x, i] as const).filter(([x]) => x.grouping === g.join(',') && Object.entries(a.key).every(([k, v]) => x.key[k] === v));
          const parts = line.filter(([x]) => x.key[d] !== '_T');
          const used = parts.length ? parts : line;
          if (used.reduce((s, [x]) => s + x.value, 0) !== a.value) continue;
          const eq = new Map<number, number>([[index.get(atomKey(sub, a.key))!, 1]]);
          for (const [, i] of used) eq.set(i, P - 1);
          equations.push(eq);
        }
      }

    // Ask everything; each answer cell is the sum of the cells it covers.
    const all = questions(codesOf, MONTHS);
    const published: Map<number, number>[] = [];
    const secret: { q: string; cell: Obs; vec: Map<number, number> }[] = [];
    let answered = 0;
    for (let i = 0; i < all.length; i += 16) {
      const batch = all.slice(i, i + 16);
      const answers = await Promise.all(batch.map((q) => t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs(q)}` })));
      answers.forEach((res, j) => {
        const q = batch[j]!;
        expect(res.statusCode, `${qs(q)}: ${res.body}`).toBe(200);
        answered++;
        for (const cell of res.json().observations as Obs[]) {
          const vec = coveredAtoms(atoms, q, cell);
          expect(vec.size, `${qs(q)} ${JSON.stringify(cell)}`).toBeGreaterThan(0);
          if (cell.CONF_STATUS === 'C') {
            expect(cell.OBS_VALUE).toBeNull();
            secret.push({ q: qs(q), cell, vec });
          } else {
            // the published figure is the true sum of its cells
            expect(cell.OBS_VALUE).toBe([...vec.keys()].reduce((s, ai) => s + atoms[ai]!.value, 0));
            published.push(vec);
          }
        }
      });
    }
    expect(answered).toBeGreaterThan(1000);
    // the seeded small counts are there, and hidden
    expect(secret.length).toBeGreaterThan(50);
    const smallAtoms = atoms.filter((a) => a.value > 0 && a.value < 5).length;
    expect(smallAtoms).toBeGreaterThan(20);

    const basis = new Basis();
    for (const e of [...equations, ...published]) basis.add(e);
    const truth = (v: Map<number, number>) => [...v.keys()].reduce((sum, ai) => sum + atoms[ai]!.value, 0);
    // No suppressed cell of the released cube can be recovered…
    const recovered = secret.filter((x) => x.vec.size === 1 && basis.inSpan(x.vec));
    expect(recovered.map((r) => `${r.q} → ${JSON.stringify(r.cell)}`)).toEqual([]);
    // …and where a suppressed answer adds up cells in a way that is published elsewhere (a
    // partial protection group that happens to be a whole line), it is never a small count.
    const derived = secret.filter((x) => x.vec.size > 1 && basis.inSpan(x.vec));
    expect(derived.filter((x) => truth(x.vec) > 0 && truth(x.vec) < 5).map((r) => `${r.q} → ${truth(r.vec)}`)).toEqual([]);

    // The attack has teeth: told one suppressed cell, it would derive others from the published figures.
    const hiddenAtom = secret.find((s) => s.vec.size === 1)!;
    basis.add(hiddenAtom.vec);
    expect(secret.filter((s) => s !== hiddenAtom && basis.inSpan(s.vec)).length).toBeGreaterThan(0);
  }, 600_000);

  it('public breakdowns outside the released groupings are refused in the caller language', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?groupBy=CITIZENSHIP,AGE', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('CITIZENSHIP×AGE');
    // the secretariat reads every combination from the observations
    expect((await sec.request({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?groupBy=CITIZENSHIP,AGE' })).statusCode).toBe(200);
  });
});
