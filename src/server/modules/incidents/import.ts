import { parse } from 'csv-parse/sync';
import type { Executor } from '../../platform/db/database.ts';
import { Invalid } from '../../platform/http/errors.ts';
import { countryNames, detectLayout, readRow, cellsOf, type IncidentInput, type Layout, type RowIssue } from './layouts.ts';
import { distanceKm, nearCountry } from './geo.ts';

/**
 * Reading a whole incidents file and checking it, before anything is stored: the file's
 * layout, every row (layouts.ts), then the checks that need the whole file and the database —
 * a Main ID twice, likely duplicates (same day ±1, within 5 km, same counts: flagged, never
 * dropped), points far from the stated country, and what a re-import changes.
 */
export const MAX_FILE_BYTES = 60 * 1024 * 1024;
export const MAX_ROWS = 250_000;
const DUPLICATE_KM = 5;

export interface ImportReport {
  layout: Layout;
  rows: number;
  valid: number;
  added: number;
  changed: number;
  unchanged: number;
  errors: RowIssue[];
  warnings: RowIssue[];
  /** the first changes a re-import makes, field by field */
  changes: { key: string; id: string; fields: string[] }[];
}

/** UTF-8 when it decodes as such; else Windows-1252 (IOM's older export). */
function decode(buf: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('windows-1252').decode(buf);
  }
  return text.replace(/^\uFEFF/, '');
}

function delimiterOf(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![0];
}

/** Called every `PROGRESS_ROWS` rows while reading, with the rows read and the file's rows (awaited: it also yields to other requests). */
export type ReadProgress = (read: number, total: number) => Promise<void>;
export const PROGRESS_ROWS = 2000;

export async function readIncidentsFile(db: Executor, buf: Buffer, fileKey: string, onProgress?: ReadProgress): Promise<{ layout: Layout; inputs: IncidentInput[]; issues: RowIssue[]; rows: number }> {
  if (buf.length > MAX_FILE_BYTES) throw new Invalid([{ path: 'file', key: 'incidents.import.tooLarge', params: { mb: MAX_FILE_BYTES / 1024 / 1024 } }]);
  if (buf.length === 0) throw new Invalid([{ path: 'file', key: 'errors.fileEmpty' }]);
  const text = decode(buf);
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text.slice(0, text.indexOf('\n') >>> 0)), relax_column_count: true, skip_empty_lines: true, bom: true, max_record_size: 1_000_000 });
  } catch (err) {
    throw new Invalid([{ path: 'file', key: 'incidents.import.notCsv', params: { detail: err instanceof Error ? err.message.slice(0, 200) : '' } }]);
  }
  const headers = records[0] ?? [];
  const layout = detectLayout(headers);
  if (!layout) throw new Invalid([{ path: 'file', key: 'incidents.import.unknownLayout', params: { headers: headers.slice(0, 8).join(', ') } }]);
  if (records.length - 1 > MAX_ROWS) throw new Invalid([{ path: 'file', key: 'incidents.import.tooManyRows', params: { max: MAX_ROWS } }]);
  const countries = await db.selectFrom('ref_country').select(['code', 'name', 'numeric_code']).execute();
  const names = countryNames(countries.map((c) => ({ code: c.code, name: c.name })));
  const numeric = new Map(countries.map((c) => [c.code, c.numeric_code]));
  const inputs: IncidentInput[] = [];
  const issues: RowIssue[] = [];
  for (let i = 1; i < records.length; i++) {
    if (onProgress && i % PROGRESS_ROWS === 0) await onProgress(i - 1, records.length - 1);
    const row = i + 1; // the spreadsheet's row number (headers are row 1)
    const { input, issues: rowIssues } = readRow(layout, cellsOf(headers, records[i]!), row, fileKey, names);
    issues.push(...rowIssues);
    if (!input) continue;
    if (input.countryCode && input.lat !== null && input.lon !== null && nearCountry(numeric.get(input.countryCode) ?? null, input.lat, input.lon) === false) {
      issues.push({ row, severity: 'warning', key: 'incidents.import.pointFarFromCountry', params: { country: input.countryCode, lat: input.lat, lon: input.lon } });
    }
    inputs.push(input);
  }
  issues.push(...wholeFileIssues(inputs));
  return { layout, inputs, issues, rows: records.length - 1 };
}

const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

