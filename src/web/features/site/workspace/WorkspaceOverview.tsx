import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../api/client.ts';
import { useFormat } from '../../../app/hooks.ts';
import { QueryState } from '../../../components/Loading.tsx';
import { useCompliance, useOrganisationOffers, useWorkspaceOverview, type DataflowStatus, type NextStep, type WorkspaceOverview as Overview } from './api.ts';
import '../home.css';

/** Where each next step is done. */
const STEP_LINK: Record<NextStep, string> = {
  fixReturned: '/observatory/submissions',
  confirmValidated: '/observatory/submissions',
  releaseApplied: '/observatory/releases',
  announceRelease: '/observatory/releases',
  sendData: '/observatory/submit',
};
const PRACTICE_STATES = ['draft', 'changes_requested', 'submitted', 'published', 'rejected'] as const;

/**
 * The top of a signed-in person's workspace (issue 21, item 2): a focal point's country data
 * status with "Enviar datos" one click away, and every author's practices counted by state,
 * each count a link to the list below.
 */
export function WorkspaceOverview() {
  const overview = useWorkspaceOverview(true);
  return (
    <>
      <QueryState isLoading={overview.isLoading} error={overview.error} />
      {overview.data ? (
        <>
          {overview.data.country && overview.data.data.length ? <DataStatus country={overview.data.country} flows={overview.data.data} /> : null}
          <PracticeCounts counts={overview.data.practices.counts} />
        </>
      ) : null}
    </>
  );
}

