import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useLang, useTitle } from '../../app/hooks.ts';
import { DATAFLOW, useCodeNames, useData } from './api.ts';
import { FlowDiagram } from './charts/BarCharts.tsx';
import { ChartFigure, DataTable } from './charts/ChartFigure.tsx';
import { anySuppressed, releasesFor, toItems } from './model.ts';
import { formatPeriod } from './format.ts';
import { useChartText } from './ExplorerView.tsx';
import { ObservatoryNav } from './ObservatoryNav.tsx';
import { corridorOrder, nationalityOrder } from './corridor.ts';

const FLOW = 'IRREG_ENTRY';
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

/**
 * Corridors: the countries that reported irregular entries of one nationality in a period,
 * as a chain from south to north (the usual direction of the route) with each country's
 * own figure, and the same as a table.
 */
export function CorridorsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const text = useChartText();
  const countryName = useCountryName();
  const { name } = useCodeNames();
  const [params, setParams] = useSearchParams();
  const nationality = /^[A-Z]{3}$/.test(params.get('nationality') ?? '') ? params.get('nationality')! : 'VEN';
  const periods = useData(DATAFLOW, `FLOW=${FLOW}&groupBy=TIME_PERIOD&timeAggregation=year`);
  const years = (periods.data?.observations.map((o) => String(o.TIME_PERIOD)) ?? []).sort().reverse();
  const asked = params.get('period') ?? '';
  const period = PERIOD.test(asked) ? asked : (years[0] ?? '');
  const range = `startPeriod=${period}&endPeriod=${period}`;
  const nationalities = useData(DATAFLOW, `FLOW=${FLOW}&${range}&groupBy=CITIZENSHIP`, !!period);
  const chain = useData(DATAFLOW, `CITIZENSHIP=${nationality}&FLOW=${FLOW}&${range}&groupBy=REF_AREA`, !!period);
  useTitle(t('explore.corridors.title'));
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    if (k === 'nationality' && !next.get('period') && period) next.set('period', period);
    setParams(next);
  };
  const found = toItems(nationalities.data?.observations ?? [], 'CITIZENSHIP', (c) => name('CITIZENSHIP', c)).filter((i) => i.key !== '_U' && i.key !== '_T');
  if (!found.some((o) => o.key === nationality)) found.push({ key: nationality, label: name('CITIZENSHIP', nationality), value: null, suppressed: false });
  const natOptions = nationalityOrder(found);
  const obs = chain.data?.observations ?? [];
  const nodes = corridorOrder(toItems(obs, 'REF_AREA', countryName));
  const natName = name('CITIZENSHIP', nationality);
  const title = t('explore.corridors.chartTitle', { nationality: natName, period: period ? formatPeriod(lang, period) : '' });
  return (
    <>
      <ObservatoryNav />
      <h1>{t('explore.corridors.title')}</h1>
      <p className="lead">{t('explore.corridors.intro')}</p>
      <form className="filters obs-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('explore.controls.label')}>
        <div className="field">
          <label htmlFor={`${id}-nat`}>{t('explore.corridors.nationality')}</label>
          <select id={`${id}-nat`} value={nationality} onChange={(e) => set('nationality', e.target.value)}>
            {natOptions.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('explore.corridors.period')}</label>
          <select id={`${id}-period`} value={period} onChange={(e) => set('period', e.target.value)}>
            {[...new Set([period, ...years])].filter(Boolean).map((y) => (
              <option key={y} value={y}>
                {formatPeriod(lang, y)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {!chain.data ? (
        <QueryState isLoading={chain.isLoading || periods.isLoading} error={chain.error ?? periods.error} />
      ) : !nodes.length ? (
        <p className="obs-empty" data-testid="no-data">{t('explore.corridors.none', { nationality: natName })}</p>
      ) : (
        <>
          <ChartFigure
            level={2}
            title={title}
            summary={t('explore.corridors.summary', {
              count: nodes.length,
              nationality: natName,
              chain: nodes.map((n) => `${n.label} (${n.value === null ? text.suppressed : text.number(n.value)})`).join(' → '),
            })}
            hasSuppressed={anySuppressed(obs)}
            releases={releasesFor(chain.data.releases, obs)}
            table={{ head: [t('explore.corridors.step'), t('explore.corridors.reporter'), text.yTitle], rows: nodes.map((n, i) => ({ key: n.key, cells: [String(i + 1), n.label, n.value === null ? text.suppressed : text.number(n.value)] })) }}
            fileName={`observatorio-corredor-${nationality.toLowerCase()}-${period}`}
          >
            {(ids) => <FlowDiagram nodes={nodes} text={text} {...ids} />}
          </ChartFigure>
          <h2>{t('explore.corridors.tableTitle')}</h2>
          <DataTable
            caption={title}
            testId="corridor-table"
            table={{ head: [t('explore.corridors.reporter'), text.yTitle], rows: nodes.map((n) => ({ key: n.key, cells: [n.label, n.value === null ? text.suppressed : text.number(n.value)] })) }}
          />
          <p className="hint">{t('explore.corridors.note')}</p>
        </>
      )}
    </>
  );
}
