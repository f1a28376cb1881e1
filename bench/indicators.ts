import { LocalFileStore } from '../src/server/platform/files.ts';
import type { UserActor } from '../src/server/platform/http/context.ts';
import { loadRealData, ObservatoryService, SYSTEM_USER_ID } from '../src/server/modules/observatory/index.ts';
import { IndicatorComputer, IndicatorsReader } from '../src/server/modules/indicators/index.ts';
import { openBenchDatabase, type Figure } from './lib.ts';

/**
 * Computed GCM indicators (issue 18): the time to recompute every computed indicator after a
 * release (a new public release of one country's figures over the shipped real data), beside
 * the time of the data-API questions the computations are built from (asked in the same run,
 * summed). Also the first computation (every value written). Aim: ≤ 5 s after a release.
 * BENCH_KEEP=1 keeps the database (its name is printed) to look at the values afterwards.
 */
export async function benchIndicators(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_ind', { keep: process.env.BENCH_KEEP === '1' });
  try {
    console.log('indicators: loading and releasing the shipped real data…');
    const service = new ObservatoryService(h.db, new LocalFileStore(`/tmp/${h.name}-files`));
    await loadRealData(h.db, service);
    const computer = new IndicatorComputer(h.db);
    const first = await computer.recomputeAll();
    console.log(`indicators: first computation ${Math.round(first.totalMs)} ms, ${first.written} values written, ${first.queries} data-API questions (${Math.round(first.queryMs)} ms)${first.failed.length ? `; failed: ${JSON.stringify(first.failed)}` : ''}`);
    // a release: the secretariat releases Guatemala's figures again (the same figures, a new release)
    const actor: UserActor = { kind: 'user', id: SYSTEM_USER_ID, email: 'system@observatorio.invalid', displayName: 'bench', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'session' };
    await service.createRelease(actor, { requestId: null, ip: null }, { dataflowId: 'MIG_FLOWS', country: 'GTM', level: 'public', note: 'bench' });
    const after = await computer.recomputeAll();
    console.log(`indicators: after a release ${Math.round(after.totalMs)} ms (${after.written} written, ${after.unchanged} unchanged), ${after.queries} data-API questions ${Math.round(after.queryMs)} ms`);
    const values = await new IndicatorsReader(h.db).points({ codes: ['CRM.F05'], statuses: ['validated'] });
    console.log(`indicators: ${values.length} values of CRM.F05 (regular share of entries)`);
    return [
      { name: 'indicators: recompute all computed after a release', value: after.totalMs, unit: 'ms', reference: 'their data-API questions alone', referenceValue: after.queryMs, ratio: after.totalMs / after.queryMs },
      { name: 'indicators: first computation (all values written)', value: first.totalMs, unit: 'ms', reference: 'their data-API questions alone', referenceValue: first.queryMs, ratio: first.totalMs / first.queryMs },
    ];
  } finally {
    await h.close();
  }
}

// run alone: `npx tsx bench/indicators.ts`
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchIndicators());
  process.exit(0);
}
