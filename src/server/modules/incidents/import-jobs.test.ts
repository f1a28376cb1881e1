import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';
import { BACKGROUND_BYTES } from './import-service.ts';

/**
 * A large incidents file is read in the background: the upload answers 202 with the import
 * `validating`, its progress is readable until the whole-file report is ready, and a pending
 * import can be reopened later from the person's list of pending imports.
 */
let t: TestApp;
let sec: Client;
let iom: Client;
const BOUNDARY = 'inc-jobs-boundary';
const TIDY_HEADER = '"t","m","type","route","geo","dead","cause","surv","nat","location","lon","lat"';

function multipart(name: string, content: string) {
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`;
}
const upload = (c: Client, name: string, content: string, lang = 'es') =>
  c.request({ method: 'POST', url: '/api/v1/incidents/imports', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'accept-language': lang }, payload: multipart(name, content) });

/** IOM's tidy layout, `n` distinct incidents (a day each, far apart: no likely duplicates), padded past the background size. */
function bigFile(n: number): string {
  const lines = [TIDY_HEADER];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`"${day}","${day.slice(0, 7)}-01","Incident","Central American Route","MEX","${1 + (i % 5)}","Drowning",,"HND","Large file row ${i}, near Tapachula, Chiapas, with a long place description to give the file its size",${(-92.26 - (i % 50) / 100).toFixed(2)},${(14.9 + (i % 50) / 100).toFixed(2)}`);
  }
  return lines.join('\r\n') + '\r\n';
}

type View = { id: string; status: string; progress: { read: number; total: number | null }; rows: number; added: number; failure: string | null; fileName: string };

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'jobs.sec@example.org', role: 'secretariat' });
  await createUser(t, { email: 'jobs.iom@example.org', role: 'contributor', organisationCode: 'IOM' });
  sec = await signIn(t, 'jobs.sec@example.org');
  iom = await signIn(t, 'jobs.iom@example.org');
});
afterAll(async () => t?.close());

describe('large incidents imports', () => {
  it('are read in the background with progress, listed as pending, reopened and applied', async () => {
    const file = bigFile(7000);
    expect(Buffer.byteLength(file)).toBeGreaterThan(BACKGROUND_BYTES);
    const res = await iom.request({ method: 'POST', url: '/api/v1/incidents/imports', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: multipart('mmp-grande.csv', file) });
    expect(res.statusCode, res.body).toBe(202);
    const first = res.json<View>();
    expect(first).toMatchObject({ status: 'validating', fileName: 'mmp-grande.csv', progress: { read: 0 } });
    // the progress as the page reads it, until the report is ready
    const seen: View[] = [];
    await expect
      .poll(
        async () => {
          const v = (await iom.request({ method: 'GET', url: `/api/v1/incidents/imports/${first.id}` })).json<View>();
          seen.push(v);
          return v.status;
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe('validated');
    const done = seen.at(-1)!;
    expect(done).toMatchObject({ rows: 7000, added: 7000, progress: { read: 7000, total: 7000 } });
    // every progress seen goes up and never past the file's rows
    const reads = seen.map((v) => v.progress.read);
    expect([...reads].sort((a, b) => a - b)).toEqual(reads);
    expect(seen.every((v) => v.progress.total === null || v.progress.total === 7000)).toBe(true);

    // another person's pending imports are not in my list; mine is, to reopen later
    const mine = (await iom.request({ method: 'GET', url: '/api/v1/incidents/imports' })).json<{ items: View[] }>().items;
    expect(mine.map((i) => [i.id, i.status, i.rows])).toEqual([[first.id, 'validated', 7000]]);
    expect((await sec.request({ method: 'GET', url: '/api/v1/incidents/imports' })).json<{ items: View[] }>().items).toEqual([]);

    const applied = await iom.request({ method: 'POST', url: `/api/v1/incidents/imports/${first.id}/apply` });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<View>()).toMatchObject({ status: 'applied', added: 7000 });
    expect((await iom.request({ method: 'GET', url: '/api/v1/incidents/imports' })).json<{ items: View[] }>().items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/incidents?from=2000&to=2030&pageSize=1' })).json<{ total: number }>().total).toBe(7000);
  }, 120_000);

  it('a large file that cannot be read says why, in the reader language, and stores nothing', async () => {
    const file = `Fecha;Muertos\r\n${'2024-01-01;1\r\n'.repeat(90_000)}`;
    expect(Buffer.byteLength(file)).toBeGreaterThan(BACKGROUND_BYTES);
    const res = await upload(sec, 'otra-cosa.csv', file, 'en');
    expect(res.statusCode).toBe(202);
    const id = res.json<View>().id;
    await expect.poll(async () => (await sec.request({ method: 'GET', url: `/api/v1/incidents/imports/${id}`, headers: { 'accept-language': 'en' } })).json<View>().status, { timeout: 30_000 }).toBe('failed');
    const v = (await sec.request({ method: 'GET', url: `/api/v1/incidents/imports/${id}`, headers: { 'accept-language': 'en' } })).json<View>();
    expect(v.failure).toContain("The file's columns are not recognised");
    expect((await sec.request({ method: 'POST', url: `/api/v1/incidents/imports/${id}/apply` })).statusCode).toBe(409);
  });
});