/** Likely duplicates within the file: same day ±1, within 5 km, same counts. And Main IDs given twice. */
function wholeFileIssues(inputs: IncidentInput[]): RowIssue[] {
  const issues: RowIssue[] = [];
  const seen = new Map<string, number>();
  for (const x of inputs) {
    if (!x.mainId) continue;
    const prior = seen.get(x.mainId);
    if (prior !== undefined) issues.push({ row: x.row, severity: 'error', key: 'incidents.import.mainIdTwice', params: { id: x.mainId, other: prior } });
    else seen.set(x.mainId, x.row);
  }
  const byDay = new Map<number, IncidentInput[]>();
  for (const x of inputs) {
    if (x.lat === null || x.lon === null || x.precision !== 'day') continue;
    const d = dayNumber(x.date);
    for (const dd of [d - 1, d, d + 1]) {
      for (const y of byDay.get(dd) ?? []) {
        if (y.total === x.total && y.dead === x.dead && y.missing === x.missing && distanceKm(x.lat, x.lon, y.lat!, y.lon!) <= DUPLICATE_KM) {
          issues.push({ row: x.row, severity: 'warning', key: 'incidents.import.likelyDuplicate', params: { other: y.row } });
          break;
        }
      }
    }
    byDay.set(d, [...(byDay.get(d) ?? []), x]);
  }
  return issues;
}

/** The stored form of an input: the columns a re-import compares and writes. */
export function columnsOf(x: IncidentInput) {
  return {
    main_id: x.mainId,
    source_key: x.sourceKey,
    incident_date: x.date,
    date_precision: x.precision,
    country_code: x.countryCode,
    region: x.region,
    place: x.place,
    lat: x.lat,
    lon: x.lon,
    route: x.route,
    dead: x.dead,
    missing: x.missing,
    dead_and_missing: x.total,
    split: x.split,
    survivors: x.survivors,
    females: x.females,
    males: x.males,
    children: x.children,
    origins: JSON.stringify(x.origins),
    origin_codes: x.origins.map((o) => o.code),
    origin_region: x.originRegion,
    cause: x.cause,
    incident_type: x.type,
    info_source: x.infoSource,
    source_quality: x.quality,
    url: x.url,
  };
}
export type Columns = ReturnType<typeof columnsOf>;
const COMPARED = ['incident_date', 'date_precision', 'country_code', 'region', 'place', 'lat', 'lon', 'route', 'dead', 'missing', 'dead_and_missing', 'survivors', 'females', 'males', 'children', 'origins', 'origin_region', 'cause', 'incident_type', 'info_source', 'source_quality', 'url'] as const;

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a !== null && b !== null && Math.abs(Number(a) - Number(b)) < 1e-9;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** What applying would do: new records, records a newer export changes (field by field), unchanged ones. */
export async function diffWithStored(db: Executor, inputs: IncidentInput[]) {
  const mainIds = inputs.map((x) => x.mainId).filter((v): v is string => v !== null);
  const sourceKeys = inputs.map((x) => x.sourceKey).filter((v): v is string => v !== null);
  const stored = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < mainIds.length; i += 5000) {
    const rows = await db.selectFrom('inc_incident').selectAll().where('main_id', 'in', mainIds.slice(i, i + 5000)).execute();
    for (const r of rows) stored.set(`m:${r.main_id}`, r);
  }
  for (let i = 0; i < sourceKeys.length; i += 5000) {
    const rows = await db.selectFrom('inc_incident').selectAll().where('source_key', 'in', sourceKeys.slice(i, i + 5000)).execute();
    for (const r of rows) stored.set(`s:${r.source_key}`, r);
  }
  const added: IncidentInput[] = [];
  const changed: { input: IncidentInput; id: string; fields: string[] }[] = [];
  let unchanged = 0;
  for (const x of inputs) {
    const old = stored.get(x.mainId ? `m:${x.mainId}` : `s:${x.sourceKey}`);
    if (!old) {
      added.push(x);
      continue;
    }
    const next = columnsOf(x) as Record<string, unknown>;
    const fields = COMPARED.filter((f) => !same(f === 'origins' ? JSON.parse(String(next[f])) : next[f], old[f]));
    if (fields.length) changed.push({ input: x, id: String(old.id), fields: [...fields] });
    else unchanged++;
  }
  return { added, changed, unchanged };
}
