import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { Conflict, Forbidden, Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { findUserById } from '../identity/index.ts';
import { caseActor, requireCapacity, type CaseActor } from './access.ts';
import { aadOf, decrypt, type CaseKeys } from './crypto.ts';
import { CasesDisabled } from './errors.ts';
import { remainsFields, reportFields, today, type RemainsFields, type ReportFields } from './fields.ts';
import type { Personal, RecordOut, RemainsBody, ReportBody } from '../../../shared/contracts/cases.ts';
import type { ReportStatus, RemainsStatus } from './tables.ts';
import { authoringCapacity, recordAccess, recordEvent, recordOut, sealFamily, sealPersonal, viewOf, type RecordRow } from './view.ts';

const REPORT_STATUSES: ReportStatus[] = ['open', 'located_alive', 'identified', 'closed'];
const REMAINS_STATUSES: RemainsStatus[] = ['unidentified', 'identified', 'closed'];

/**
 * Missing-person reports (by the search authority of the family's country) and unidentified
 * remains (by a forensic service): recorded, read (always with a reason, always audited),
 * shared by consent, moved through their statuses, withdrawn.
 */
export class CaseRecords {
  constructor(
    readonly db: Database,
    private readonly keys: CaseKeys | null,
  ) {}

  /** The key, or the exchange is off (it never falls back to storing anything in clear). */
  key(): CaseKeys {
    if (!this.keys) throw new CasesDisabled();
    return this.keys;
  }

  private async countries(codes: string[], own: string, path: string): Promise<string[]> {
    const list = [...new Set(codes)].filter((c) => c !== own).sort();
    if (list.length === 0) return [];
    const known = await this.db.selectFrom('ref_country').select('code').where('code', 'in', list).execute();
    const unknown = list.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length) throw new Invalid([{ path, key: 'cases.unknownCountry', params: { codes: unknown.join(', ') } }]);
    return list;
  }

  async createReport(actor: Actor, meta: RequestMeta, b: ReportBody): Promise<{ id: string }> {
    const a = await caseActor(this.db, actor);
    requireCapacity(a, 'search_authority');
    const keys = this.key();
    const early: Issue[] = [];
    if (b.consent.date > today()) early.push({ path: 'consent.date', key: 'cases.dateInFuture' });
    const { columns, personal, family } = reportFields(b, early);
    const share = await this.countries(b.consent.countries, a.country, 'consent.countries');
    const id = crypto.randomUUID();
    return this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('case_record')
        .values({
          id,
          kind: 'report',
          country_code: a.country,
          author_user_id: a.user.id,
          case_ref: b.caseRef,
          status: 'open',
          ...columns,
          share_countries: share,
          consent_date: b.consent.date,
          personal_ct: sealPersonal(keys, id, personal),
          family_ct: sealFamily(keys, id, family),
          key_id: keys.current.id,
        })
        .execute();
      await recordEvent(tx, id, a, 'created', { status: 'open', shareCountries: share });
      await recordAudit(tx, actor, meta, { action: 'cases.report_create', entityType: 'case_record', entityId: id, after: { country: a.country, shareCountries: share } });
      return { id };
    });
  }

  async createRemains(actor: Actor, meta: RequestMeta, b: RemainsBody): Promise<{ id: string }> {
    const a = await caseActor(this.db, actor);
    requireCapacity(a, 'forensic_service');
    const keys = this.key();
    const { columns, personal } = await remainsFields(this.db, b);
    const share = await this.countries(b.share.countries, a.country, 'share.countries');
    const id = crypto.randomUUID();
    return this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('case_record')
        .values({
          id,
          kind: 'remains',
          country_code: a.country,
          author_user_id: a.user.id,
          case_ref: b.caseRef,
          status: 'unidentified',
          ...columns,
          share_countries: share,
          personal_ct: sealPersonal(keys, id, personal),
          key_id: keys.current.id,
        })
        .execute();
      await recordEvent(tx, id, a, 'created', { status: 'unidentified', shareCountries: share });
      await recordAudit(tx, actor, meta, { action: 'cases.remains_create', entityType: 'case_record', entityId: id, after: { country: a.country, shareCountries: share } });
      return { id };
    });
  }

  /** The records this reader may know of: their country's, and those shared with it. Comparison fields only. */
  async list(actor: Actor, f: { kind?: 'report' | 'remains'; scope?: 'own' | 'shared' }): Promise<{ items: RecordOut[] }> {
    const a = await caseActor(this.db, actor);
    const keys = this.key();
    let q = this.db.selectFrom('case_record').selectAll().orderBy('created_at', 'desc').limit(500);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.scope === 'own') q = q.where('country_code', '=', a.country);
    else if (f.scope === 'shared') q = q.where(sql<boolean>`${a.country} = any(share_countries)`);
    else q = q.where((eb) => eb.or([eb('country_code', '=', a.country), sql<boolean>`${a.country} = any(share_countries)`]));
    const rows = await q.execute();
    const items = rows.flatMap((r) => {
      const v = viewOf(a, r);
      // A list decrypts nothing: the full view is for one record, read with a reason.
      return v ? [recordOut(keys, r, v, false)] : [];
    });
    return { items };
  }

  private async row(id: string): Promise<RecordRow> {
    const r = await this.db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFound();
    return r;
  }

  /** One record, as this reader may see it; the read and its reason are kept. */
  async get(actor: Actor, meta: RequestMeta, id: string, reason: string) {
    const a = await caseActor(this.db, actor);
    const keys = this.key();
    const r = await this.row(id);
    const view = viewOf(a, r);
    if (!view) throw new NotFound();
    await this.db.transaction().execute(async (tx) => {
      await recordAccess(tx, keys, a, id, view === 'full' ? 'full' : 'comparison', reason);
      await recordAudit(tx, actor, meta, { action: 'cases.record_read', entityType: 'case_record', entityId: id, after: { view } });
    });
    if (view !== 'full') return recordOut(keys, r, view);
    const out = recordOut(keys, r, 'full');
    const [history, reads] = await Promise.all([
      this.db.selectFrom('case_event').selectAll().where('record_id', '=', id).orderBy('at').orderBy('id').execute(),
      this.db.selectFrom('case_access').selectAll().where('record_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').limit(200).execute(),
    ]);
    const names = await this.userLabels([...history.map((h) => h.user_id), ...reads.map((x) => x.user_id)]);
    return {
      ...out,
      history: history.map((h) => ({ at: h.at.toISOString(), action: h.action, countryCode: h.country_code, user: h.user_id ? (names.get(h.user_id) ?? null) : null, detail: h.detail })),
      reads: reads.map((x) => ({
        at: x.at.toISOString(),
        countryCode: x.country_code,
        user: x.user_id ? (names.get(x.user_id) ?? null) : null,
        view: x.view,
        reason: x.reason_ct.length ? decrypt<string>(keys, x.key_id, aadOf('case_access', x.id, 'reason_ct'), x.reason_ct) : '',
      })),
    };
  }

  /** Names of the accounts in a record's history: the author's country sees who acted. */
  private async userLabels(ids: (string | null)[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids.filter((x): x is string => x !== null))) {
      const u = await findUserById(this.db, id);
      if (u) out.set(id, u.display_name || u.email);
    }
    return out;
  }

  /** The author's own record, for a change by the authoring capacity of its country. */
  private async authored(a: CaseActor, id: string): Promise<RecordRow> {
    const r = await this.row(id);
    if (r.country_code !== a.country) throw new NotFound();
    if (!a.capacities.has(authoringCapacity(r.kind))) throw new Forbidden('cases.noCapacity');
    if (r.withdrawn_at || r.erased_at) throw new Conflict('cases.recordWithdrawn');
    return r;
  }

  async setStatus(actor: Actor, meta: RequestMeta, id: string, status: string) {
    const a = await caseActor(this.db, actor);
    this.key();
    const r = await this.authored(a, id);
    const allowed: string[] = r.kind === 'report' ? REPORT_STATUSES : REMAINS_STATUSES;
    if (!allowed.includes(status)) throw new Invalid([{ path: 'status', key: 'cases.statusForKind' }]);
    if (status === r.status) return { id, status };
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('case_record').set({ status: status as RecordRow['status'], status_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
      await recordEvent(tx, id, a, 'status', { from: r.status, to: status });
      await recordAudit(tx, actor, meta, { action: 'cases.record_status', entityType: 'case_record', entityId: id, before: { status: r.status }, after: { status } });
    });
    return { id, status };
  }

  /** Sharing changes with the consent: a report needs the date of the family's (new) consent. */
  async setSharing(actor: Actor, meta: RequestMeta, id: string, input: { countries: string[]; consentDate?: string }) {
    const a = await caseActor(this.db, actor);
    this.key();
    const r = await this.authored(a, id);
    if (r.kind === 'report' && input.countries.length > 0 && !input.consentDate) throw new Invalid([{ path: 'consentDate', key: 'cases.consentDateNeeded' }]);
    if (input.consentDate && input.consentDate > today()) throw new Invalid([{ path: 'consentDate', key: 'cases.dateInFuture' }]);
    const share = await this.countries(input.countries, a.country, 'countries');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('case_record')
        .set({ share_countries: share, consent_date: r.kind === 'report' ? (input.consentDate ?? r.consent_date) : null, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await recordEvent(tx, id, a, 'sharing', { from: r.share_countries, to: share });
      await recordAudit(tx, actor, meta, { action: 'cases.record_sharing', entityType: 'case_record', entityId: id, before: { shareCountries: r.share_countries }, after: { shareCountries: share } });
    });
    return { id, countries: share };
  }

  /**
   * The author corrects a record (docs/adr/0021): the whole record again, held to the rules of a
   * new one, with the version it was read at; 409 when someone corrected it since. The history
   * keeps which fields changed and the version, never a value.
   */
  async correct(actor: Actor, meta: RequestMeta, id: string, kind: 'report' | 'remains', b: (ReportFields | RemainsFields) & { version: number }) {
    const a = await caseActor(this.db, actor);
    const keys = this.key();
    const r = await this.authored(a, id);
    if (r.kind !== kind) throw new NotFound();
    const next =
      kind === 'report' ? reportFields(b as ReportFields) : { ...(await remainsFields(this.db, b as RemainsFields)), family: undefined };
    const before = recordOut(keys, r, 'full');
    const changed = [
      ...(Object.keys(next.columns) as (keyof typeof next.columns)[]).filter((k) => (k === 'route_points' ? next.columns[k] : JSON.stringify(next.columns[k])) !== JSON.stringify(r[k])),
      ...Object.keys({ ...before.personal, ...next.personal }).filter((k) => JSON.stringify(before.personal?.[k as keyof Personal] ?? null) !== JSON.stringify(next.personal[k as keyof Personal] ?? null)),
      ...(next.family && JSON.stringify(before.family) !== JSON.stringify(next.family) ? ['family'] : []),
      ...(b.caseRef !== r.case_ref ? ['caseRef'] : []),
    ].sort();
    return this.db.transaction().execute(async (tx) => {
      const done = await tx
        .updateTable('case_record')
        .set({
          ...next.columns,
          case_ref: b.caseRef,
          personal_ct: sealPersonal(keys, id, next.personal),
          family_ct: next.family ? sealFamily(keys, id, next.family) : null,
          key_id: keys.current.id,
          version: r.version + 1,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .where('version', '=', b.version)
        .where('withdrawn_at', 'is', null)
        .where('erased_at', 'is', null)
        .returning('version')
        .executeTakeFirst();
      if (!done) throw new Conflict('cases.staleVersion');
      await recordEvent(tx, id, a, 'corrected', { version: done.version, fields: changed });
      await recordAudit(tx, actor, meta, { action: 'cases.record_correct', entityType: 'case_record', entityId: id, before: { version: b.version }, after: { version: done.version } });
      return { id, version: done.version };
    });
  }

  /** The author withdraws a record: it leaves every other country's candidates at once. */
  async withdraw(actor: Actor, meta: RequestMeta, id: string) {
    const a = await caseActor(this.db, actor);
    this.key();
    await this.authored(a, id);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('case_record').set({ withdrawn_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
      await recordEvent(tx, id, a, 'withdrawn');
      await recordAudit(tx, actor, meta, { action: 'cases.record_withdraw', entityType: 'case_record', entityId: id });
    });
    return { id, withdrawn: true };
  }
}
