import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { applyAndRelease, Basis, coveredAtoms, questions, qs, readAtoms, type Obs } from '../testing/attack.ts';

/**
 * The attacker is now a country's own user (Guatemala's focal point, whose figures are
 * applied but not released). Their questions about several countries mix their own
 * unreleased figures with Costa Rica's and Panama's released ones. They know every one of
 * their own figures; they ask every public aggregation both as themselves and anonymously.
 * No figure the releases hide may be derivable from all of it (data-service.ts, mixedCells).
 */
const MONTHS = ['2024-01', '2024-02'];
const CIT = ['VEN', 'NIC'];
const SEX = ['F', 'M'];

let t: TestApp;
let sec: Client;
let gtm: Client;

let seed = 11;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const value = () => {
  const r = rnd();
  return r < 0.15 ? 0 : r < 0.6 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * 40);
};

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'obs.mixed.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'obs.mixed.gtm@example.org', role: 'focal_point', countryCode: 'GTM' });
  sec = await signIn(t, 'obs.mixed.sec@example.org');
  gtm = await signIn(t, 'obs.mixed.gtm@example.org');
  const rows: Record<string, string | number>[] = [];
  for (const [country, flow] of [['CRI', 'REG_ENTRY'], ['PAN', 'REG_ENTRY'], ['GTM', 'REG_ENTRY'], ['PAN', 'IRREG_ENTRY']] as const)
    for (const m of MONTHS) for (const c of CIT) for (const s of SEX) rows.push({ REF_AREA: country, FLOW: flow, TIME_PERIOD: m, CITIZENSHIP: c, SEX: s, OBS_VALUE: value() });
  await applyAndRelease(sec, rows, ['CRI', 'PAN']);
}, 60_000);
afterAll(async () => t?.close());

describe('disclosure for a country asking about itself and others at once', () => {
  it('learns its own figures and nothing the releases hide about the others', async () => {
    const atoms = await readAtoms(sec);
    const codesOf = (d: string) => [...new Set(atoms.filter((a) => d in a.key).map((a) => a.key[d]!))].sort();
    expect(codesOf('REF_AREA')).toEqual(['CRI', 'GTM', 'PAN']);

    const basis = new Basis();
    // Guatemala's users know every figure of their own.
    atoms.forEach((a, i) => a.key.REF_AREA === 'GTM' && basis.add(new Map([[i, 1]])));

    const secret: { q: string; vec: Map<number, number> }[] = [];
    let mixed = 0;
    let ownSmallShown = 0;
    const all = questions(codesOf, MONTHS);
    for (let i = 0; i < all.length; i += 16) {
      const batch = all.slice(i, i + 16);
      const asked = batch.flatMap((q) => [
        { q, own: true, res: gtm.request({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs(q)}` }) },
        { q, own: false, res: t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs(q)}` }) },
      ]);
      for (const { q, own, res: pending } of asked) {
        const res = await pending;
        expect(res.statusCode, `${qs(q)}: ${res.body}`).toBe(200);
        const body = res.json<{ releases: unknown[]; unreleased?: string[]; observations: Obs[] }>();
        if (body.unreleased?.includes('GTM') && body.releases.length > 0) mixed++;
        for (const cell of body.observations) {
          // anonymous answers hold released figures only
          const vec = coveredAtoms(atoms, q, cell, (a) => own || a.key.REF_AREA !== 'GTM');
          expect(vec.size, `${qs(q)} ${JSON.stringify(cell)}`).toBeGreaterThan(0);
          const truth = [...vec.keys()].reduce((s, ai) => s + atoms[ai]!.value, 0);
          if (cell.CONF_STATUS === 'C') {
            expect(cell.OBS_VALUE).toBeNull();
            secret.push({ q: qs(q), vec });
          } else {
            expect(cell.OBS_VALUE, `${qs(q)} ${JSON.stringify(cell)}`).toBe(truth);
            if (cell.REF_AREA === 'GTM' && truth > 0 && truth < 5) ownSmallShown++;
            basis.add(vec);
          }
        }
      }
    }
    // the questions did mix own unreleased and others' released figures, and own small counts are shown to their owner
    expect(mixed).toBeGreaterThan(100);
    expect(ownSmallShown).toBeGreaterThan(0);
    const othersHidden = secret.filter((x) => x.vec.size === 1 && atoms[[...x.vec.keys()][0]!]!.key.REF_AREA !== 'GTM');
    expect(othersHidden.length).toBeGreaterThan(10);
    // No hidden figure of another country is determined by what was published plus the own figures.
    expect(othersHidden.filter((x) => basis.inSpan(x.vec)).map((x) => x.q)).toEqual([]);
    const truth = (v: Map<number, number>) => [...v.keys()].reduce((sum, ai) => sum + atoms[ai]!.value, 0);
    const derived = secret.filter((x) => x.vec.size > 1 && basis.inSpan(x.vec));
    expect(derived.filter((x) => truth(x.vec) > 0 && truth(x.vec) < 5 && [...x.vec.keys()].some((ai) => atoms[ai]!.key.REF_AREA !== 'GTM')).map((x) => x.q)).toEqual([]);
  }, 600_000);

  it('refuses a breakdown the releases do not publish for a mixed question, and says how to ask for the own country', async () => {
    const mixed = await gtm.request({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?groupBy=CITIZENSHIP,AGE', headers: { 'accept-language': 'en' } });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.issues[0].message).toContain('REF_AREA=GTM');
    expect(mixed.json().error.issues[0].message).toContain('CITIZENSHIP×AGE');
    const own = await gtm.request({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&groupBy=CITIZENSHIP,AGE' });
    expect(own.statusCode).toBe(200);
  });

  it('answers a country user about itself alone with every figure, small ones included', async () => {
    const res = await gtm.request({ method: 'GET', url: '/api/v1/data/MIG_FLOWS?REF_AREA=GTM&groupBy=TIME_PERIOD,CITIZENSHIP,SEX' });
    expect(res.statusCode).toBe(200);
    const obs = res.json().observations as Obs[];
    expect(obs.length).toBe(MONTHS.length * CIT.length * SEX.length);
    expect(obs.every((o) => o.CONF_STATUS === 'F' && typeof o.OBS_VALUE === 'number')).toBe(true);
  });
});
