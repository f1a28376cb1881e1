import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useLang, useTitle } from '../../app/hooks.ts';
import { DATAFLOW, latestPeriod, useCalendar, useCodeNames, useData, useRecentReleases } from './api.ts';
import { Sparkline } from './charts/BarCharts.tsx';
import { DataTable } from './charts/ChartFigure.tsx';
import { encodeState, DEFAULT_STATE } from './state.ts';
import { formatDate, formatNumber, formatPeriod, lastTwelveMonths } from './format.ts';
import { headlineMonth, pickValue, toSeries } from './model.ts';
import { ObservatoryNav } from './ObservatoryNav.tsx';

const TREND_MONTHS = 24;

/** One tile per flow: the region's figure for the latest released month and its trend (all from one API question). */
function FlowTiles() {
  const { t } = useTranslation();
  const lang = useLang();
  const { name } = useCodeNames();
  const countryName = useCountryName();
  const all = useData(DATAFLOW, 'groupBy=FLOW%2CTIME_PERIOD&timeAggregation=month');
  // who reported which month: the headline is the latest month most countries have (model.headlineMonth)
  const byCountry = useData(DATAFLOW, 'groupBy=REF_AREA%2CTIME_PERIOD&timeAggregation=month');
  if (!all.data) return <QueryState isLoading={all.isLoading} error={all.error} />;
  if (!byCountry.data) return <QueryState isLoading={byCountry.isLoading} error={byCountry.error} />;
  const obs = all.data.observations;
  const headline = headlineMonth(byCountry.data.observations);
  const latest = headline?.period ?? latestPeriod(obs);
  if (!latest) return <p className="obs-empty">{t('explore.home.noData')}</p>;
  const missing = headline ? headline.reporting.filter((c) => !headline.covered.includes(c)) : [];
  const { series } = toSeries(obs, 'FLOW', (c) => name('FLOW', c), Number.MAX_SAFE_INTEGER);
  const { periods } = toSeries(obs, 'FLOW', (c) => c, 1);
  const from = Math.max(0, periods.length - TREND_MONTHS);
  const range = lastTwelveMonths(latest);
  return (
    <>
      <p className="obs-latest" data-testid="latest-month">
        {t('explore.home.latest', { period: formatPeriod(lang, latest) })}
        {headline ? ` ${t('explore.home.coverage', { covered: headline.covered.length, countries: headline.reporting.length })}` : ''}
        {missing.length ? ` ${t('explore.home.notYet', { countries: missing.map(countryName).join(', ') })}` : ''}
      </p>
      <ul className="obs-tiles plain">
        {series.map((s) => {
          const o = pickValue(obs, { FLOW: s.key, TIME_PERIOD: latest });
          const link = `/observatory/explorer?${encodeState({ ...DEFAULT_STATE, flow: s.key, start: range.start, end: range.end }).toString()}`;
          return (
            <li key={s.key} className="obs-tile" data-flow={s.key}>
              <h3>
                <Link to={link}>{s.label}</Link>
              </h3>
              <p className="obs-tile-value">
                {o ? (o.OBS_VALUE === null ? t('explore.figure.suppressedShort') : formatNumber(lang, o.OBS_VALUE)) : t('explore.home.notReported')}
              </p>
              <p className="obs-tile-period">{t('explore.home.tilePeriod', { period: formatPeriod(lang, latest) })}</p>
              <Sparkline values={s.values.slice(from)} />
              <p className="visually-hidden">{t('explore.home.trendText', { months: Math.min(TREND_MONTHS, periods.length) })}</p>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function RecentReleases() {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const recent = useRecentReleases();
  if (!recent.data) return <QueryState isLoading={recent.isLoading} error={recent.error} />;
  if (!recent.data.length) return <p>{t('explore.home.noReleases')}</p>;
  return (
    <ul className="obs-recent" data-testid="recent-releases">
      {recent.data.slice(0, 10).map((r) => (
        <li key={r.id}>
          <Link to={`/observatory/countries/${r.country}`}>{countryName(r.country)}</Link>{' '}
          {t('explore.home.releasedOn', { date: formatDate(lang, r.releaseAt), level: t(`explore.level.${r.level}`) })}
          {r.publishedBy ? ` ${t('explore.home.releasedBy', { by: r.publishedBy })}` : ''}
        </li>
      ))}
    </ul>
  );
}

function Calendar() {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const cal = useCalendar();
  if (!cal.data) return <QueryState isLoading={cal.isLoading} error={cal.error} />;
  const now = new Date().toISOString();
  const rows = cal.data.slice(0, 30).map((r) => ({
    key: r.id,
    cells: [countryName(r.country), formatDate(lang, r.releaseAt), t(`explore.level.${r.level}`), r.releaseAt > now ? t('explore.home.scheduled') : t('explore.home.published')],
  }));
  if (!rows.length) return <p>{t('explore.home.noReleases')}</p>;
  return <DataTable caption={t('explore.home.calendarCaption')} table={{ head: [t('explore.home.country'), t('explore.home.date'), t('explore.home.level'), t('explore.home.state')], rows, numeric: false }} testId="calendar" />;
}

export function HomePage() {
  const { t } = useTranslation();
  useTitle(t('explore.home.title'));
  return (
    <>
      <ObservatoryNav />
      <h1>{t('explore.home.title')}</h1>
      <p className="lead">{t('explore.home.intro')}</p>
      <p>
        <Link to="/observatory/explorer" className="button" data-testid="open-explorer">
          {t('explore.home.openExplorer')}
        </Link>
      </p>
      <p>
        <Link to="/observatory/missing-migrants" data-testid="open-missing-migrants">
          {t('explore.home.missingMigrants')}
        </Link>
      </p>
      <section aria-labelledby="obs-flows">
        <h2 id="obs-flows">{t('explore.home.flows')}</h2>
        <FlowTiles />
      </section>
      <div className="obs-two">
        <section aria-labelledby="obs-recent">
          <h2 id="obs-recent">{t('explore.home.recent')}</h2>
          <RecentReleases />
        </section>
        <section aria-labelledby="obs-cal">
          <h2 id="obs-cal">{t('explore.home.calendar')}</h2>
          <Calendar />
        </section>
      </div>
    </>
  );
}