function DataStatus({ country, flows }: { country: NonNullable<Overview['country']>; flows: DataflowStatus[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="ws-data" className="ws-data" data-testid="data-status">
      <h2 id="ws-data">{t('workspaceHome.data.title', { country: country.name })}</h2>
      <p>
        <Link className="button" to="/observatory/submit">
          {t('submissions.nav.submit')}
        </Link>
      </p>
      {flows.map((f) => (
        <FlowStatus key={f.dataflow} country={country.code} f={f} several={flows.length > 1} />
      ))}
    </section>
  );
}

function FlowStatus({ country, f, several }: { country: string; f: DataflowStatus; several: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const level = (l: 'members' | 'public') => t(`submissions.level.${l}`);
  const waiting = (['returned', 'toConfirm', 'awaitingApproval', 'unreleased'] as const).filter((k) => f.pending[k] > 0);
  return (
    <div className="ws-flow">
      {several ? <h3>{f.name}</h3> : null}
      <h3 id={`ws-next-${f.dataflow}`}>{t('workspaceHome.next.title')}</h3>
      <ol aria-labelledby={`ws-next-${f.dataflow}`}>
        {f.next.map((k) => (
          <li key={k}>
            <Link to={STEP_LINK[k]}>{t(`workspaceHome.next.${k}`)}</Link>
          </li>
        ))}
      </ol>
      <dl className="ws-facts">
        <dt>{t('workspaceHome.data.lastRelease')}</dt>
        <dd>{f.lastRelease ? t('workspaceHome.data.releaseAt', { date: fmt.date(f.lastRelease.at), level: level(f.lastRelease.level) }) : t('workspaceHome.data.noRelease')}</dd>
        <dt>{t('workspaceHome.data.nextRelease')}</dt>
        <dd>{f.nextRelease ? t('workspaceHome.data.releaseAt', { date: fmt.date(f.nextRelease.at), level: level(f.nextRelease.level) }) : t('workspaceHome.data.noNextRelease')}</dd>
        <dt>{t('workspaceHome.data.lastImport')}</dt>
        <dd>
          {f.lastImport ? (
            <Link to={`/observatory/submissions/${f.lastImport.id}`}>
              {t('workspaceHome.data.importLine', { file: f.lastImport.fileName ?? t('common.none'), date: fmt.dateTime(f.lastImport.at), status: t(`submissions.status.${f.lastImport.status}`) })}
            </Link>
          ) : (
            t('workspaceHome.data.noImport')
          )}
        </dd>
        <dt>{t('workspaceHome.data.pending')}</dt>
        <dd>
          {waiting.length ? (
            <ul className="ws-inline">
              {waiting.map((k) => (
                <li key={k}>{t(`workspaceHome.pending.${k}`, { count: f.pending[k] })}</li>
              ))}
            </ul>
          ) : (
            t('workspaceHome.pending.none')
          )}
        </dd>
      </dl>
      {f.overdue.length ? (
        <>
          <h3 id={`ws-overdue-${f.dataflow}`}>{t('workspaceHome.overdue.title')}</h3>
          <ul aria-labelledby={`ws-overdue-${f.dataflow}`}>
            {f.overdue.map((o) => (
              <li key={o.at}>
                {fmt.date(o.at)} — {o.status === 'scheduled' ? t('workspaceHome.overdue.late') : t('workspaceHome.overdue.skipped', { reason: o.reason ?? t('common.none') })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Published f={f} />
      <MinimumDisaggregation dataflow={f.dataflow} country={country} />
    </div>
  );
}

function Published({ f }: { f: DataflowStatus }) {
  const { t } = useTranslation();
  if (!f.published.length) return <p>{t('workspaceHome.published.none')}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="published">
        <caption>{t('workspaceHome.published.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workspaceHome.published.flow')}</th>
            <th scope="col">{t('workspaceHome.published.from')}</th>
            <th scope="col">{t('workspaceHome.published.to')}</th>
            <th scope="col" className="num">
              {t('workspaceHome.published.periods')}
            </th>
          </tr>
        </thead>
        <tbody>
          {f.published.map((p) => (
            <tr key={p.flow}>
              <th scope="row">{p.name}</th>
              <td>{p.first}</td>
              <td>{p.last}</td>
              <td className="num">{p.periods}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The regional minimum disaggregation the country does not report yet (the observatory's compliance view). */
function MinimumDisaggregation({ dataflow, country }: { dataflow: string; country: string }) {
  const { t } = useTranslation();
  const c = useCompliance(dataflow, country);
  if (!c.data) return <QueryState isLoading={c.isLoading} error={c.error} />;
  const mine = c.data.countries.find((x) => x.country === country);
  const missing = c.data.minimum.filter((d) => !mine?.dimensions[d.id]?.reported);
  return (
    <p data-testid="minimum">
      {missing.length ? t('workspaceHome.minimum.missing', { list: missing.map((d) => d.name).join(', ') }) : t('workspaceHome.minimum.complete')}{' '}
      <Link to={`/observatory/countries/${country}`}>{t('workspaceHome.minimum.profile')}</Link>
    </p>
  );
}

function PracticeCounts({ counts }: { counts: Record<string, number> }) {
  const { t } = useTranslation();
  const shown = PRACTICE_STATES.filter((s) => (counts[s] ?? 0) > 0);
  return (
    <section aria-labelledby="ws-practices">
      <h2 id="ws-practices">{t('workspaceHome.practices.title')}</h2>
      {shown.length ? (
        <ul className="ws-inline" data-testid="practice-counts">
          {shown.map((s) => (
            <li key={s}>
              <Link to={`/workspace?workflow=${s}`}>{t('workspaceHome.practices.count', { count: counts[s] ?? 0, state: t(`practices.workflow.${s}`) })}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('workspaceHome.practices.none')}</p>
      )}
    </section>
  );
}

/** A contributor's organisation's offers on the cooperation hub, drafts included (shown below their practices). */
export function WorkspaceOffers({ user }: { user: Me }) {
  const { t } = useTranslation();
  const code = user.role === 'contributor' ? (user.organisation?.code ?? null) : null;
  const offers = useOrganisationOffers(code);
  if (!code) return null;
  return (
    <section aria-labelledby="ws-offers" data-testid="own-offers">
      <h2 id="ws-offers">{t('workspaceHome.offers.title')}</h2>
      <QueryState isLoading={offers.isLoading} error={offers.error} />
      {offers.data?.length ? (
        <ul>
          {offers.data.map((o) => (
            <li key={o.id}>
              {o.title} ({t(`cooperation.status.${o.status}`)})
            </li>
          ))}
        </ul>
      ) : offers.data ? (
        <p>{t('workspaceHome.offers.none')}</p>
      ) : null}
      <p>
        <Link to="/cooperation/offers/new">{t('workspaceHome.offers.new')}</Link>
      </p>
    </section>
  );
}
