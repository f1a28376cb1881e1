import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileStore } from '../src/server/platform/file-store.ts';
import { ReferenceService } from '../src/server/modules/reference/index.ts';
import { AttachmentService, PracticesService } from '../src/server/modules/practices/index.ts';
import { CommitmentsService } from '../src/server/modules/commitments/index.ts';
import { IndicatorsReader, REGION } from '../src/server/modules/indicators/index.ts';
import { renderHtml, renderPdf, ReviewService, ReviewSources, type ReportParams } from '../src/server/modules/review/index.ts';
import { openBenchDatabase, percentile, type Figure } from './lib.ts';

/**
 * The regional review report at full size (issue 18): all 23 objectives × every member
 * country of the CRM and the CSM × every indicator of the catalogue, each indicator with a
 * validated value for every country and year 2018–2024. Timed: the whole report as HTML
 * (read the sources, build the document model, draw) and as PDF, with the peak memory each
 * takes and the process's CPU time, beside the plain SQL reads the report is built from.
 * Aims: HTML ≤ 2 s, PDF ≤ 10 s.
 */
const RUNS = 3;
const YEARS = ['2018', '2019', '2020', '2021', '2022', '2023', '2024'];

/** Peak resident memory above the level before `fn`, sampled every 5 ms. */
async function withPeak<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; peakMb: number; result: T }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await fn();
  const c = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  // CPU time of this process too: on a shared machine the wall time also counts the others' work.
  return { ms, cpuMs: (c.user + c.system) / 1000, peakMb: (peak - base) / 1024 / 1024, result };
}

