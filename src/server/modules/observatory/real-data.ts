import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { RequestMeta, UserActor } from '../../platform/http/context.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { SEED_DIR } from '../../platform/paths.ts';
import type { ObservatoryService } from './service.ts';
import { tempFile } from './temp-file.ts';
import { MappingStore } from './mappings.ts';
import { ensureSystemAccount, SYSTEM_USER_ID } from './system-account.ts';
import { loadPopulation } from './population.ts';
import type { ColumnMapping } from './validate.ts';
import { seedSources, type Bilingual } from './sources.ts';

/**
 * The shipped real data, copied into seed/observatory/<dataset> so a fresh clone has it:
 * the monthly flows of 11 American countries (IOM's amerdigest, `americas-flows`) and the
 * Guatemalans returned from Mexico and the United States (IGM, `guatemala-returns`),
 * imported through the platform's own importer with saved column mappings
 * (seed/observatory/mappings.json: one per file, with its dataset and the source line its
 * releases carry; stored in obs_column_mapping as regional mappings). regout.csv has its two
 * country columns swapped by the packager: the reporting country is in `nat`, the other
 * country in `geo`. Rows the importer cannot take (an empty count, an empty country) are
 * reported with their messages and left out; the rest is applied.
 */
export const REAL_DATA_ROOT = path.join(SEED_DIR, 'observatory');
export const REAL_DATA_DIR = path.join(REAL_DATA_ROOT, 'americas-flows');
export const SEED_MAPPINGS_FILE = path.join(REAL_DATA_ROOT, 'mappings.json');

interface SeedMapping {
  dataflow: string;
  country: string;
  name: string;
  /** the folder of seed/observatory the file is in */
  dataset: string;
  file: string;
  /** the producer, as the public release of the figures names it */
  source: string;
  /** what SOURCE.md says of the producer (sources.ts); `name` null: the file does not name the agency */
  producer: { name: Bilingual | null; compiler: Bilingual | null; publicationRef: string | null; compilationRef: string | null; licence: string | null };
  mapping: ColumnMapping;
}
export const SEED_MAPPINGS: SeedMapping[] = JSON.parse(fs.readFileSync(SEED_MAPPINGS_FILE, 'utf8')) as SeedMapping[];

interface ShippedFile {
  dataset: string;
  file: string;
  source: string;
  mappingName: string;
  mapping: ColumnMapping;
}
/** Every shipped file, each with the name of its saved mapping (and that mapping as shipped). */
export const SHIPPED_FILES: ShippedFile[] = SEED_MAPPINGS.map((m) => ({ dataset: m.dataset, file: m.file, source: m.source, mappingName: m.name, mapping: m.mapping }));
/** The three americas-flows files. */
export const AMERICAS_FLOWS_FILES: ShippedFile[] = SHIPPED_FILES.filter((f) => f.dataset === 'americas-flows');

export interface ImportOutcome {
  file: string;
  rows: number;
  skipped: { row: number; message: string }[];
  warnings: string[];
  applied: { added: number; changed: number; unchanged: number } | null;
  submissionId: string | null;
}

export async function importAmericasFlows(
  service: ObservatoryService,
  actor: UserActor,
  meta: RequestMeta,
  dir: string,
  /** mappings: read each file's mapping from the saved mappings by name (else the shipped one) */
  opts: { locale?: Locale; release?: 'public' | 'members' | null; files?: string[]; mappings?: MappingStore } = {},
): Promise<ImportOutcome[]> {
  const out: ImportOutcome[] = [];
  for (const spec of AMERICAS_FLOWS_FILES) {
    if (opts.files && !opts.files.includes(spec.file)) continue;
    const mapping = opts.mappings ? await opts.mappings.resolve(actor, 'MIG_FLOWS', spec.mappingName) : spec.mapping;
    out.push(await importFile(service, actor, meta, path.join(dir, spec.file), spec.file, mapping, opts.locale ?? 'es'));
  }
  if (opts.release) {
    for (const c of await service.countriesWithData('MIG_FLOWS')) await service.createRelease(actor, meta, { dataflowId: 'MIG_FLOWS', country: c, level: opts.release });
  }
  return out;
}

