import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../../test/helpers/app.ts';
import { startObservatoryJobs } from '../jobs.ts';
import { writeSampleCsv } from './sample.ts';
import { JOB_THRESHOLD_BYTES } from './submit.ts';

/** The import pipeline: the diff before confirming, apply bound to the state it was validated against, large files in a job. */
let t: TestApp;
let sec: Client;
let cri: Client;
let dataDir: string;

const BOUNDARY = 'obs-pipeline';
function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const parts = Object.entries(fields).map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
    file.content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-pipeline-'));
  t = await testApp({ env: { DATA_DIR: dataDir } });
  await createUser(t, { email: 'pipe.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'pipe.cri@example.org', role: 'focal_point', countryCode: 'CRI' });
  sec = await signIn(t, 'pipe.sec@example.org');
  cri = await signIn(t, 'pipe.cri@example.org');
  // CRI chose automatic approval: its focal point's confirmations apply at once (workflow.test.ts covers approval by the secretariat)
  expect((await cri.request({ method: 'PUT', url: '/api/v1/observatory/policies/CRI', payload: { visibility: 'public', autoApprove: true } })).statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const row = (period: string, nat: string, sex: string, value: number) => ({ TIME_PERIOD: period, REF_AREA: 'CRI', FLOW: 'IRREG_ENTRY', CITIZENSHIP: nat, SEX: sex, OBS_VALUE: value });
const submit = (c: Client, rows: object[], mode?: 'merge' | 'replace') => c.request({ method: 'POST', url: '/api/v1/submissions', payload: { rows, ...(mode ? { mode } : {}) } });

describe('resubmission diff', () => {
  it('shows added, changed and removed rows with examples before confirming, and applies exactly that', async () => {
    const first = await submit(cri, [row('2023-01', 'VEN', 'F', 100), row('2023-01', 'VEN', 'M', 120), row('2023-01', 'HTI', 'F', 40), row('2023-02', 'VEN', 'F', 90)]);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().diff).toMatchObject({ mode: 'merge', added: 4, changed: 0, unchanged: 0, removed: 0 });
    expect((await cri.request({ method: 'POST', url: `/api/v1/submissions/${first.json().id}/apply` })).statusCode).toBe(200);

    // January again, replacing the month: VEN F corrected, VEN M the same, HTI F gone, COL F new
    const again = await submit(cri, [row('2023-01', 'VEN', 'F', 105), row('2023-01', 'VEN', 'M', 120), row('2023-01', 'COL', 'F', 7)], 'replace');
    expect(again.statusCode, again.body).toBe(201);
    const r = again.json();
    expect(r.status).toBe('validated');
    expect(r.diff).toMatchObject({ mode: 'replace', added: 1, changed: 1, unchanged: 1, removed: 1 });
    expect(r.diff.examples.changed).toEqual([{ row: 2, key: expect.objectContaining({ CITIZENSHIP: 'VEN', SEX: 'F', TIME_PERIOD: '2023-01' }), before: 100, after: 105 }]);
    expect(r.diff.examples.added).toEqual([{ row: 4, key: expect.objectContaining({ CITIZENSHIP: 'COL', SEX: 'F' }), before: null, after: 7 }]);
    expect(r.diff.examples.removed).toEqual([{ row: null, key: expect.objectContaining({ CITIZENSHIP: 'HTI', SEX: 'F', TIME_PERIOD: '2023-01' }), before: 40, after: null }]);
    // nothing changed until confirmed
    const before = await t.db.db.selectFrom('obs_observation').select(['citizenship', 'sex', 'time_period', 'obs_value']).where('ref_area', '=', 'CRI').where('flow', '=', 'IRREG_ENTRY').where('valid_to', 'is', null).orderBy('time_period').orderBy('citizenship').orderBy('sex').execute();
    expect(before.map((o) => `${o.time_period} ${o.citizenship} ${o.sex} ${o.obs_value}`)).toEqual(['2023-01 HTI F 40', '2023-01 VEN F 100', '2023-01 VEN M 120', '2023-02 VEN F 90']);

    const applied = await cri.request({ method: 'POST', url: `/api/v1/submissions/${r.id}/apply` });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().applied).toEqual({ added: 1, changed: 1, unchanged: 1, removed: 1 });
    const after = await t.db.db.selectFrom('obs_observation').select(['citizenship', 'sex', 'time_period', 'obs_value']).where('ref_area', '=', 'CRI').where('flow', '=', 'IRREG_ENTRY').where('valid_to', 'is', null).orderBy('time_period').orderBy('citizenship').orderBy('sex').execute();
    // February is not in the file: a replace touches only the months it holds
    expect(after.map((o) => `${o.time_period} ${o.citizenship} ${o.sex} ${o.obs_value}`)).toEqual(['2023-01 COL F 7', '2023-01 VEN F 105', '2023-01 VEN M 120', '2023-02 VEN F 90']);
    // the removed and the corrected figures stay as closed revisions
    const closed = await t.db.db.selectFrom('obs_observation').select(['citizenship', 'obs_value']).where('ref_area', '=', 'CRI').where('flow', '=', 'IRREG_ENTRY').where('valid_to', 'is not', null).orderBy('citizenship').execute();
    expect(closed.map((o) => `${o.citizenship} ${o.obs_value}`)).toEqual(['HTI 40', 'VEN 100']);
    // the staging table went with the apply
    const staged = await t.db.pool.query("select count(*)::int as n from pg_tables where tablename like 'obs_stage_%'");
    expect(staged.rows[0].n).toBe(0);
  });

  it('refuses (409) to apply a diff that is no longer true because another submission was applied since', async () => {
    const a = (await submit(cri, [row('2023-03', 'VEN', 'F', 10)])).json();
    const b = (await submit(cri, [row('2023-03', 'VEN', 'F', 11)])).json();
    expect(a.diff.added).toBe(1);
    expect(b.diff.added).toBe(1);
    expect((await cri.request({ method: 'POST', url: `/api/v1/submissions/${a.id}/apply` })).statusCode).toBe(200);
    const stale = await cri.request({ method: 'POST', url: `/api/v1/submissions/${b.id}/apply`, headers: { 'accept-language': 'en' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/changed after this file was validated/);
    // submitted again, the diff says what it will really do
    const again = (await submit(cri, [row('2023-03', 'VEN', 'F', 11)])).json();
    expect(again.diff).toMatchObject({ added: 0, changed: 1, examples: { changed: [expect.objectContaining({ before: 10, after: 11 })] } });
  });

  it('re-stages from the kept file when the staging table is gone (PostgreSQL restarted after a crash)', async () => {
    const s = (await submit(cri, [row('2023-04', 'VEN', 'F', 12), row('2023-04', 'VEN', 'M', 13)])).json();
    const sub = await t.db.db.selectFrom('obs_submission').select('stage_table').where('id', '=', s.id).executeTakeFirstOrThrow();
    await t.db.pool.query(`truncate ${sub.stage_table}`);
    const applied = await cri.request({ method: 'POST', url: `/api/v1/submissions/${s.id}/apply` });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().applied).toEqual({ added: 2, changed: 0, unchanged: 0 });
  });
});

describe('large files', () => {
  it('validates a 200,000-row file in the background job, with progress to poll, while other requests are answered', async () => {
    const jobs = await startObservatoryJobs({ connectionString: t.db.url, service: t.services.observatory });
    try {
      const file = path.join(dataDir, 'large.csv');
      const { rows } = writeSampleCsv(file, { rows: 200_000, countries: ['ARG', 'BRA', 'CHL', 'COL', 'MEX', 'PER'] });
      const content = fs.readFileSync(file);
      expect(content.length).toBeGreaterThan(JOB_THRESHOLD_BYTES);
      const res = await sec.request({ method: 'POST', url: '/api/v1/submissions', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: multipart({}, { name: 'large.csv', content }) });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ status: 'validating', progress: { phase: 'queued', bytesTotal: content.length } });
      const id = res.json().id as string;
      const seen: { status: string; phase: string; rowsRead: number }[] = [];
      let answeredMeanwhile = 0;
      let report = res.json();
      const deadline = Date.now() + 240_000;
      while (report.status === 'validating' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        report = (await sec.request({ method: 'GET', url: `/api/v1/submissions/${id}` })).json();
        seen.push({ status: report.status, phase: report.progress.phase, rowsRead: report.progress.rowsRead });
        // another request while the file is validated
        if (report.status === 'validating' && (await t.app.inject({ method: 'GET', url: '/api/v1/dataflows' })).statusCode === 200) answeredMeanwhile++;
      }
      expect(report.status, JSON.stringify(report.errors?.slice(0, 3))).toBe('validated');
      expect(report.rows).toBe(rows);
      // the file ends inside a country × flow × month: that cell's breakdowns fall short of its _T row, and
      // each shortfall is staged as a `_U` part (one total per cell, one-total.ts)
      expect(report.infos.filter((i: { key: string }) => i.key === 'observatory.msg.unstatedStored')).toHaveLength(1);
      const unstated = report.progress.rowsValid - rows;
      expect(unstated).toBeGreaterThan(0);
      expect(report.progress).toMatchObject({ phase: 'done', rowsRead: rows, rowsValid: rows + unstated, bytesRead: content.length, bytesTotal: content.length });
      expect(report.diff).toMatchObject({ added: rows + unstated, changed: 0, removed: 0 });
      expect(report.errorCount).toBe(0);
      // progress was visible while reading: rows read grew before the end
      expect(seen.some((p) => p.status === 'validating' && p.rowsRead > 0 && p.rowsRead < rows)).toBe(true);
      expect(answeredMeanwhile).toBeGreaterThan(0);
    } finally {
      await jobs.stop();
    }
  }, 300_000);
});
