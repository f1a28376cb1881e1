import fs from 'node:fs';
import path from 'node:path';
import type { Executor } from '../../platform/db/database.ts';
import { SEED_DIR } from '../../platform/paths.ts';
import { seedMeetingDocuments, type SeedDocument } from './documents.ts';

/**
 * The original documents of the seeded meetings (seed/content/documents, copied from the
 * seeds), attached as plain-text documents when the file is there.
 */
const SEED_DOCUMENTS: SeedDocument[] = [
  { meeting: 'crm-csm-iv-plenary-2023-panama', file: '004_f425038980d406c0.txt', kind: 'communique', language: 'es', title: 'Comunicado conjunto de la IV Reunión Plenaria CRM–CSM' },
  { meeting: 'crm-csm-iv-plenary-2023-panama', file: '003_e18442d32c2f7128.txt', kind: 'communique', language: 'en', title: 'Joint Communiqué of the IV RCM–SACM Plenary Meeting' },
  { meeting: 'champions-forum-i-2023-panama', file: '000_154942243fb33566.txt', kind: 'communique', language: 'es', title: 'Comunicado conjunto del I Foro Regional de Países Precursores' },
  { meeting: 'champions-forum-i-2023-panama', file: '002_3ea1459b529c2a9a.txt', kind: 'report', language: 'es', title: 'Informe del I Foro Regional de Países Precursores' },
  { meeting: 'champions-forum-ii-2024-san-salvador', file: '001_bd80f4fc0104571e.txt', kind: 'communique', language: 'es', title: 'Comunicado conjunto del II Foro Regional de Países Precursores' },
];

/**
 * The real meetings and their outcomes (seed/content/meetings.json and outcomes.json,
 * extracted by hand with the quoted source of each). Additive and idempotent: a key that
 * exists is left as the secretariat edited it. A code the database does not know (an
 * organisation, a country, a meeting key) is recorded in `commitments_seed_gap` for review
 * rather than guessed. No roadmap, action, status or progress is created: the documents
 * report none, so nothing is invented.
 */
interface SeedMeeting {
  key: string;
  kind: 'plenary' | 'forum' | 'troika' | 'thematic_table' | 'other';
  title: { es: string | null; en: string | null };
  startDate: string | null;
  endDate: string | null;
  hostCountry: string | null;
  place: string | null;
  participatingCountries: string[];
  participatingOrganisations: string[];
  sourceDocument: string | null;
  sourceQuote: string | null;
}
interface SeedOutcome {
  key: string;
  meeting: string;
  kind: 'agreement' | 'recommendation' | 'cooperation_idea';
  text: { es: string | null; en: string | null };
  table: string | null;
  objectives: number[];
  section: string | null;
  sourceDocument: string | null;
  sourceQuote: string | null;
}

function readJson<T>(name: string): T[] {
  const file = path.join(SEED_DIR, 'content', name);
  if (!fs.existsSync(file)) return [];
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T[];
}

const localized = (v: { es: string | null; en: string | null }) => {
  const out: Record<string, string> = {};
  if (v.es) out.es = v.es;
  if (v.en) out.en = v.en;
  return out;
};

async function gap(db: Executor, source: string, itemKey: string, field: string, value: string, reason: string) {
  await db
    .insertInto('commitments_seed_gap')
    .values({ source, item_key: itemKey, field, value, reason })
    .onConflict((oc) => oc.columns(['source', 'item_key', 'field', 'value']).doNothing())
    .execute();
}

export interface SeedReport {
  meetings: number;
  outcomes: number;
  gaps: number;
  documents: number;
  participants: number;
}