/**
 * Submissions of the shipped data carry this idempotency key (the content's hash): a load
 * stopped between validation and apply finds its validated submission again, and the
 * start-up release tells the shipped figures from anything else the system account imported
 * (an operator's `observatorio import`).
 */
export const SHIPPED_KEY_PREFIX = 'real-data:';
function shippedKey(content: Buffer): string {
  return SHIPPED_KEY_PREFIX + crypto.createHash('sha256').update(content).digest('hex');
}

/** A submission's report once its validation is over (large files are validated by a background job). */
export async function whenValidated<R extends { id: string; status: string }>(service: ObservatoryService, actor: UserActor, report: R, locale: Locale): Promise<R> {
  let r = report;
  while (r.status === 'validating') {
    await new Promise((res) => setTimeout(res, 300));
    r = (await service.report(actor, r.id, locale)) as unknown as R;
  }
  return r;
}

/** One file through submit → (resubmit without the refused rows) → apply. */
async function importFile(service: ObservatoryService, actor: UserActor, meta: RequestMeta, full: string, file: string, mapping: ColumnMapping, locale: Locale): Promise<ImportOutcome> {
  const first = await whenValidated(service, actor, await service.submit(actor, meta, { dataflowId: 'MIG_FLOWS', fileName: file, tmpPath: copy(full), mapping, idempotencyKey: shippedKey(fs.readFileSync(full)) }, locale), locale);
  let report = first;
  const skipped = first.errors.map((e) => ({ row: e.row ?? 0, message: e.message }));
  if (first.errorCount > 0) {
    // Row errors only (a structural error has no row, and stops the import of this file).
    if (first.errors.some((e) => e.row === null) || first.errorCount > first.errors.length) {
      return { file, rows: first.rows, skipped, warnings: first.warnings.map((w) => w.message), applied: null, submissionId: first.id };
    }
    const bad = new Set(first.errors.map((e) => e.row));
    // One record per line in these files: drop the rows that were refused.
    const lines = fs.readFileSync(full, 'utf8').split(/\r?\n/);
    const kept = lines.filter((_, i) => !bad.has(i + 1)).join('\n');
    const label = locale === 'en' ? 'without refused rows' : 'sin filas rechazadas';
    report = await whenValidated(service, actor, await service.submit(actor, meta, { dataflowId: 'MIG_FLOWS', fileName: `${file} (${label})`, tmpPath: tempFile(kept), mapping, idempotencyKey: shippedKey(Buffer.from(kept)) }, locale), locale);
  }
  if (report.status !== 'validated') {
    return { file, rows: first.rows, skipped: [...skipped, ...report.errors.map((e) => ({ row: e.row ?? 0, message: e.message }))], warnings: [], applied: null, submissionId: report.id };
  }
  const applied = await service.apply(actor, meta, report.id, locale);
  return { file, rows: first.rows, skipped, warnings: report.warnings.map((w) => w.message), applied: applied.applied, submissionId: report.id };
}

function copy(file: string): string {
  const p = tempFile('');
  fs.copyFileSync(file, p);
  return p;
}

/** Stores the shipped regional mappings unless a mapping of that name exists (an edited one wins). */
export async function saveSeedMappings(db: Database, actor: UserActor): Promise<void> {
  const store = new MappingStore(db);
  for (const m of SEED_MAPPINGS) {
    const exists = await db.selectFrom('obs_column_mapping').select('name').where('dataflow_id', '=', m.dataflow).where('country_code', '=', m.country).where('name', '=', m.name).executeTakeFirst();
    if (!exists) await store.save(actor, null, { dataflowId: m.dataflow, name: m.name, mapping: m.mapping, country: m.country });
  }
}

