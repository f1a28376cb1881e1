import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, freePort, startNode, waitReady, type Running } from './process.ts';

/**
 * A fresh `npm start` (node --import tsx src/server/main.ts, embedded PostgreSQL) loads the
 * shipped americas-flows data through the importer and releases it: an anonymous visitor
 * reads SOURCE.md's figures. A second start imports nothing again (docs/adr/0003).
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-startup-real-'));
const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
const started: Running[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && alive(pid)) {
      process.kill(pid, 'SIGINT');
      const deadline = Date.now() + 30_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function figure(base: string, qs: string): Promise<Record<string, number | null>> {
  const res = await fetch(`${base}/api/v1/data/MIG_FLOWS?${qs}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { observations: { REF_AREA: string; OBS_VALUE: number | null }[] };
  return Object.fromEntries(body.observations.map((o) => [o.REF_AREA, o.OBS_VALUE]));
}

describe('a fresh npm start shows a live observatory', () => {
  it('imports and releases the shipped real data once, in the background', { timeout: 600_000 }, async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const env = childEnv({ DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' }, ['DATABASE_URL', 'PUBLIC_URL', 'OBSERVATORY_REAL_DATA']);
    const base = `http://127.0.0.1:${port}`;
    const first = startNode('src/server/main.ts', env);
    started.push(first);
    await waitReady(`${base}/ready`, first);
    // Serving does not wait for the load; the console says when it is done.
    const deadline = Date.now() + 400_000;
    while (!/Observatorio: datos reales de flujos .* publicados para/.test(first.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    expect(first.output()).toMatch(/publicados para ABW, ARG, ATG, BHS, BLZ, BOL, BRA, BRB, CAN, CHL, COL, CRI, CUB, CUW, CYM, DMA, DOM, ECU, GRD, GTM, GUY, HND, HTI, JAM, KNA, LCA, MEX, NIC, PAN, PER, PRY, SLV, SUR, SXM, TCA, TTO, URY, USA, VEN, VGB\./);
    expect(first.output()).toMatch(/regout\.csv → \d+ observations, 188 rows refused/);

    // SOURCE.md's figures, anonymously, through the public data API
    expect(await figure(base, 'REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual({ CRI: 5066194 });
    expect(await figure(base, 'REF_AREA=COL&FLOW=REG_ENTRY&CITIZENSHIP=VEN&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual({ COL: 560627 });
    expect(await figure(base, 'FLOW=IRREG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA')).toEqual({ COL: 400612, HND: 367890, MEX: 986314, PAN: 302290 });
    // guatemala-returns/SOURCE.md: 2024 total = 76,768; population-wpp2024/SOURCE.md: Mexico 2023 = 129,739.5, USA 343,489.5
    expect(await figure(base, 'REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA')).toEqual({ GTM: 76768 });
    const population = (await (await fetch(`${base}/api/v1/population?REF_AREA=MEX,USA&startYear=2023&endYear=2023`)).json()) as { items: { REF_AREA: string; populationThousands: number }[] };
    expect(Object.fromEntries(population.items.map((r) => [r.REF_AREA, r.populationThousands]))).toEqual({ MEX: 129739.5, USA: 343489.5 });
    const rate = (await (await fetch(`${base}/api/v1/data/MIG_FLOWS?REF_AREA=GTM&FLOW=RETURN_RECEIVED&startPeriod=2023&endPeriod=2023&groupBy=REF_AREA&perCapita=1000`)).json()) as { observations: unknown[] };
    expect(rate.observations).toEqual([{ REF_AREA: 'GTM', OBS_VALUE: 79697, CONF_STATUS: 'F', PER_CAPITA: 4.397, POPULATION_YEAR: 2023 }]);
    // unhcr-asylum/SOURCE.md (annual periods, ADR 0017): applications in Mexico in 2024 = 78,966
    expect(await figure(base, 'REF_AREA=MEX&FLOW=ASYLUM_APP&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA')).toEqual({ MEX: 78966 });
    const gtm = (await (await fetch(`${base}/api/v1/releases`)).json()) as { items: { country: string; note: string | null }[] };
    expect(gtm.items.find((r) => r.country === 'GTM')?.note).toContain('IGM Guatemala');

    const releases = async () => ((await (await fetch(`${base}/api/v1/releases`)).json()) as { items: unknown[] }).items.length;
    expect(await releases()).toBe(40);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });

    // A second start finds the figures and imports nothing.
    const second = startNode('src/server/main.ts', env);
    started.push(second);
    await waitReady(`${base}/ready`, second);
    await new Promise((r) => setTimeout(r, 5000));
    expect(second.output()).not.toMatch(/observatory: .*\.csv →/);
    expect(second.output()).not.toMatch(/datos reales de flujos/);
    expect(await releases()).toBe(40);
    expect(await figure(base, 'REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual({ CRI: 5066194 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});