export async function seedCommitments(db: Executor): Promise<SeedReport> {
  const meetings = readJson<SeedMeeting>('meetings.json');
  const outcomes = readJson<SeedOutcome>('outcomes.json');
  const report: SeedReport = { meetings: 0, outcomes: 0, gaps: 0, documents: 0, participants: 0 };
  if (meetings.length === 0) return report;

  const countries = new Set((await db.selectFrom('ref_country').select('code').execute()).map((r) => r.code));
  const orgs = new Map((await db.selectFrom('organisation').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  const objectives = new Set((await db.selectFrom('ref_gcm_objective').select('number').execute()).map((r) => r.number));
  const record = async (source: string, itemKey: string, field: string, value: string, reason: string) => {
    report.gaps++;
    await gap(db, source, itemKey, field, value, reason);
  };

  for (const m of meetings) {
    const host = m.hostCountry && countries.has(m.hostCountry) ? m.hostCountry : null;
    if (m.hostCountry && !host) await record('meeting', m.key, 'hostCountry', m.hostCountry, 'unknown country code');
    const row = await db
      .insertInto('meeting')
      .values({
        key: m.key,
        kind: m.kind,
        title: JSON.stringify(localized(m.title)),
        start_date: m.startDate,
        end_date: m.endDate,
        host_country: host,
        place: m.place,
        source_document: m.sourceDocument,
        source_quote: m.sourceQuote,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    report.meetings++;
    const cs = [...new Set(m.participatingCountries)];
    for (const c of cs.filter((c) => !countries.has(c))) await record('meeting', m.key, 'participatingCountries', c, 'unknown country code');
    const known = cs.filter((c) => countries.has(c));
    if (known.length) await db.insertInto('meeting_country').values(known.map((c) => ({ meeting_id: row.id, country_code: c }))).execute();
    const orgIds: string[] = [];
    for (const code of new Set(m.participatingOrganisations)) {
      const id = orgs.get(code);
      if (id) orgIds.push(id);
      else await record('meeting', m.key, 'participatingOrganisations', code, 'unknown organisation code');
    }
    if (orgIds.length) await db.insertInto('meeting_organisation').values(orgIds.map((id) => ({ meeting_id: row.id, organisation_id: id }))).execute();
  }

  const meetingIds = new Map((await db.selectFrom('meeting').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
  let position = 0;
  for (const o of outcomes) {
    position++;
    const meetingId = meetingIds.get(o.meeting);
    if (!meetingId) {
      await record('outcome', o.key, 'meeting', o.meeting, 'unknown meeting key');
      continue;
    }
    const text = localized(o.text);
    if (Object.keys(text).length === 0) {
      await record('outcome', o.key, 'text', '', 'no text in any language');
      continue;
    }
    const row = await db
      .insertInto('outcome')
      .values({
        key: o.key,
        meeting_id: meetingId,
        kind: o.kind,
        text: JSON.stringify(text),
        table_label: o.table,
        section: o.section,
        source_document: o.sourceDocument,
        source_quote: o.sourceQuote,
        position,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    report.outcomes++;
    for (const n of o.objectives.filter((n) => !objectives.has(n))) await record('outcome', o.key, 'objectives', String(n), 'unknown GCM objective');
    const objs = [...new Set(o.objectives.filter((n) => objectives.has(n)))];
    if (objs.length) await db.insertInto('outcome_objective').values(objs.map((n) => ({ outcome_id: row.id, objective: n }))).execute();
  }
  report.documents = await seedMeetingDocuments(db, SEED_DOCUMENTS);
  report.participants = await seedParticipants(db);
  return report;
}

interface SeedParticipants {
  meeting: string;
  participants: { order: number; section: string | null; represents: string; name: string; position: string | null; institution: string | null }[];
}

/**
 * The participants' list the 2023 forum report prints (seed/content/participants-forum-2023.json),
 * copied as written. Added once: a meeting that already has participants is left as the
 * secretariat keeps it.
 */
async function seedParticipants(db: Executor): Promise<number> {
  const file = path.join(SEED_DIR, 'content', 'participants-forum-2023.json');
  if (!fs.existsSync(file)) return 0;
  const list = JSON.parse(fs.readFileSync(file, 'utf8')) as SeedParticipants;
  const meeting = await db.selectFrom('meeting').select('id').where('key', '=', list.meeting).executeTakeFirst();
  if (!meeting || !list.participants.length) return 0;
  const has = await db.selectFrom('meeting_participant').select('id').where('meeting_id', '=', meeting.id).limit(1).executeTakeFirst();
  if (has) return 0;
  await db
    .insertInto('meeting_participant')
    .values(
      list.participants.map((p) => ({
        meeting_id: meeting.id,
        position: p.order,
        section: p.section,
        represents: p.represents,
        name: p.name,
        job_title: p.position,
        institution: p.institution,
      })),
    )
    .execute();
  return list.participants.length;
}