/** The flow of one shipped file, its header, and each data line's reporting country (by its saved mapping: a column, or a constant). */
function readScope(full: string, mapping: ColumnMapping) {
  const refColumn = Object.entries(mapping.columns ?? {}).find(([, target]) => target === 'REF_AREA')?.[0];
  const lines = fs.readFileSync(full, 'utf8').split(/\r?\n/);
  const unquote = (v: string | undefined) => (v ?? '').trim().replace(/^"|"$/g, '');
  // fields of a comma-separated line, commas inside quotes kept (UNHCR's "Korea, Republic of")
  const fields = (l: string) => (l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((f) => unquote(f.replace(/,$/, '')));
  const idx = refColumn ? fields(lines[0] ?? '').indexOf(refColumn) : -1;
  const fixed = mapping.constants?.REF_AREA ?? '';
  const rows = lines.slice(1).filter((l) => l.trim() !== '').map((l) => ({ line: l, country: idx >= 0 ? (fields(l)[idx] ?? '') : fixed }));
  const countries = [...new Set(rows.map((r) => r.country).filter((c) => /^[A-Z]{3}$/.test(c)))].sort();
  return { flow: mapping.constants?.FLOW ?? '', header: lines[0] ?? '', rows, countries };
}

export interface RealDataLoad {
  loaded: ImportOutcome[];
  skippedFiles: string[];
  released: string[];
  /** rows of population-wpp2024 stored (0: already there) */
  population: number;
}

/** A shipped file in `dir`: its dataset's folder there, or `dir` itself (a copy of one dataset, `import-real-data --dir`). */
function shippedPath(dir: string, spec: ShippedFile): string | null {
  for (const p of [path.join(dir, spec.dataset, spec.file), path.join(dir, spec.file)]) if (fs.existsSync(p)) return p;
  return null;
}

/**
 * The start-up load (`npm start`, `observatorio import-real-data`): imports each shipped file
 * whose observations are absent (no revision of that flow for any of the file's reporting
 * countries), as the system account, with the saved regional mappings; then releases to the
 * public every country whose figures all came from the system import and that has no
 * release since. Idempotent: a second run finds the observations and does nothing; a run
 * stopped between files resumes with the files still missing.
 */
export async function loadRealData(
  db: Database,
  service: ObservatoryService,
  /** dir: seed/observatory by default; files: only these (tests) */
  opts: { dir?: string; files?: string[]; locale?: Locale; log?: (m: string) => void; shouldStop?: () => boolean } = {},
): Promise<RealDataLoad> {
  const dir = opts.dir ?? REAL_DATA_ROOT;
  const log = opts.log ?? (() => {});
  const result: RealDataLoad = { loaded: [], skippedFiles: [], released: [], population: 0 };
  if (!fs.existsSync(dir)) return result;
  // the denominators of perCapita: a public reference table, not a submission (population.ts)
  if (!opts.files || opts.files.includes('population.csv')) result.population = await loadPopulation(db, dir);
  const actor = await ensureSystemAccount(db);
  await saveSeedMappings(db, actor);
  const meta: RequestMeta = { requestId: 'real-data', ip: null };
  const mappings = new MappingStore(db);
  for (const spec of SHIPPED_FILES) {
    if (opts.shouldStop?.()) return result;
    if (opts.files && !opts.files.includes(spec.file)) continue;
    const shipped = shippedPath(dir, spec);
    if (!shipped) continue;
    const mapping = await mappings.resolve(actor, 'MIG_FLOWS', spec.mappingName);
    const scope = readScope(shipped, mapping);
    // A country that already has figures of this flow (its own, or an earlier load) is left as it is.
    const present = new Set(
      (
        await db
          .selectFrom('obs_observation')
          .select('ref_area')
          .distinct()
          .where('dataflow_id', '=', 'MIG_FLOWS')
          .where('flow', '=', scope.flow)
          .where('ref_area', 'in', scope.countries.length ? scope.countries : [''])
          .execute()
      ).map((r) => r.ref_area),
    );
    const missing = scope.countries.filter((c) => !present.has(c));
    if (missing.length === 0) {
      result.skippedFiles.push(spec.file);
      continue;
    }
    const started = Date.now();
    let full = shipped;
    let filtered: string | null = null;
    if (present.size > 0) {
      // Rows with no usable country stay in, so the report still names them.
      const keep = scope.rows.filter((r) => missing.includes(r.country) || !/^[A-Z]{3}$/.test(r.country));
      full = filtered = tempFile([scope.header, ...keep.map((r) => r.line)].join('\n') + '\n');
    }
    try {
      const outcome = await importFile(service, actor, meta, full, spec.file, mapping, opts.locale ?? 'es');
      result.loaded.push(outcome);
      log(`observatory: ${spec.file} → ${outcome.applied ? `${outcome.applied.added} observations` : `not applied (${outcome.skipped[0]?.message ?? '?'})`}, ${outcome.skipped.length} rows refused (${Date.now() - started} ms)`);
    } finally {
      if (filtered) fs.rmSync(filtered, { force: true });
    }
  }
  if (opts.shouldStop?.()) return result;
  await seedShippedSources(db);
  // Countries whose every figure came from the shipped files and that were not released since.
  const due = await sql<{ ref_area: string; files: string[] }>`
    select o.ref_area, array_agg(distinct s.file_name) as files from obs_observation o join obs_submission s on s.id = o.submission_id
    where o.dataflow_id = 'MIG_FLOWS'
    group by o.ref_area
    having bool_and(coalesce(s.user_id = ${SYSTEM_USER_ID}::uuid and s.idempotency_key like ${SHIPPED_KEY_PREFIX + '%'}, false))
       and not exists (select 1 from obs_release r where r.dataflow_id = 'MIG_FLOWS' and r.country_code = o.ref_area
                       and r.level = 'public' and r.cutoff >= max(o.valid_from))
    order by 1`.execute(db);
  for (const { ref_area, files } of due.rows) {
    // one source line per producer whose figures the release holds (a refiled file is named "<file> (…)")
    const sources = [...new Set(SHIPPED_FILES.filter((f) => files.some((n) => n === f.file || n.startsWith(`${f.file} (`))).map((f) => f.source))];
    await service.createRelease(actor, meta, { dataflowId: 'MIG_FLOWS', country: ref_area, level: 'public', note: sources.join('; ') });
    result.released.push(ref_area);
  }
  return result;
}

/**
 * The producer of each country × flow whose figures came from a shipped file, as its
 * SOURCE.md states it (mappings.json `producer`), stored where no source is recorded yet: a
 * country that sent its own figures is not described as the compilation, and an edit by
 * the secretariat or a focal point is kept. The national agency of americas-flows is not
 * named by the compilation, so it stays unnamed (the line shows the country and IOM).
 */
export async function seedShippedSources(db: Database): Promise<number> {
  let added = 0;
  for (const m of SEED_MAPPINGS) {
    const flow = m.mapping.constants?.FLOW;
    if (!flow) continue;
    const rows = await sql<{ ref_area: string }>`
      select distinct o.ref_area from obs_observation o join obs_submission s on s.id = o.submission_id
      where o.dataflow_id = ${m.dataflow} and o.flow = ${flow}
        and s.user_id = ${SYSTEM_USER_ID}::uuid and s.idempotency_key like ${SHIPPED_KEY_PREFIX + '%'}
        and (s.file_name = ${m.file} or s.file_name like ${m.file + ' (%'})`.execute(db);
    const p = m.producer;
    added += await seedSources(
      db,
      m.dataflow,
      rows.rows.map((r) => ({ country: r.ref_area, flow, producer: p.name, producerCountry: r.ref_area, compiler: p.compiler, publicationRef: p.publicationRef, compilationRef: p.compilationRef, licence: p.licence, definition: null })),
    );
  }
  return added;
}
