import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { RecordRow } from './view.ts';

/**
 * Candidate matches between a report (ante-mortem) and remains (post-mortem), on the clear
 * comparison fields only (docs/adr/0014). The filter is SQL, so it runs over 100,000 remains
 * without decrypting anything (bench/cases.ts); the score and its reasons are computed here.
 * A candidate is a suggestion for people to examine: nothing here decides.
 */
/** A record as the candidate search reads it: the comparison columns, never the ciphertext. */
export type MatchRow = Omit<RecordRow, 'personal_ct' | 'family_ct' | 'key_id'>;
const MATCH_COLUMNS = sql.raw(
  ['id', 'kind', 'country_code', 'author_user_id', 'case_ref', 'status', 'status_at', 'sex', 'age_min', 'age_max', 'height_min', 'height_max', 'event_date', 'lat', 'lon', 'route_points', 'destination_country', 'pmi_min_days', 'pmi_max_days', 'incident_id', 'mark_codes', 'belonging_codes', 'dna_sample', 'share_countries', 'consent_date', 'withdrawn_at', 'erased_at', 'version', 'created_at', 'updated_at']
    .map((c) => `r.${c}`)
    .join(', '),
);

export interface Scored {
  row: MatchRow;
  km: number;
  score: number;
  reasons: { code: string; value?: number | string | string[] }[];
}

const KM_PER_DEG = 111.32;

/** Points of a report: its last known place and its route's points. */
export function reportPoints(r: MatchRow): [number, number][] {
  const pts: [number, number][] = r.lat !== null && r.lon !== null ? [[r.lat, r.lon]] : [];
  return pts.concat(r.route_points);
}

/** Great-circle distance, the same formula as the SQL below. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

const havSql = (lat: RawBuilder<unknown>, lon: RawBuilder<unknown>, la: RawBuilder<unknown>, lo: RawBuilder<unknown>) =>
  sql`2 * 6371 * asin(least(1, sqrt(power(sin(radians(${lat} - ${la}) / 2), 2) + cos(radians(${la})) * cos(radians(${lat})) * power(sin(radians(${lon} - ${lo}) / 2), 2))))`;

/** Sex agrees when equal, or when either side could not tell (U). */
const sexAgrees = (sex: string) => (sex === 'U' ? sql`true` : sql`r.sex in (${sex}, 'U')`);

/** Records of the other kind that the two countries may both see: same country, or shared both ways. */
const mutual = (r: MatchRow) => sql`(r.country_code = ${r.country_code} or (${r.country_code} = any(r.share_countries) and r.country_code = any(${r.share_countries}::char(3)[])))`;

/** The SQL filter of remains for a report: sex, age, height, date, place (bench/cases.ts times this). */
export function remainsFilterSql(report: MatchRow, radiusKm: number) {
  const pts = reportPoints(report);
  if (pts.length === 0) return null;
  const boxes = pts.map(([la, lo]) => {
    const dLat = radiusKm / KM_PER_DEG;
    const dLon = radiusKm / (KM_PER_DEG * Math.max(0.05, Math.cos((la * Math.PI) / 180)));
    return sql`(r.lat between ${la - dLat} and ${la + dLat} and r.lon between ${lo - dLon} and ${lo + dLon})`;
  });
  const values = sql.join(pts.map(([la, lo]) => sql`(${la}::float8, ${lo}::float8)`));
  return sql<MatchRow & { km: number }>`
    select ${MATCH_COLUMNS}, d.km from case_record r
    cross join lateral (select min(${havSql(sql`r.lat`, sql`r.lon`, sql`p.la`, sql`p.lo`)}) as km from (values ${values}) as p(la, lo)) d
    where r.kind = 'remains' and r.withdrawn_at is null and r.erased_at is null and r.status = 'unidentified'
      and ${sexAgrees(report.sex)}
      and r.event_date >= ${report.event_date}
      and r.age_min <= ${report.age_max} and r.age_max >= ${report.age_min}
      and (r.height_min is null or ${report.height_min}::int is null or (r.height_min <= ${report.height_max} and r.height_max >= ${report.height_min}))
      and ${mutual(report)}
      and (${sql.join(boxes, sql` or `)})
      and d.km <= ${radiusKm}`;
}

