import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/hooks.ts';
import { DataTable } from './charts/ChartFigure.tsx';
import { formatPeriod } from './format.ts';
import type { CountryGcm as Gcm } from '../objectives/api.ts';
import { indicatorName } from '../objectives/api.ts';

/**
 * The country profile's GCM section (issue 18 item 5): every indicator's latest value and
 * status for the country, its practices, its commitments and its data coverage, as
 * `GET /api/v1/countries/{iso3}/gcm` answers them, with links to the objective pages.
 */
export function CountryGcm({ countryName, gcm }: { countryName: string; gcm: Gcm | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!gcm) return <section aria-labelledby="cp-gcm"><h2 id="cp-gcm">{t('objectives.gcm.heading')}</h2><p>{t('common.loading')}</p></section>;
  const withValue = gcm.indicators.items.filter((i) => i.latest);
  const value = (i: Gcm['indicators']['items'][number]) => (!i.latest ? t('objectives.noValue') : i.latest.answer ? t(`objectives.answer.${i.latest.answer}`) : i.latest.value === null ? t('objectives.noValue') : String(i.latest.value));
  const c = gcm.commitments;
  return (
    <section aria-labelledby="cp-gcm" data-testid="country-gcm">
      <h2 id="cp-gcm">{t('objectives.gcm.heading')}</h2>
      <p>{t('objectives.gcm.intro', { country: countryName })}</p>
      <h3>{t('objectives.gcm.indicators')}</h3>
      <p>{t('objectives.gcm.withValue', { count: withValue.length })}</p>
      {withValue.length ? (
        <DataTable
          caption={t('objectives.gcm.indicatorsCaption', { country: countryName })}
          testId="country-gcm-indicators"
          table={{
            head: [t('objectives.gcm.indicators'), t('objectives.indicator.period'), t('objectives.indicator.value'), t('objectives.indicator.status')],
            numeric: false,
            rows: withValue.map((i) => ({ key: i.code, cells: [`${indicatorName(i, lang).text} (${i.code})`, i.latest?.period ?? '—', value(i), t(`objectives.status.${i.status}`)] })),
          }}
        />
      ) : null}
      <h3>{t('objectives.gcm.practices')}</h3>
      <p>{t('objectives.gcm.practicesSummary', { count: gcm.practices.total })}</p>
      {gcm.practices.items.length ? (
        <ul>
          {gcm.practices.items.map((p) => (
            <li key={p.id}>
              <Link to={`/practices/${p.slug}`}>{p.title}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to={gcm.practices.searchUrl}>{t('objectives.gcm.practicesLink')}</Link>
      </p>
      <h3>{t('objectives.gcm.commitments')}</h3>
      <p>{t('objectives.gcm.commitmentsSummary', { leads: c.leads, participates: c.participates, actions: c.actions.total, overdue: c.actions.overdue, pledges: c.pledges.length })}</p>
      <p>
        <Link to={c.url}>{t('objectives.gcm.commitmentsLink')}</Link>
      </p>
      <h3>{t('objectives.gcm.coverage')}</h3>
      {gcm.coverage.flows.length ? (
        <DataTable
          caption={t('objectives.gcm.coverageCaption', { country: countryName })}
          testId="country-gcm-coverage"
          table={{ head: [t('objectives.gcm.flow'), t('objectives.gcm.from'), t('objectives.gcm.to'), t('objectives.gcm.periods')], numeric: false, rows: gcm.coverage.flows.map((f) => ({ key: f.flow, cells: [f.name, formatPeriod(lang, f.first), formatPeriod(lang, f.last), String(f.periods)] })) }}
        />
      ) : (
        <p className="obs-empty">{t('objectives.gcm.noCoverage')}</p>
      )}
      <h3>{t('objectives.gcm.objectives')}</h3>
      <p>{gcm.objectivesWithNothing.length ? t('objectives.gcm.objectivesNothing', { list: gcm.objectivesWithNothing.join(', ') }) : t('objectives.gcm.objectivesAll')}</p>
      <ul className="obj-chips plain">
        {gcm.objectives
          .filter((o) => !gcm.objectivesWithNothing.includes(o.number))
          .map((o) => (
            <li key={o.number}>
              <Link to={`/objectives/${o.number}`}>{t('objectives.pageTitle', { number: o.number, title: o.shortTitle })}</Link>
            </li>
          ))}
      </ul>
    </section>
  );
}