export async function benchReviewReport(): Promise<Figure[]> {
  const h = await openBenchDatabase('obs_bench_review');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-bench-review-'));
  try {
    const reference = new ReferenceService(h.db);
    const members = (await reference.countries('es')).filter((c) => c.memberships.length > 0).map((c) => c.code);
    const reader = new IndicatorsReader(h.db);
    const catalogue = (await reader.catalogue()).filter((i) => !i.retired);
    // The fixture is written in one statement: the write path's cost per value (IndicatorValues,
    // which the indicators module's own tests and bench cover) is not what this bench measures,
    // and through it the 8,000 values took minutes on a shared 2-core machine.
    const t0 = performance.now();
    const rows: { code: string; country: string; period: string; value: number | null; answer: string | null }[] = [];
    let k = 0;
    for (const ind of catalogue) {
      for (const country of [...members, REGION]) {
        for (const period of YEARS) {
          k++;
          // Deterministic figures that move both ways, so every status appears.
          const policy = ind.type === 'policy_presence';
          rows.push({ code: ind.code, country, period, value: policy ? null : Math.round(100 + 40 * Math.sin(k * 0.37) + (k % 7) * 3), answer: policy ? ['no', 'partial', 'yes'][k % 3]! : null });
        }
      }
    }
    await h.pool.query(
      `insert into ind_value (code, country, period, value, answer, origin, status, source, recorded_at)
       select code, country, period, value, answer, 'imported', 'validated', '{"file": "bench.csv"}'::jsonb, now() - interval '1 day'
       from unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::text[]) as r(code, country, period, value, answer)`,
      [rows.map((r) => r.code), rows.map((r) => r.country), rows.map((r) => r.period), rows.map((r) => r.value), rows.map((r) => r.answer)],
    );
    const revisions = catalogue.length * (members.length + 1) * YEARS.length;
    console.log(`review: ${revisions} values of ${catalogue.length} indicators × ${members.length} countries and the region × ${YEARS.length} years recorded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const practices = new PracticesService(h.db, new AttachmentService(h.db, createFileStore('local', h.db, dir)));
    const service = new ReviewService(h.db, new ReviewSources(reference, practices, new CommitmentsService(h.db), reader));
    const params: ReportParams = { title: 'Informe regional de examen del PMM', language: 'es', objectives: Array.from({ length: 23 }, (_, i) => i + 1), countryScope: 'all', from: 2018, to: 2024 };
    const asOf = new Date();

    // The plain SQL reads the report is built from: the values current at the as-of date,
    // the catalogue, countries, objectives, published practices, public roadmaps and pledges.
    const sqlReads = async () => {
      const q = (text: string, args: unknown[] = []) => h.pool.query(text, args);
      await Promise.all([
        q(`select code, country, period, value, answer, origin, status, id, recorded_at, source from ind_value
           where disaggregation = '{}'::jsonb and recorded_at <= $1 and (superseded_at is null or superseded_at > $1) and country = any($2)
           order by code, country, period`, [asOf, [...members, REGION]]),
        q(`select * from ind_indicator`),
        q(`select code, name, memberships from ref_country`),
        q(`select number, title from ref_gcm_objective`),
        q(`select p.id, p.title, p.kind, p.published_at from practice p where p.workflow = 'published'`),
        q(`select r.id, r.title, (select count(*) from roadmap_action a where a.roadmap_id = r.id) from roadmap r where r.is_public`),
        q(`select id, title, status from pledge where is_public`),
      ]);
    };

    const html: number[] = [];
    const pdf: number[] = [];
    const sql: number[] = [];
    const pdfCpu: number[] = [];
    const htmlCpu: number[] = [];
    let htmlPeak = 0;
    let pdfPeak = 0;
    let pages = 0;
    let bytes = 0;
    let htmlBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = await withPeak(sqlReads);
      sql.push(s.ms);
      const a = await withPeak(async () => renderHtml(await service.model(params, asOf), new Map()));
      html.push(a.ms);
      htmlCpu.push(a.cpuMs);
      htmlPeak = Math.max(htmlPeak, a.peakMb);
      htmlBytes = Buffer.byteLength(a.result);
      const b = await withPeak(async () => renderPdf(await service.model(params, asOf), new Map()));
      pdf.push(b.ms);
      pdfCpu.push(b.cpuMs);
      pdfPeak = Math.max(pdfPeak, b.peakMb);
      bytes = b.result.length;
      pages = (b.result.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    }
    const sql50 = percentile(sql.sort((x, y) => x - y), 50);
    const html50 = percentile(html.sort((x, y) => x - y), 50);
    const pdf50 = percentile(pdf.sort((x, y) => x - y), 50);
    const htmlCpu50 = percentile(htmlCpu.sort((x, y) => x - y), 50);
    const pdfCpu50 = percentile(pdfCpu.sort((x, y) => x - y), 50);
    console.log(`review: the full report is ${(htmlBytes / 1024).toFixed(0)} kB of HTML and ${(bytes / 1024).toFixed(0)} kB of PDF (${pages} pages)`);
    return [
      { name: 'review report: full, as HTML (p50)', value: html50, unit: 'ms', reference: 'its plain SQL reads', referenceValue: sql50, ratio: html50 / sql50 },
      { name: 'review report: full, as HTML vs aim', value: html50, unit: 'ms', reference: 'aim', referenceValue: 2000, ratio: html50 / 2000 },
      { name: 'review report: full, as PDF (p50)', value: pdf50, unit: 'ms', reference: 'its plain SQL reads', referenceValue: sql50, ratio: pdf50 / sql50 },
      { name: 'review report: full, as PDF vs aim', value: pdf50, unit: 'ms', reference: 'aim', referenceValue: 10_000, ratio: pdf50 / 10_000 },
      { name: 'review report: full, as HTML, CPU time of the process (p50)', value: htmlCpu50, unit: 'ms', reference: 'aim', referenceValue: 2000, ratio: htmlCpu50 / 2000 },
      { name: 'review report: full, as PDF, CPU time of the process (p50)', value: pdfCpu50, unit: 'ms', reference: 'aim', referenceValue: 10_000, ratio: pdfCpu50 / 10_000 },
      { name: 'review report: peak memory, HTML', value: htmlPeak, unit: 'MB', reference: 'PDF', referenceValue: pdfPeak, ratio: pdfPeak ? htmlPeak / pdfPeak : 0 },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await h.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./lib.ts');
  printTable(await benchReviewReport());
  process.exit(0);
}