function reportsFilterSql(remains: MatchRow, radiusKm: number) {
  if (remains.lat === null || remains.lon === null) return null;
  const pts = sql`(select r.lat as la, r.lon as lo where r.lat is not null union all select (p->>0)::float8, (p->>1)::float8 from jsonb_array_elements(r.route_points) p)`;
  return sql<MatchRow & { km: number }>`
    select ${MATCH_COLUMNS}, d.km from case_record r
    cross join lateral (select min(${havSql(sql`${remains.lat}::float8`, sql`${remains.lon}::float8`, sql`q.la`, sql`q.lo`)}) as km from ${pts} q) d
    where r.kind = 'report' and r.withdrawn_at is null and r.erased_at is null and r.status = 'open'
      and ${sexAgrees(remains.sex)}
      and r.event_date <= ${remains.event_date}
      and r.age_min <= ${remains.age_max} and r.age_max >= ${remains.age_min}
      and (r.height_min is null or ${remains.height_min}::int is null or (r.height_min <= ${remains.height_max} and r.height_max >= ${remains.height_min}))
      and ${mutual(remains)}
      and d.km <= ${radiusKm}`;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Why a pair scores: each reason is a code the interface words in the reader's language. */
export function score(report: MatchRow, remains: MatchRow, km: number, radiusKm: number): Omit<Scored, 'row'> {
  const reasons: Scored['reasons'] = [];
  let s = 0;
  const marks = report.mark_codes.filter((c) => remains.mark_codes.includes(c)).sort();
  if (marks.length) {
    s += 3 * marks.length;
    reasons.push({ code: 'marks', value: marks });
  }
  const things = report.belonging_codes.filter((c) => remains.belonging_codes.includes(c)).sort();
  if (things.length) {
    s += 2 * things.length;
    reasons.push({ code: 'belongings', value: things });
  }
  if (report.sex !== 'U' && report.sex === remains.sex) {
    s += 1;
    reasons.push({ code: 'sex', value: report.sex });
  } else reasons.push({ code: 'sexUndetermined' });
  reasons.push({ code: 'age', value: `${Math.max(report.age_min, remains.age_min)}–${Math.min(report.age_max, remains.age_max)}` });
  if (report.height_min !== null && remains.height_min !== null) {
    s += 1;
    reasons.push({ code: 'height', value: `${Math.max(report.height_min, remains.height_min)}–${Math.min(report.height_max!, remains.height_max!)}` });
  }
  s += 2 * Math.max(0, 1 - km / radiusKm);
  reasons.push({ code: 'distanceKm', value: Math.round(km) });
  const days = daysBetween(report.event_date, remains.event_date);
  if (days <= 365) s += 1;
  reasons.push({ code: 'daysAfterLastContact', value: days });
  if (report.dna_sample && remains.dna_sample) reasons.push({ code: 'dnaBothSides' });
  return { km, score: Math.round(s * 100) / 100, reasons };
}

/** Candidates for a record (remains for a report, reports for remains), best first. */
export async function findCandidates(db: Executor, record: MatchRow, radiusKm: number): Promise<Scored[]> {
  const q = record.kind === 'report' ? remainsFilterSql(record, radiusKm) : reportsFilterSql(record, radiusKm);
  if (!q) return [];
  const { rows } = await q.execute(db);
  return rows
    .map(({ km, ...row }) => {
      const [report, remains] = record.kind === 'report' ? [record, row] : [row, record];
      return { row: row, ...score(report, remains, Number(km), radiusKm) };
    })
    .sort((x, y) => y.score - x.score || x.km - y.km);
}
