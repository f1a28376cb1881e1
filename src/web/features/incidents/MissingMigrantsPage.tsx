import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useLang, useSession, useTitle } from '../../app/hooks.ts';
import { ChartFigure, DataTable } from '../explore/charts/ChartFigure.tsx';
import { TimeChart } from '../explore/charts/TimeChart.tsx';
import type { ChartText } from '../explore/charts/common.tsx';
import { formatCompact, formatNumber, formatPeriod } from '../explore/format.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { IMPORTERS, downloadHref, useIncidentList, useSummary } from './api.ts';
import { Filters } from './Filters.tsx';
import { IncidentTable } from './IncidentTable.tsx';
import { useHydrated, useIncidentLabels } from './labels.ts';
import { apiQuery, decodeState, encodeState, monthlySeries, type IncidentState } from './state.ts';

// The map and its libraries (d3-geo, topojson-client, supercluster, world-atlas) are a chunk of their own.
const IncidentMap = lazy(() => import('./map/IncidentMap.tsx'));
const RECORDERS = new Set(['admin', 'secretariat', 'focal_point', 'contributor']);

function useText(): ChartText {
  const { t } = useTranslation();
  const lang = useLang();
  return { xTitle: t('incidents.chart.month'), yTitle: t('incidents.deadAndMissing'), number: (n) => formatNumber(lang, n), compact: (n) => formatCompact(lang, n), suppressed: t('explore.mark.suppressed') };
}

/** Dead and missing per month for the selection (summary?interval=month), as a line. */
function MonthlyChart({ query, selection }: { query: string; selection: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const text = useText();
  const summary = useSummary(query, 'month');
  if (!summary.data) return <QueryState isLoading={summary.isLoading} error={summary.error} />;
  const { months, values } = monthlySeries(summary.data.rows);
  if (!months.length) return <p className="obs-empty">{t('incidents.none')}</p>;
  const labels = months.map((m) => formatPeriod(lang, m));
  const peak = values.indexOf(Math.max(...values));
  const title = t('incidents.chart.title', { selection });
  return (
    <ChartFigure
      level={2}
      title={title}
      summary={t('incidents.chart.summary', { from: labels[0], to: labels[labels.length - 1], peak: labels[peak], value: text.number(values[peak]!) })}
      hasSuppressed={false}
      releases={[]}
      source={summary.data.source}
      fileName="observatorio-migrantes-desaparecidos-mensual"
      table={{ head: [text.xTitle, text.yTitle], rows: months.map((m, i) => ({ key: m, cells: [labels[i]!, text.number(values[i]!)] })) }}
    >
      {(ids) => <TimeChart kind="line" xLabels={labels} series={[{ key: '_T', label: text.yTitle, values, suppressed: values.map(() => false) }]} text={text} {...ids} />}
    </ChartFigure>
  );
}

/** SDG 10.7.3 per year for the selection, as the API sums it. */
function Sdg({ query }: { query: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const summary = useSummary(query, 'year');
  if (!summary.data) return <QueryState isLoading={summary.isLoading} error={summary.error} />;
  const rows = summary.data.rows;
  return (
    <section aria-labelledby="inc-sdg">
      <h2 id="inc-sdg">{t('incidents.sdg.heading')}</h2>
      <p className="hint">{summary.data.title}</p>
      {rows.length ? (
        <DataTable
          caption={t('incidents.sdg.caption')}
          testId="sdg-table"
          table={{ head: [t('incidents.sdg.year'), t('incidents.deadAndMissing'), t('incidents.sdg.incidents')], rows: rows.map((r) => ({ key: `${r.year}-${r.key}`, cells: [String(r.year), formatNumber(lang, r.value), formatNumber(lang, r.incidents)] })) }}
        />
      ) : (
        <p className="obs-empty">{t('incidents.none')}</p>
      )}
    </section>
  );
}

export function MissingMigrantsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const state = decodeState(params);
  const query = apiQuery(state);
  const labels = useIncidentLabels();
  const selection = labels.selection(state);
  const hydrated = useHydrated();
  const list = useIncidentList(query, state.page);
  const role = useSession().data?.user?.role;
  useTitle(t('incidents.title'));
  const change = (next: IncidentState) => setParams(encodeState(next), { preventScrollReset: true });
  return (
    <>
      <ObservatoryNav />
      <h1>{t('incidents.title')}</h1>
      <p className="lead">{t('incidents.intro')}</p>
      {role && RECORDERS.has(role) ? (
        <p className="obs-links">
          <Link to="/observatory/missing-migrants/new" className="button">{t('incidents.record.open')}</Link>
          <Link to="/observatory/missing-migrants/pending">{t('incidents.pending.open')}</Link>
          {IMPORTERS.has(role) ? <Link to="/observatory/missing-migrants/import">{t('incidents.import.open')}</Link> : null}
        </p>
      ) : null}
      <Filters state={state} onChange={change} />
      {list.data ? (
        <p className="inc-headline" data-testid="inc-headline">
          {t('incidents.headline', { incidents: formatNumber(lang, list.data.total), people: formatNumber(lang, list.data.deadAndMissing), selection })}
        </p>
      ) : null}
      <section aria-label={t('incidents.map.region')} className="inc-map">
        {hydrated ? (
          <Suspense fallback={<QueryState isLoading error={null} />}>
            <IncidentMap query={query} region={state.region} title={t('incidents.map.title', { selection })} fileName="observatorio-migrantes-desaparecidos-mapa" source={list.data?.source ?? ''} />
          </Suspense>
        ) : (
          <p className="hint">{t('incidents.map.needsScript')}</p>
        )}
      </section>
      <MonthlyChart query={query} selection={selection} />
      <Sdg query={query} />
      <section aria-labelledby="inc-list">
        <h2 id="inc-list">{t('incidents.table.heading')}</h2>
        {list.data ? <IncidentTable answer={list.data} page={state.page} onPage={(page) => change({ ...state, page })} /> : <QueryState isLoading={list.isLoading} error={list.error} />}
        <div className="obs-downloads">
          <h3>{t('incidents.download.heading')}</h3>
          <p className="obs-links">
            <a href={downloadHref(query, 'csv', lang)} download data-testid="download-csv">{t('incidents.download.csv')}</a>
            <a href={downloadHref(query, 'geojson', lang)} download={`${t('incidents.download.fileName')}.geojson`} data-testid="download-geojson">{t('incidents.download.geojson')}</a>
          </p>
        </div>
      </section>
      {list.data ? <p className="obs-source" data-testid="inc-source">{list.data.source}</p> : null}
    </>
  );
}
