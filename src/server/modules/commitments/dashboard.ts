import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/context.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { pick, type Locale } from '../../platform/i18n/index.ts';
import * as repo from './repository.ts';
import { actionDto, meetingDto, pledgeDto, publicOnly, roadmapDto, STALE_AFTER_DAYS } from './service.ts';

/** Days without a progress update after which an open action counts as stale. */
export const STALE_DAYS = STALE_AFTER_DAYS;

interface Counts {
  key: string | null;
  label: Localized | null;
  total: number;
  by_status: Record<string, number>;
  overdue: number;
  stale: number;
  no_owner: number;
}

/**
 * The follow-up picture: actions by status, overdue (due date past, not done or
 * cancelled), stale (no update for 90 days) and without owner — overall, per roadmap,
 * per responsible country, per GCM objective and per meeting. Anonymous callers count
 * only public roadmaps.
 */
export class CommitmentsDashboard {
  constructor(private readonly db: Database) {}

  private async counts(pub: boolean, group: { key: RawBuilder<unknown>; label: RawBuilder<unknown>; join?: RawBuilder<unknown> } | null): Promise<Counts[]> {
    const key = group ? group.key : sql`null`;
    const label = group ? group.label : sql`null`;
    const r = await sql<Counts>`
      with act as (
        select a.*,
          (a.due_date < current_date and a.status not in ('done','cancelled')) as is_overdue,
          (a.status not in ('done','cancelled') and coalesce((select max(u.update_date) from action_update u where u.action_id = a.id), a.created_at::date) < current_date - ${STALE_DAYS}::int) as is_stale,
          (a.responsible_country is null and a.responsible_organisation is null) as is_unowned
        from roadmap_action a join roadmap r on r.id = a.roadmap_id
        where ${pub ? sql`r.is_public` : sql`true`}
      ),
      g as (
        select ${key}::text as key, ${label} as label, act.status, act.is_overdue, act.is_stale, act.is_unowned
        from act ${group?.join ?? sql``}
      )
      select key, label, count(*)::int as total,
        (select jsonb_object_agg(s.status, s.n) from (select g2.status, count(*)::int as n from g g2 where g2.key is not distinct from g.key group by g2.status) s) as by_status,
        count(*) filter (where is_overdue)::int as overdue,
        count(*) filter (where is_stale)::int as stale,
        count(*) filter (where is_unowned)::int as no_owner
      from g group by key, label order by key`.execute(this.db);
    return r.rows;
  }

  async dashboard(actor: Actor, locale: Locale) {
    const pub = publicOnly(actor);
    const dto = (c: Counts) => ({ total: c.total, byStatus: c.by_status ?? {}, overdue: c.overdue, stale: c.stale, noOwner: c.no_owner });
    const [overall, perRoadmap, perCountry, perObjective, perMeeting] = await Promise.all([
      this.counts(pub, null),
      this.counts(pub, { key: sql`act.roadmap_id`, label: sql`(select r.title from roadmap r where r.id = act.roadmap_id)` }),
      this.counts(pub, { key: sql`act.responsible_country`, label: sql`(select c.name from ref_country c where c.code = act.responsible_country)` }),
      this.counts(pub, { key: sql`ro.objective`, label: sql`(select g.short_title from ref_gcm_objective g where g.number = ro.objective)`, join: sql`join roadmap_objective ro on ro.roadmap_id = act.roadmap_id` }),
      this.counts(pub, {
        key: sql`m.key`,
        label: sql`m.title`,
        // An action counts once per meeting even when its roadmap comes from several of its outcomes.
        join: sql`join (select distinct rx.roadmap_id, o.meeting_id from roadmap_outcome rx join outcome o on o.id = rx.outcome_id) rm on rm.roadmap_id = act.roadmap_id join meeting m on m.id = rm.meeting_id`,
      }),
    ]);
    const overdue = await sql<repo.ActionRow & { roadmap_title: Localized }>`
      select a.id, a.roadmap_id, a.title, a.responsible_country, a.responsible_organisation, o.code as organisation_code, a.due_date, a.status, a.position, a.updated_at, a.created_at,
        (select max(u.update_date)::text from action_update u where u.action_id = a.id) as last_update, '{}'::uuid[] as practice_ids, r.title as roadmap_title
      from roadmap_action a join roadmap r on r.id = a.roadmap_id left join organisation o on o.id = a.responsible_organisation
      where a.due_date < current_date and a.status not in ('done','cancelled') ${pub ? sql`and r.is_public` : sql``}
      order by a.due_date, a.id limit 200`.execute(this.db);
    return {
      overall: overall[0] ? dto(overall[0]) : { total: 0, byStatus: {}, overdue: 0, stale: 0, noOwner: 0 },
      byRoadmap: perRoadmap.map((c) => ({ id: c.key!, title: pick(c.label, locale), ...dto(c) })),
      byCountry: perCountry.map((c) => ({ code: c.key, name: c.key ? pick(c.label, locale) : null, ...dto(c) })),
      byObjective: perObjective.map((c) => ({ objective: Number(c.key), title: pick(c.label, locale), ...dto(c) })),
      byMeeting: perMeeting.map((c) => ({ key: c.key!, title: pick(c.label, locale), ...dto(c) })),
      overdueActions: overdue.rows.map((a) => ({ ...actionDto(a, locale), roadmapTitle: pick(a.roadmap_title, locale) })),
      staleAfterDays: STALE_DAYS,
    };
  }

