import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { StatusMessage } from '../../components/Alert.tsx';
import { useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { useOrganisationName, useRoadmap } from './api.ts';
import { ACTION_STATUSES, canReportOn, isSecretariat } from './logic.ts';
import { ActionCard } from './ActionView.tsx';
import { ActionForm, StatusForm, UpdateForm } from './ActionForms.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { CommitmentsSubNav, CountryLinks, DayRange, Fact, ObjectiveList, PublicBadge } from './labels.tsx';

export function RoadmapPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const fmt = useFormat();
  const lang = useLang();
  const session = useSession();
  const orgName = useOrganisationName();
  const roadmap = useRoadmap(id);
  const r = roadmap.data;
  useTitle(r?.title ?? t('commitments.roadmaps.title'));
  const user = session.data?.user ?? null;
  const secretariat = isSecretariat(user);
  if (!r) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{t('commitments.roadmaps.title')}</h1>
        <QueryState isLoading={roadmap.isLoading} error={roadmap.error} />
      </>
    );
  }
  const overdue = r.actionList.filter((a) => a.overdue).length;
  const stale = r.actionList.filter((a) => a.stale).length;
  return (
    <article>
      <CommitmentsSubNav />
      <StatusMessage>
        {(location.state as { created?: boolean } | null)?.created ? t('commitments.roadmapForm.created') : (location.state as { saved?: boolean } | null)?.saved ? t('commitments.roadmapForm.saved') : null}
      </StatusMessage>
      <p className="practice-kind">{t('commitments.roadmap.kind')}</p>
      <h1>{r.title}</h1>
      <p>
        <PublicBadge isPublic={r.isPublic} />
        {secretariat ? (
          <>
            {' '}
            <Link className="button-secondary button-small" to={`/roadmaps/${r.id}/edit`}>
              {t('commitments.roadmap.edit')}
            </Link>
          </>
        ) : null}
      </p>
      {r.purpose ? <p className="lead">{r.purpose}</p> : null}
      <dl className="facts-grid">
        <Fact label={t('commitments.roadmap.period')}>{r.periodStart || r.periodEnd ? <DayRange start={r.periodStart} end={r.periodEnd} /> : null}</Fact>
        <Fact label={t('commitments.roadmap.leads')}>{r.leadCountries.length ? <CountryLinks codes={r.leadCountries} /> : null}</Fact>
        <Fact label={t('commitments.roadmap.countries')}>{r.countries.length ? <CountryLinks codes={r.countries} /> : null}</Fact>
        <Fact label={t('commitments.roadmap.organisations')}>{r.organisations.map(orgName).join(', ')}</Fact>
        <Fact label={t('commitments.roadmap.objectives')}>{r.objectives.length ? <ObjectiveList numbers={r.objectives} /> : null}</Fact>
      </dl>

      {r.sourceOutcomes.length ? (
        <section aria-labelledby="rm-sources">
          <h2 id="rm-sources">{t('commitments.roadmap.sources')}</h2>
          <ul>
            {r.sourceOutcomes.map((o) => (
              <li key={o.id}>
                <strong>{t(`commitments.outcomeKind.${o.kind}`)}</strong> ({o.meeting.title}): <span lang={o.textLanguage ?? undefined}>{o.text}</span>{' '}
                <Link to={`/outcomes/${o.key ?? o.id}`}>{t('commitments.outcome.follow')}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="rm-summary">
        <h2 id="rm-summary">{t('commitments.roadmap.summary')}</h2>
        <ul className="plain cm-tally" data-testid="roadmap-tally">
          <li>{t('commitments.roadmaps.actionCount', { count: r.actions.total, text: fmt.number(r.actions.total) })}</li>
          {ACTION_STATUSES.map((s) => (
            <li key={s}>
              {t(`commitments.status.${s}`)}: {fmt.number(r.actions.byStatus[s] ?? 0)}
            </li>
          ))}
          <li>
            {t('commitments.flag.overdue')}: {fmt.number(overdue)}
          </li>
          <li>
            {t('commitments.flag.stale')}: {fmt.number(stale)}
          </li>
        </ul>
      </section>

      <section aria-labelledby="rm-actions">
        <h2 id="rm-actions">{t('commitments.roadmap.actions')}</h2>
        {r.actionList.length === 0 ? <p>{t('commitments.roadmap.noActions')}</p> : null}
        <ul className="plain cm-actions">
          {r.actionList.map((a) => {
            const mine = canReportOn(user, a);
            return (
              <ActionCard key={a.id} action={a}>
                {secretariat ? (
                  <details className="cm-edit">
                    <summary>{t('commitments.action.editLabel', { title: a.title })}</summary>
                    <ActionForm roadmapId={r.id} action={a} />
                  </details>
                ) : mine ? (
                  <StatusForm action={a} />
                ) : null}
                {secretariat ? (
                  // The secretariat reports rarely on others' behalf: kept folded so the list stays readable.
                  <details className="cm-edit">
                    <summary>{t('commitments.update.formLabel', { title: a.title })}</summary>
                    <UpdateForm action={a} headless />
                  </details>
                ) : mine ? (
                  <UpdateForm action={a} />
                ) : null}
              </ActionCard>
            );
          })}
        </ul>
        {user && !secretariat && !r.actionList.some((a) => canReportOn(user, a)) ? <p className="muted">{t('commitments.roadmap.nothingYours')}</p> : null}
      </section>

      {secretariat ? (
        <section aria-labelledby="rm-add" className="panel">
          <h2 id="rm-add">{t('commitments.action.add')}</h2>
          <ActionForm roadmapId={r.id} />
        </section>
      ) : null}

      {secretariat ? (
        <ImportPanel roadmapId={r.id} />
      ) : (
        <section aria-labelledby="rm-export">
          <h2 id="rm-export">{t('commitments.import.exportTitle')}</h2>
          <p className="cm-exports">
            <a href={`/api/v1/roadmaps/${r.id}/actions/export.xlsx?lang=${lang}`} download>
              {t('commitments.import.exportXlsx')}
            </a>
            {' · '}
            <a href={`/api/v1/roadmaps/${r.id}/actions/export.csv?lang=${lang}`} download>
              {t('commitments.import.exportCsv')}
            </a>
          </p>
        </section>
      )}
    </article>
  );
}
