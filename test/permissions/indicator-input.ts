import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { authFor, BOUNDARY, callAs, t, type Area, type Who } from './harness.ts';

// The requests for the indicator input rows of matrix.ts (values reported by focal points,
// the secretariat's validation queue, the SDG file import), and what they need first.

const YEAR = String(new Date().getUTCFullYear() - 1);
const SDG_FILE = fs.readFileSync(new URL('../../fixtures/indicators/sdg-global-database-sample.csv', import.meta.url)).toString('base64');
const NO_CHECKSUM = '0'.repeat(64);
let evidenceId = '00000000-0000-4000-8000-000000000000';

/** A provisional value reported by Guatemala's focal point (the harness's focal point). */
async function provisional(): Promise<number> {
  const r = await callAs('focal_point', 'POST', '/api/v1/indicators/report/values', { country: 'GTM', code: 'CRM.P03', period: YEAR, answer: 'partial' });
  if (r.statusCode !== 201) throw new Error(`report failed: ${r.body}`);
  return r.json<{ revisionId: number }>().revisionId;
}

async function setup() {
  const auth = await authFor('focal_point');
  const up = await t.app.inject({
    method: 'POST',
    url: '/api/v1/indicators/report/evidence',
    headers: { ...auth.headers, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="ley.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--${BOUNDARY}--\r\n`,
  });
  if (up.statusCode !== 201) throw new Error(`evidence upload failed: ${up.body}`);
  evidenceId = up.json<{ id: string }>().id;
  const r = await callAs('focal_point', 'POST', '/api/v1/indicators/report/values', { country: 'GTM', code: 'CRM.P01', period: YEAR, answer: 'yes', evidenceFile: evidenceId });
  if (r.statusCode !== 201) throw new Error(`report failed: ${r.body}`);
}

/** The focal point's template with one value changed, and the checksum of its preview. */
async function filledTemplate(value: number) {
  const auth = await authFor('focal_point');
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/indicators/report/template.xlsx?years=${YEAR}`, headers: auth.headers });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  wb.worksheets[0]!.eachRow((row) => {
    if (row.getCell(1).value === 'CRM.P04') row.getCell(7).value = value;
  });
  const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  const preview = await t.app.inject({ method: 'POST', url: '/api/v1/indicators/report/template/preview', headers: auth.headers, payload: { content } });
  return { content, checksum: preview.json<{ checksum: string }>().checksum };
}

let templateValue = 1;
const REQUESTS: Area['requests'] = {
  'GET /api/v1/indicators/report/sheet': () => ({ url: `/api/v1/indicators/report/sheet?years=${YEAR}` }),
  'POST /api/v1/indicators/report/values': () => ({ url: '/api/v1/indicators/report/values', payload: { country: 'GTM', code: 'CRM.P02', period: YEAR, answer: 'no' } }),
  'POST /api/v1/indicators/report/evidence': () => ({ url: '/api/v1/indicators/report/evidence', multipart: true }),
  'GET /api/v1/indicators/evidence/:id': () => ({ url: `/api/v1/indicators/evidence/${evidenceId}` }),
  'GET /api/v1/indicators/report/template.xlsx': () => ({ url: `/api/v1/indicators/report/template.xlsx?years=${YEAR}` }),
  'POST /api/v1/indicators/report/template/preview': async (who: Who) => ({
    url: '/api/v1/indicators/report/template/preview',
    payload: who === 'focal_point' ? { content: (await filledTemplate(2)).content } : { content: SDG_FILE },
  }),
  'POST /api/v1/indicators/report/template/apply': async (who: Who) => ({
    url: '/api/v1/indicators/report/template/apply',
    payload: who === 'focal_point' ? await filledTemplate(templateValue++) : { content: SDG_FILE, checksum: NO_CHECKSUM },
  }),
  'GET /api/v1/indicators/reported': () => ({ url: '/api/v1/indicators/reported' }),
  'POST /api/v1/indicators/reported/:id/validate': async () => ({ url: `/api/v1/indicators/reported/${await provisional()}/validate`, payload: {} }),
  'POST /api/v1/indicators/reported/:id/reject': async () => ({ url: `/api/v1/indicators/reported/${await provisional()}/reject`, payload: { reason: 'Sin evidencia.' } }),
  'POST /api/v1/indicators/imports/sdg/preview': () => ({ url: '/api/v1/indicators/imports/sdg/preview', payload: { content: SDG_FILE } }),
  'POST /api/v1/indicators/imports/sdg/apply': async (who: Who) => {
    let checksum = NO_CHECKSUM;
    if (who === 'admin' || who === 'secretariat') {
      const p = await callAs(who, 'POST', '/api/v1/indicators/imports/sdg/preview', { content: SDG_FILE });
      checksum = p.json<{ checksum: string }>().checksum;
    }
    return { url: '/api/v1/indicators/imports/sdg/apply', payload: { content: SDG_FILE, checksum } };
  },
};

export const indicatorInput: Area = { requests: REQUESTS, setup };