  /** A country's commitments: what it leads, takes part in, answers for, and what is overdue. */
  async country(actor: Actor, code: string, locale: Locale) {
    const c = await this.db.selectFrom('ref_country').select(['code', 'name', 'memberships']).where('code', '=', code.toUpperCase()).executeTakeFirst();
    if (!c) throw new NotFound('errors.countryNotFound', { code });
    const pub = publicOnly(actor);
    const roles = await this.db.selectFrom('roadmap_country').select(['roadmap_id', 'role']).where('country_code', '=', c.code).execute();
    const rs = roles.length ? await repo.roadmaps(this.db, { publicOnly: pub, ids: roles.map((r) => r.roadmap_id) }) : [];
    const role = new Map(roles.map((r) => [r.roadmap_id, r.role]));
    const acts = await sql<repo.ActionRow>`
      select a.id, a.roadmap_id, a.title, a.responsible_country, a.responsible_organisation, o.code as organisation_code, a.due_date, a.status, a.position, a.updated_at, a.created_at,
        (select max(u.update_date)::text from action_update u where u.action_id = a.id) as last_update,
        coalesce((select array_agg(p.practice_id) from action_practice p where p.action_id = a.id), '{}') as practice_ids
      from roadmap_action a join roadmap r on r.id = a.roadmap_id left join organisation o on o.id = a.responsible_organisation
      where a.responsible_country = ${c.code} ${pub ? sql`and r.is_public` : sql``}
      order by a.due_date nulls last, a.id`.execute(this.db);
    const actions = acts.rows.map((a) => actionDto(a, locale));
    const meetings = await sql<repo.MeetingRow>`
      select m.id, m.key, m.kind, m.title, m.start_date, m.end_date, m.host_country, m.place, m.source_document,
        (select count(*) from meeting_country x where x.meeting_id = m.id)::int as countries,
        (select count(*) from meeting_organisation x where x.meeting_id = m.id)::int as organisations,
        (select count(*) from outcome x where x.meeting_id = m.id)::int as outcomes
      from meeting m
      where m.host_country = ${c.code} or exists (select 1 from meeting_country x where x.meeting_id = m.id and x.country_code = ${c.code})
      order by m.start_date desc nulls last`.execute(this.db);
    return {
      country: { code: c.code, name: pick(c.name, locale), memberships: c.memberships },
      leads: rs.filter((r) => role.get(r.id) === 'lead').map((r) => roadmapDto(r, locale)),
      participates: rs.filter((r) => role.get(r.id) === 'participant').map((r) => roadmapDto(r, locale)),
      actions,
      overdue: actions.filter((a) => a.overdue),
      pledges: (await repo.pledges(this.db, { publicOnly: pub, country: c.code })).map((p) => pledgeDto(p, locale)),
      meetings: meetings.rows.map((m) => meetingDto(m, locale)),
    };
  }
}
