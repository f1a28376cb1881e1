import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { CaseActor } from './access.ts';
import { aadOf, decrypt, encrypt, type CaseKeys } from './crypto.ts';
import type { Comparison, Family, FullRecord, Personal, RecordOut, View } from '../../../shared/contracts/cases.ts';
import type { Capacity, CaseRecordTable } from './tables.ts';

/**
 * What one reader sees of one record (docs/adr/0014, "What each side sees"). The single place
 * that decides it, and the single place that decrypts.
 */
export type RecordRow = Selectable<CaseRecordTable>;
/** A row as a view reads it: the candidate search loads no ciphertext, so it has nothing to decrypt. */
export type ViewRow = Omit<RecordRow, 'personal_ct' | 'family_ct' | 'key_id'> & Partial<Pick<RecordRow, 'personal_ct' | 'family_ct' | 'key_id'>>;

export const authoringCapacity = (kind: RecordRow['kind']): Capacity => (kind === 'report' ? 'search_authority' : 'forensic_service');

/** full: the authoring capacity of the author's country; comparison: its other capacity, or a country it is shared with. */
export function viewOf(a: CaseActor, r: ViewRow): View | null {
  if (r.country_code === a.country) return a.capacities.has(authoringCapacity(r.kind)) ? 'full' : 'comparison';
  if (r.share_countries.includes(a.country)) return r.withdrawn_at ? 'withdrawn' : 'comparison';
  return null;
}

export function comparisonOf(r: ViewRow): Comparison {
  return {
    sex: r.sex,
    ageMin: r.age_min,
    ageMax: r.age_max,
    heightMin: r.height_min,
    heightMax: r.height_max,
    date: r.event_date,
    lat: r.lat,
    lon: r.lon,
    routePoints: r.route_points.map(([lat, lon]) => ({ lat, lon })),
    destinationCountry: r.destination_country,
    pmiMinDays: r.pmi_min_days,
    pmiMaxDays: r.pmi_max_days,
    incidentId: r.incident_id,
    markCodes: r.mark_codes,
    belongingCodes: r.belonging_codes,
    dnaSample: r.dna_sample,
  };
}

export const sealPersonal = (keys: CaseKeys, id: string, p: Personal) => encrypt(keys, aadOf('case_record', id, 'personal_ct'), p);
export const sealFamily = (keys: CaseKeys, id: string, f: Family) => encrypt(keys, aadOf('case_record', id, 'family_ct'), f);

/**
 * The record as this view allows: nothing personal is decrypted for comparison or withdrawn
 * views, and each view builds its own shape (the contract's union on `view`), so no field of
 * one view can ride along in another.
 */
export function recordOut(keys: CaseKeys, r: ViewRow, view: 'full', withPersonal?: boolean): FullRecord;
export function recordOut(keys: CaseKeys, r: ViewRow, view: Exclude<View, 'full'>, withPersonal?: boolean): Exclude<RecordOut, { view: 'full' }>;
export function recordOut(keys: CaseKeys, r: ViewRow, view: View, withPersonal?: boolean): RecordOut;
export function recordOut(keys: CaseKeys, r: ViewRow, view: View, withPersonal = true): RecordOut {
  const base = {
    id: r.id,
    kind: r.kind,
    countryCode: r.country_code,
    status: r.status,
    statusAt: r.status_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    withdrawn: r.withdrawn_at !== null,
    erased: r.erased_at !== null,
  };
  if (view === 'withdrawn') return { ...base, view };
  const comparison = comparisonOf(r);
  if (view === 'comparison') return { ...base, view, comparison };
  const personal = withPersonal && r.personal_ct && r.key_id ? { personal: decrypt<Personal>(keys, r.key_id, aadOf('case_record', r.id, 'personal_ct'), r.personal_ct) } : {};
  if (view === 'candidate') return { ...base, view, comparison, ...personal };
  // The family's contact: the reporting search authority only, never a candidate's other side.
  const family = withPersonal && r.kind === 'report' && r.family_ct && r.key_id ? { family: decrypt<Family>(keys, r.key_id, aadOf('case_record', r.id, 'family_ct'), r.family_ct) } : {};
  return { ...base, view, caseRef: r.case_ref, version: r.version, sharing: { countries: r.share_countries, consentDate: r.consent_date }, comparison, ...personal, ...family };
}

/** A read, with the reason the reader gave (encrypted: a reason may name someone). */
export async function recordAccess(db: Executor, keys: CaseKeys, a: CaseActor, recordId: string, view: 'full' | 'comparison' | 'candidate', reason: string): Promise<void> {
  const row = await db
    .insertInto('case_access')
    .values({ record_id: recordId, user_id: a.user.id, country_code: a.country, view, reason_ct: Buffer.alloc(0), key_id: keys.current.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('case_access').set({ reason_ct: encrypt(keys, aadOf('case_access', row.id, 'reason_ct'), reason) }).where('id', '=', row.id).execute();
}

export async function recordEvent(db: Executor, recordId: string, a: CaseActor | null, action: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db
    .insertInto('case_event')
    .values({ record_id: recordId, user_id: a?.user.id ?? null, country_code: a?.country ?? null, action, detail: JSON.stringify(detail) })
    .execute();
}

export const roundCoarse = (x: number) => Math.round(x * 10) / 10;
