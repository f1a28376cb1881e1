import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import type { Me } from '../../api/client.ts';
import { formatNumber } from '../explore/format.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { useIncident, useVerify, type IncidentDetail } from './api.ts';
import { useIncidentLabels } from './labels.ts';

/** Who may verify, as the server decides it (records.ts `canVerify`): the secretariat, administrators and IOM. */
export function canVerify(user: Me | null | undefined): boolean {
  if (!user) return false;
  return user.role === 'admin' || user.role === 'secretariat' || (user.role === 'contributor' && user.organisation?.code === 'IOM');
}

function Figures({ i }: { i: IncidentDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (v: number) => formatNumber(lang, v);
  const rows: [string, string][] = [];
  if (i.split) {
    rows.push([t('incidents.field.dead'), i.dead === null ? t('incidents.notGiven') : n(i.dead)], [t('incidents.field.missing'), i.missing === null ? t('incidents.notGiven') : n(i.missing)]);
  }
  rows.push([t('incidents.deadAndMissing'), i.split ? n(i.deadAndMissing) : t('incidents.detail.notSplit', { value: n(i.deadAndMissing) })]);
  for (const k of ['survivors', 'females', 'males', 'children'] as const) if (i[k] !== null) rows.push([t(`incidents.field.${k}`), n(i[k])]);
  return (
    <dl className="inc-facts" data-testid="inc-figures">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function IncidentDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  const { id = '' } = useParams();
  const incident = useIncident(id);
  const session = useSession();
  const verify = useVerify(id);
  const labels = useIncidentLabels();
  useTitle(t('incidents.detail.title'));
  if (!incident.data) {
    return (
      <>
        <ObservatoryNav />
        <h1>{t('incidents.detail.title')}</h1>
        <QueryState isLoading={incident.isLoading} error={incident.error} />
      </>
    );
  }
  const i = incident.data;
  const facts: [string, React.ReactNode][] = [
    [t('incidents.field.date'), `${labels.date(i)} (${t(`incidents.precision.${i.precision}`)})`],
    [t('incidents.field.country'), labels.country(i.countryCode)],
    [t('incidents.field.place'), i.place ?? t('incidents.notGiven')],
    [t('incidents.field.coordinates'), i.lat !== null && i.lon !== null ? `${formatNumber(lang, i.lat, 4)}, ${formatNumber(lang, i.lon, 4)}` : t('incidents.notGiven')],
    [t('incidents.field.route'), labels.route(i.route)],
    [t('incidents.field.cause'), labels.cause(i.cause)],
    [t('incidents.field.origins'), i.origins.length ? i.origins.map((o) => (o.count === null ? labels.country(o.code) : `${labels.country(o.code)} (${formatNumber(lang, o.count)})`)).join(', ') : t('incidents.notGiven')],
    [t('incidents.field.type'), t(`incidents.type.${i.type}`)],
    [t('incidents.field.infoSource'), i.infoSource ?? t('incidents.notGiven')],
    [t('incidents.field.quality'), i.sourceQuality === null ? t('incidents.notGiven') : t('incidents.detail.quality', { value: i.sourceQuality })],
    [t('incidents.field.url'), i.url ? <a href={i.url} rel="noopener noreferrer external" target="_blank">{i.url}</a> : t('incidents.notGiven')],
    [t('incidents.field.status'), <span data-testid="inc-status">{t(`incidents.status.${i.status}`)}{i.verifiedAt ? ` (${fmt.date(i.verifiedAt)})` : ''}</span>],
  ];
  const heading = t('incidents.detail.heading', { date: labels.date(i), place: i.place ?? labels.country(i.countryCode) });
  return (
    <>
      <ObservatoryNav />
      <p>
        <Link to="/observatory/missing-migrants">{t('incidents.detail.back')}</Link>
      </p>
      <h1>{heading}</h1>
      <Figures i={i} />
      {i.canCorrect ? (
        <p className="obs-links">
          <Link to={`/observatory/missing-migrants/${i.id}/edit`} className="button button-secondary" data-testid="correct">{t('incidents.correct.open')}</Link>
        </p>
      ) : null}
      {i.status === 'reported' && canVerify(session.data?.user) ? (
        <div className="inc-verify">
          <p>{t('incidents.verify.explain')}</p>
          <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="verify">
            {t('incidents.verify.button')}
          </button>
        </div>
      ) : null}
      <ErrorAlert message={verify.error?.message} />
      <StatusMessage>{verify.isSuccess ? t('incidents.verify.done') : null}</StatusMessage>
      <h2>{t('incidents.detail.facts')}</h2>
      <dl className="inc-facts inc-facts-wide">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('incidents.detail.revisions')}</h2>
      <ol className="inc-revisions" data-testid="inc-revisions">
        {i.revisions.map((r) => (
          <li key={r.version}>
            {t('incidents.detail.revision', { version: r.version, date: fmt.dateTime(r.at), change: t(`incidents.change.${r.change}`, { defaultValue: r.change }) })}
            {r.by ? ` — ${r.by}` : ''}
          </li>
        ))}
      </ol>
      <p className="obs-source">{t('incidents.detail.sourceNote')}</p>
    </>
  );
}
