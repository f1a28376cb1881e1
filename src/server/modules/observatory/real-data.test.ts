import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import type { UserActor } from '../../platform/http/context.ts';
import { importAmericasFlows, type ImportOutcome } from './real-data.ts';

/** The real files (../shared/data/americas-flows) through the importer and the data API. */
const DIR = path.resolve('../shared/data/americas-flows');
const present = fs.existsSync(path.join(DIR, 'regin.csv'));
if (!present) console.warn(`skipping the real-data figures: ${DIR} is not there`);

describe.skipIf(!present)('real data: americas-flows', () => {
  let t: TestApp;
  let outcome: ImportOutcome[];
  beforeAll(async () => {
    t = await testApp();
    const id = await createUser(t, { email: 'obs.import@example.org', role: 'secretariat' });
    const actor: UserActor = { kind: 'user', id, email: 'obs.import@example.org', displayName: '', role: 'secretariat', countryCode: null, organisationId: null, locale: 'es', via: 'token' };
    outcome = await importAmericasFlows(t.services.observatory, actor, { requestId: null, ip: null }, DIR, { release: 'public' });
  }, 240_000);
  afterAll(async () => t?.close());

  const get = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/data/MIG_FLOWS?${qs}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().observations as { REF_AREA?: string; OBS_VALUE: number | null; CONF_STATUS: string }[];
  };

  it('imports the three files, reporting the rows it cannot take', () => {
    const byFile = Object.fromEntries(outcome.map((o) => [o.file, o]));
    expect(byFile['regin.csv']!.applied).not.toBeNull();
    expect(byFile['regin.csv']!.rows).toBe(51281);
    expect(byFile['irreg.csv']!.skipped).toEqual([{ row: 4086, message: 'Fila 4086, columna «n»: falta el valor.' }]);
    expect(byFile['regout.csv']!.skipped).toHaveLength(188);
    expect(byFile['regout.csv']!.skipped[0]!.message).toBe('Fila 23, columna «geo»: falta el código de COUNTERPART_AREA.');
    expect(byFile['regin.csv']!.warnings.join(' ')).toContain('«OOO» se registró como «_U»');
  });

  it('answers the figures of SOURCE.md through the public data API', async () => {
    expect(await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'CRI', OBS_VALUE: 5066194, CONF_STATUS: 'F' }]);
    expect(await get('REF_AREA=COL&FLOW=REG_ENTRY&CITIZENSHIP=VEN&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA')).toEqual([{ REF_AREA: 'COL', OBS_VALUE: 560627, CONF_STATUS: 'F' }]);
    const irreg = await get('FLOW=IRREG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=REF_AREA');
    expect(Object.fromEntries(irreg.map((o) => [o.REF_AREA, o.OBS_VALUE]))).toEqual({ COL: 400612, HND: 367890, MEX: 986314, PAN: 302290 });
    const yearly = await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-12&groupBy=REF_AREA,TIME_PERIOD&timeAggregation=year');
    expect(yearly).toEqual([{ REF_AREA: 'CRI', TIME_PERIOD: '2024', OBS_VALUE: 5066194, CONF_STATUS: 'F' }]);
    const quarters = await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024&endPeriod=2024&groupBy=TIME_PERIOD&timeAggregation=quarter');
    expect(quarters.map((q) => q.OBS_VALUE).reduce((a, b) => a! + b!, 0)).toBe(5066194);
  });

  it('suppresses small counts by nationality and never publishes them as zero', async () => {
    const cells = await get('REF_AREA=CRI&FLOW=REG_ENTRY&startPeriod=2024-01&endPeriod=2024-01&groupBy=CITIZENSHIP');
    const hidden = cells.filter((c) => c.CONF_STATUS === 'C');
    expect(hidden.length).toBeGreaterThan(1);
    expect(hidden.every((c) => c.OBS_VALUE === null)).toBe(true);
    expect(cells.every((c) => c.OBS_VALUE === null || c.OBS_VALUE === 0 || c.OBS_VALUE >= 5)).toBe(true);
  });
});
