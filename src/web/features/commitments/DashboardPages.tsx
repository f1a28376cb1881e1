import { PartyCooperation } from '../cooperation/PartyCooperation.tsx';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useFormat, useTitle } from '../../app/hooks.ts';
import { useCountryCommitments, useDashboard, type Action, type Counts, type Roadmap } from './api.ts';
import { ACTION_STATUSES } from './logic.ts';
import { ActionFlags, CommitmentsSubNav, DayRange, PublicBadge, Responsible, StatusBadge, useDay } from './labels.tsx';

/** A table of counts, one row per group; numbers in the reader's language. */
function CountsTable({ id, caption, groupLabel, rows }: { id: string; caption: string; groupLabel: string; rows: { key: string; label: ReactNode; counts: Counts }[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!rows.length) return null;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table className="cm-counts" data-testid={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col">{t('commitments.dashboard.total')}</th>
            {ACTION_STATUSES.map((s) => (
              <th scope="col" key={s}>
                {t(`commitments.status.${s}`)}
              </th>
            ))}
            <th scope="col">{t('commitments.flag.overdue')}</th>
            <th scope="col">{t('commitments.flag.stale')}</th>
            <th scope="col">{t('commitments.flag.noOwner')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-row={r.key}>
              <th scope="row">{r.label}</th>
              <td>{fmt.number(r.counts.total)}</td>
              {ACTION_STATUSES.map((s) => (
                <td key={s}>{fmt.number(r.counts.byStatus[s] ?? 0)}</td>
              ))}
              <td className={r.counts.overdue ? 'cm-hot' : undefined}>{fmt.number(r.counts.overdue)}</td>
              <td>{fmt.number(r.counts.stale)}</td>
              <td>{fmt.number(r.counts.noOwner)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActionRows({ actions, withRoadmap }: { actions: (Action & { roadmapTitle?: string })[]; withRoadmap?: boolean }) {
  const { t } = useTranslation();
  const day = useDay();
  return (
    <ul className="plain cm-cards">
      {actions.map((a) => (
        <li key={a.id} className="cm-card" data-action={a.id}>
          <p className="cm-card-title">
            <Link to={`/roadmaps/${a.roadmapId}`}>{a.title}</Link>
          </p>
          <p className="cm-small">
            <StatusBadge status={a.status} /> <ActionFlags action={a} />
          </p>
          <p className="cm-small">
            {t('commitments.action.responsible')}: <Responsible action={a} /> · {t('commitments.action.dueDate')}: {a.dueDate ? day(a.dueDate) : t('commitments.action.noDueDate')}
            {withRoadmap && a.roadmapTitle ? ` · ${a.roadmapTitle}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const dashboard = useDashboard();
  useTitle(t('commitments.dashboard.title'));
  const d = dashboard.data;
  return (
    <>
      <CommitmentsSubNav />
      <h1>{t('commitments.dashboard.title')}</h1>
      <p className="lead">{t('commitments.dashboard.intro')}</p>
      <QueryState isLoading={dashboard.isLoading} error={dashboard.error} />
      {d ? (
        <>
          <dl className="counts" data-testid="overall">
            <div className="count">
              <dt>{t('commitments.dashboard.total')}</dt>
              <dd>{fmt.number(d.overall.total)}</dd>
            </div>
            {ACTION_STATUSES.map((s) => (
              <div className="count" key={s} data-status={s}>
                <dt>{t(`commitments.status.${s}`)}</dt>
                <dd>{fmt.number(d.overall.byStatus[s] ?? 0)}</dd>
              </div>
            ))}
            <div className="count" data-flag="overdue">
              <dt>{t('commitments.flag.overdue')}</dt>
              <dd>{fmt.number(d.overall.overdue)}</dd>
            </div>
            <div className="count" data-flag="stale">
              <dt>{t('commitments.dashboard.staleLong', { days: d.staleAfterDays })}</dt>
              <dd>{fmt.number(d.overall.stale)}</dd>
            </div>
            <div className="count" data-flag="no-owner">
              <dt>{t('commitments.flag.noOwner')}</dt>
              <dd>{fmt.number(d.overall.noOwner)}</dd>
            </div>
          </dl>
          {d.overall.total === 0 ? <p>{t('commitments.dashboard.empty')}</p> : null}

          <section aria-labelledby="dash-overdue">
            <h2 id="dash-overdue">{t('commitments.dashboard.overdueActions', { count: d.overdueActions.length })}</h2>
            {d.overdueActions.length ? <ActionRows actions={d.overdueActions} withRoadmap /> : <p>{t('commitments.dashboard.noOverdue')}</p>}
          </section>

          <section aria-labelledby="dash-tables">
            <h2 id="dash-tables">{t('commitments.dashboard.breakdown')}</h2>
            <CountsTable
              id="by-roadmap"
              caption={t('commitments.dashboard.byRoadmap')}
              groupLabel={t('commitments.roadmap.kind')}
              rows={d.byRoadmap.map((r) => ({ key: r.id, label: <Link to={`/roadmaps/${r.id}`}>{r.title}</Link>, counts: r }))}
            />
            <CountsTable
              id="by-country"
              caption={t('commitments.dashboard.byCountry')}
              groupLabel={t('commitments.dashboard.country')}
              rows={d.byCountry.map((c) => ({ key: c.code ?? '-', label: c.code ? <Link to={`/commitments/countries/${c.code}`}>{c.name ?? c.code}</Link> : t('commitments.dashboard.noCountry'), counts: c }))}
            />
            <CountsTable
              id="by-objective"
              caption={t('commitments.dashboard.byObjective')}
              groupLabel={t('commitments.dashboard.objective')}
              rows={[...d.byObjective].sort((a, b) => a.objective - b.objective).map((o) => ({ key: String(o.objective), label: t('commitments.objective', { number: o.objective, title: o.title }), counts: o }))}
            />
            <CountsTable
              id="by-meeting"
              caption={t('commitments.dashboard.byMeeting')}
              groupLabel={t('commitments.dashboard.meeting')}
              rows={d.byMeeting.map((m) => ({ key: m.key, label: <Link to={`/meetings/${m.key}`}>{m.title}</Link>, counts: m }))}
            />
          </section>
        </>
      ) : null}
    </>
  );
}

function RoadmapList({ items }: { items: Roadmap[] }) {
  const { t } = useTranslation();
  if (!items.length) return <p>{t('commitments.country.none')}</p>;
  return (
    <ul>
      {items.map((r) => (
        <li key={r.id}>
          <Link to={`/roadmaps/${r.id}`}>{r.title}</Link> <PublicBadge isPublic={r.isPublic} /> <DayRange start={r.periodStart} end={r.periodEnd} />
        </li>
      ))}
    </ul>
  );
}

export function CountryPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const data = useCountryCommitments(code);
  const c = data.data;
  useTitle(c ? t('commitments.country.title', { name: c.country.name }) : t('commitments.dashboard.title'));
  if (!c) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{t('commitments.dashboard.title')}</h1>
        <QueryState isLoading={data.isLoading} error={data.error} />
      </>
    );
  }
  return (
    <article>
      <CommitmentsSubNav />
      <h1>{t('commitments.country.title', { name: c.country.name })}</h1>
      {c.country.memberships.length ? <p className="muted">{c.country.memberships.join(' · ')}</p> : null}
      <section aria-labelledby="c-overdue">
        <h2 id="c-overdue">{t('commitments.country.overdue', { count: c.overdue.length })}</h2>
        {c.overdue.length ? <ActionRows actions={c.overdue} /> : <p>{t('commitments.dashboard.noOverdue')}</p>}
      </section>
      <section aria-labelledby="c-leads">
        <h2 id="c-leads">{t('commitments.country.leads')}</h2>
        <RoadmapList items={c.leads} />
      </section>
      <section aria-labelledby="c-part">
        <h2 id="c-part">{t('commitments.country.participates')}</h2>
        <RoadmapList items={c.participates} />
      </section>
      <section aria-labelledby="c-actions">
        <h2 id="c-actions">{t('commitments.country.actions', { count: c.actions.length })}</h2>
        {c.actions.length ? <ActionRows actions={c.actions} /> : <p>{t('commitments.country.none')}</p>}
      </section>
      <section aria-labelledby="c-pledges">
        <h2 id="c-pledges">{t('commitments.country.pledges')}</h2>
        {c.pledges.length ? (
          <ul>
            {c.pledges.map((p) => (
              <li key={p.id}>
                <Link to={`/pledges/${p.id}`}>{p.title}</Link> <StatusBadge status={p.status} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('commitments.country.none')}</p>
        )}
      </section>
      <section aria-labelledby="c-meetings">
        <h2 id="c-meetings">{t('commitments.country.meetings')}</h2>
        {c.meetings.length ? (
          <ul>
            {c.meetings.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.key}`}>{m.title}</Link> <DayRange start={m.startDate} end={m.endDate} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('commitments.country.none')}</p>
        )}
      </section>
      <PartyCooperation country={c.country.code} />
    </article>
  );
}
