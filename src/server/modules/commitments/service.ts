import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/context.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { pick, type Locale } from '../../platform/i18n/index.ts';
import * as repo from './repository.ts';
import { meetingDocuments } from './documents.ts';

/** Anonymous readers see what the secretariat marked public; signed-in members see all. */
export const publicOnly = (actor: Actor) => actor.kind !== 'user';

const today = () => new Date().toISOString().slice(0, 10);
export const isOverdue = (a: { due_date: string | null; status: string }, on = today()) =>
  a.due_date !== null && a.due_date < on && a.status !== 'done' && a.status !== 'cancelled';

/** Open and no progress update (or, without any, no creation) for STALE_AFTER_DAYS days, as the dashboard counts it. */
export const STALE_AFTER_DAYS = 90;
export function isStale(a: { status: string; last_update: string | null; created_at?: Date }, on = today()): boolean {
  if (a.status === 'done' || a.status === 'cancelled') return false;
  const last = a.last_update ?? (a.created_at ? new Date(a.created_at).toISOString().slice(0, 10) : null);
  if (!last) return false;
  const limit = new Date(`${on}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() - STALE_AFTER_DAYS);
  return last < limit.toISOString().slice(0, 10);
}

export function meetingDto(m: repo.MeetingRow, locale: Locale) {
  return {
    id: m.id,
    key: m.key,
    kind: m.kind,
    title: pick(m.title, locale),
    startDate: m.start_date,
    endDate: m.end_date,
    hostCountry: m.host_country,
    place: m.place,
    sourceDocument: m.source_document,
    counts: { countries: m.countries, organisations: m.organisations, outcomes: m.outcomes },
  };
}

export function outcomeDto(o: repo.OutcomeRow, locale: Locale) {
  return {
    id: o.id,
    key: o.key,
    meeting: { key: o.meeting_key, title: pick(o.meeting_title, locale) },
    kind: o.kind,
    text: pick(o.text, locale),
    // The documents give most texts in Spanish only: say which language is shown.
    textLanguage: o.text[locale] ? locale : (Object.keys(o.text)[0] ?? null),
    table: o.table_label,
    section: o.section,
    objectives: o.objectives,
    roadmaps: o.roadmaps,
    source: { document: o.source_document, quote: o.source_quote },
  };
}

export function roadmapDto(r: repo.RoadmapRow, locale: Locale) {
  return {
    id: r.id,
    title: pick(r.title, locale),
    purpose: pick(r.purpose, locale) || null,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    isPublic: r.is_public,
    leadCountries: r.lead_countries,
    countries: r.countries,
    organisations: r.organisations,
    objectives: r.objectives,
    outcomes: r.outcome_ids,
    actions: { total: r.actions, byStatus: r.by_status ?? {} },
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export function actionDto(a: repo.ActionRow, locale: Locale) {
  return {
    id: a.id,
    roadmapId: a.roadmap_id,
    title: pick(a.title, locale),
    responsibleCountry: a.responsible_country,
    responsibleOrganisation: a.organisation_code,
    dueDate: a.due_date,
    status: a.status,
    overdue: isOverdue(a),
    stale: isStale(a),
    lastUpdate: a.last_update,
    practices: a.practice_ids,
  };
}

export function pledgeDto(p: repo.PledgeRow, locale: Locale) {
  return {
    id: p.id,
    title: pick(p.title, locale),
    description: pick(p.description, locale) || null,
    kind: p.kind,
    countries: p.countries,
    organisations: p.organisations,
    jointly: p.jointly,
    matchesPledge: p.matches_pledge_id,
    meeting: p.meeting_key,
    objectives: p.objectives,
    target: p.target,
    status: p.status,
    isPublic: p.is_public,
    reports: p.reports,
    lastReport: p.last_report,
  };
}

/** Reading meetings, outcomes, roadmaps and pledges; the timeline of an outcome. */
export class CommitmentsService {
  constructor(private readonly db: Database) {}

  async meetings(locale: Locale) {
    return (await repo.meetings(this.db)).map((m) => meetingDto(m, locale));
  }

  /** Participants' names are personal data: signed-in members get the list, others the count. */
  async meeting(key: string, locale: Locale, signedIn = false) {
    const m = (await repo.meetings(this.db, key))[0];
    if (!m) throw new NotFound('errors.meetingNotFound');
    const people = await this.db
      .selectFrom('meeting_participant')
      .select(['position', 'section', 'represents', 'name', 'job_title', 'institution'])
      .where('meeting_id', '=', m.id)
      .orderBy('position')
      .execute();
    const p = await repo.meetingParticipants(this.db, m.id);
    const outcomes = await repo.outcomes(this.db, { meetingKey: key });
    const documents = await meetingDocuments(this.db, m.id);
    // The seed names its source by file (002_3ea1459b529c2a9a.txt): readers get the attached copy's title.
    const source = documents.find((d) => d.filename === m.source_document);
    return {
      ...meetingDto(m, locale),
      sourceDocumentRef: source ? { id: source.id, title: source.title, language: source.language } : null,
      countries: p.countries.map((c) => ({ code: c.code, name: pick(c.name, locale) })),
      organisations: p.organisations.map((o) => ({ code: o.code, name: pick(o.name, locale), acronym: o.acronym, kind: o.kind })),
      outcomes: outcomes.map((o) => outcomeDto(o, locale)),
      documents,
      participantCount: people.length,
      participants: signedIn
        ? people.map((p) => ({ section: p.section, represents: p.represents, name: p.name, jobTitle: p.job_title, institution: p.institution }))
        : null,
    };
  }

  async outcomes(f: { meeting?: string; kind?: string; objective?: number }, locale: Locale) {
    return (await repo.outcomes(this.db, { meetingKey: f.meeting, kind: f.kind, objective: f.objective })).map((o) => outcomeDto(o, locale));
  }

  private async outcome(db: Executor, ref: string) {
    const o = (await repo.outcomes(db, repo.isUuid(ref) ? { id: ref } : { key: ref }))[0];
    if (!o) throw new NotFound('errors.outcomeNotFound');
    return o;
  }

  async roadmaps(actor: Actor, locale: Locale) {
    return (await repo.roadmaps(this.db, { publicOnly: publicOnly(actor) })).map((r) => roadmapDto(r, locale));
  }

  /** Actions with their updates and linked practices, as the detail and the timeline show them. */
  private async actionsWithProgress(roadmapIds: string[], actor: Actor, locale: Locale) {
    const acts = roadmapIds.length ? await repo.actions(this.db, { roadmapIds }) : [];
    const ups = await repo.updates(this.db, acts.map((a) => a.id));
    const files = await repo.evidenceFilesOf(this.db, ups.map((u) => u.id));
    const practices = await repo.practicesByIds(this.db, [...new Set(acts.flatMap((a) => a.practice_ids))]);
    const signedIn = actor.kind === 'user';
    const visible = new Map(practices.filter((p) => signedIn || p.workflow === 'published').map((p) => [p.id, p]));
    return acts.map((a) => ({
      ...actionDto(a, locale),
      practices: a.practice_ids.flatMap((id) => {
        const p = visible.get(id);
        return p ? [{ id: p.id, slug: p.slug, title: pick(p.title, locale), published: p.workflow === 'published' }] : [];
      }),
      updates: ups
        .filter((u) => u.action_id === a.id)
        .map((u) => ({
          id: u.id,
          date: u.update_date,
          text: u.text,
          evidenceUrl: u.evidence_url,
          evidenceFile: files.get(u.id) ?? null,
          status: u.status_after,
          // Who wrote it is shown to members only.
          author: signedIn ? u.author_label : null,
        })),
    }));
  }

  async roadmap(actor: Actor, id: string, locale: Locale) {
    const r = repo.isUuid(id) ? (await repo.roadmaps(this.db, { publicOnly: publicOnly(actor), id }))[0] : undefined;
    if (!r) throw new NotFound('errors.roadmapNotFound');
    const outcomes = r.outcome_ids.length ? await Promise.all(r.outcome_ids.map((o) => this.outcome(this.db, o))) : [];
    return {
      ...roadmapDto(r, locale),
      translations: { title: r.title, purpose: r.purpose },
      sourceOutcomes: outcomes.map((o) => outcomeDto(o, locale)),
      actionList: await this.actionsWithProgress([r.id], actor, locale),
    };
  }

  /** meeting → outcome → roadmaps → actions → updates and evidence → practices */
  async timeline(actor: Actor, ref: string, locale: Locale) {
    const o = await this.outcome(this.db, ref);
    const linked = await this.db.selectFrom('roadmap_outcome').select('roadmap_id').where('outcome_id', '=', o.id).execute();
    const rs = linked.length ? await repo.roadmaps(this.db, { publicOnly: publicOnly(actor), ids: linked.map((l) => l.roadmap_id) }) : [];
    const acts = await this.actionsWithProgress(rs.map((r) => r.id), actor, locale);
    const meeting = (await repo.meetings(this.db, o.meeting_key))[0]!;
    return {
      meeting: meetingDto(meeting, locale),
      outcome: outcomeDto(o, locale),
      roadmaps: rs.map((r) => ({ ...roadmapDto(r, locale), actionList: acts.filter((a) => a.roadmapId === r.id) })),
    };
  }

  async pledges(actor: Actor, locale: Locale) {
    return (await repo.pledges(this.db, { publicOnly: publicOnly(actor) })).map((p) => pledgeDto(p, locale));
  }

  async pledge(actor: Actor, id: string, locale: Locale) {
    const p = repo.isUuid(id) ? (await repo.pledges(this.db, { publicOnly: publicOnly(actor), id }))[0] : undefined;
    if (!p) throw new NotFound('errors.pledgeNotFound');
    const reports = await repo.pledgeReports(this.db, p.id);
    const signedIn = actor.kind === 'user';
    return {
      ...pledgeDto(p, locale),
      translations: { title: p.title, description: p.description },
      progress: reports.map((r) => ({ id: r.id, date: r.report_date, text: r.text, evidenceUrl: r.evidence_url, author: signedIn ? r.author_label : null })),
    };
  }
}
