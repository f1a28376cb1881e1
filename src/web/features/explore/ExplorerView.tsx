import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCodeNames, useData, type DataAnswer } from './api.ts';
import { ChartFigure, DataTable, type TableAlt } from './charts/ChartFigure.tsx';
import { TimeChart } from './charts/TimeChart.tsx';
import { RankingChart } from './charts/BarCharts.tsx';
import type { Series } from './charts/common.tsx';
import { dataQuestion, questionQuery, type DataQuestion, type ExplorerState } from './state.ts';
import { anySuppressed, periodCoverage, rankItems, releasesFor, toItems, toSeries } from './model.ts';
import { useChartText, useLabeler, useViewTitle, type ExplorerText } from './view-text.ts';

const MapView = lazy(() => import('./map/MapView.tsx').then((m) => ({ default: m.MapView })));
const RANKING_BARS = 25;

// Shared with the other views; re-exported for the pages that import them from here.
export { useChartText, useLabeler, useViewTitle, type ExplorerText };

/** The API total of a breakdown question (the same question with the breakdown not kept). */
export function useTotalQuestion(s: ExplorerState, q: DataQuestion) {
  const needs = !!s.breakdown && !q.overTime;
  const params = { ...q.params, groupBy: q.groupBy.filter((g) => g === 'REF_AREA').join(',') };
  if (!params.groupBy) delete (params as Record<string, string | undefined>).groupBy;
  const query = questionQuery({ ...q, params });
  return useData(s.dataflow, query, needs);
}

function rankingTable(data: DataAnswer, q: DataQuestion, label: (code: string) => string, text: ExplorerText, head: string[], total: DataAnswer | undefined, totalLabel: string): TableAlt {
  const items = toItems(data.observations, q.seriesDim, label);
  const rows = items.map((it) => ({ key: it.key, cells: [it.label, it.value === null ? text.suppressed : text.number(it.value)], suppressed: it.value === null }));
  const tot = total?.observations[0];
  if (tot) rows.push({ key: '_T', cells: [totalLabel, tot.OBS_VALUE === null ? text.suppressed : text.number(tot.OBS_VALUE)], suppressed: tot.OBS_VALUE === null });
  return { head, rows };
}

function timeTable(data: DataAnswer, q: DataQuestion, label: (code: string) => string, text: ExplorerText, first: string): TableAlt {
  const { periods, series } = toSeries(data.observations, q.seriesDim, label, Number.MAX_SAFE_INTEGER);
  const coverage = periodCoverage(data.observations, periods);
  // a cell whose months are not its column's says them (columns of mixed coverage)
  const months = (s: Series, i: number) => (coverage[i] === 'mixed' && s.coverage?.[i] ? ` (${text.coverage(periods[i]!, s.coverage[i])})` : '');
  return {
    head: [first, ...periods.map((p, i) => text.periodCovered(p, coverage[i] ?? null))],
    rows: series.map((s) => ({ key: s.key, cells: [s.label, ...s.values.map((v, i) => (v === null ? (s.suppressed[i] ? text.suppressed : '—') : text.number(v) + months(s, i)))] })),
  };
}

/** The chart of a view (also the whole of the embed page). */
export function ChartView({ state, compact }: { state: ExplorerState; compact?: boolean }) {
  const { t } = useTranslation();
  const text = useChartText();
  const title = useViewTitle(state);
  const labeler = useLabeler(state.dataflow);
  const { dimName } = useCodeNames(state.dataflow);
  const q = dataQuestion(state, 'chart');
  const data = useData(state.dataflow, questionQuery(q));
  const total = useTotalQuestion(state, q);
  if (!data.data) return <QueryState isLoading={data.isLoading} error={data.error} />;
  const answer = data.data;
  const label = labeler(q.seriesDim);
  if (!answer.observations.length) return <p className="obs-empty" data-testid="no-data">{t('explore.noData')}</p>;
  const suppressed = anySuppressed(answer.observations);
  const fileName = `observatorio-${state.flow.toLowerCase()}`;
  // Alone in an embed, the chart's title is the page's heading.
  const common = { title, hasSuppressed: suppressed, releases: releasesFor(answer.releases, answer.observations, state.countries), unreleased: !!answer.unreleased, fileName, compact, level: compact ? (1 as const) : undefined, titleInHeading: !compact };
  if (q.overTime) {
    const { periods, series, omitted } = toSeries(answer.observations, q.seriesDim, label);
    const coverage = periodCoverage(answer.observations, periods);
    const xLabels = periods.map((p, i) => text.periodCovered(p, coverage[i] ?? null));
    const peak = series[0];
    const peakAt = peak ? peak.values.reduce<number>((best, v, i) => ((v ?? -1) > (peak.values[best] ?? -1) ? i : best), 0) : 0;
    const summary = [
      t('explore.summary.time', { series: series.length, from: xLabels[0] ?? '', to: xLabels[xLabels.length - 1] ?? '' }),
      peak && peak.values[peakAt] !== null ? t('explore.summary.peak', { label: peak.label, value: text.number(peak.values[peakAt]!), period: xLabels[peakAt] ?? '' }) : '',
      coverage.some(Boolean) ? t('explore.summary.partial') : '',
      omitted ? t('explore.summary.omitted', { count: omitted }) : '',
      suppressed ? t('explore.summary.suppressed') : '',
    ].filter(Boolean).join(' ');
    return (
      <ChartFigure {...common} summary={summary} legend={series.map((s) => ({ key: s.key, label: s.label }))} table={timeTable(answer, q, label, text, dimName(q.seriesDim))}>
        {(ids) => <TimeChart kind={state.chart === 'bars' ? 'bars' : 'line'} xLabels={xLabels} series={series} text={text} titleId={ids.titleId} descId={ids.descId} svgRef={ids.svgRef} />}
      </ChartFigure>
    );
  }
  // bars of published categories only; the figure says how many are confidential (model.rankItems)
  const { items, confidential } = rankItems(answer.observations, q.seriesDim, label);
  const tot = total.data?.observations[0];
  const shown = items.slice(0, RANKING_BARS);
  const summary = [
    items[0] && items[0].value !== null ? t('explore.summary.ranking', { count: items.length, label: items[0].label, value: text.number(items[0].value) }) : '',
    tot && tot.OBS_VALUE !== null ? t('explore.summary.total', { value: text.number(tot.OBS_VALUE) }) : '',
    items.length > RANKING_BARS ? t('explore.summary.firstBars', { count: RANKING_BARS }) : '',
    confidential ? t('explore.summary.suppressedCount', { count: confidential }) : '',
  ].filter(Boolean).join(' ');
  return (
    <ChartFigure {...common} confidentialCategories={confidential} summary={summary} table={rankingTable(answer, q, label, text, [dimName(q.seriesDim), text.yTitle], total.data, t('explore.total'))}>
      {(ids) => <RankingChart items={shown} text={text} titleId={ids.titleId} descId={ids.descId} svgRef={ids.svgRef} />}
    </ChartFigure>
  );
}

/** The table tab: the chart's question as a table, with the API's total where there is a breakdown. */
export function TableView({ state }: { state: ExplorerState }) {
  const { t } = useTranslation();
  const text = useChartText();
  const title = useViewTitle(state);
  const labeler = useLabeler(state.dataflow);
  const { dimName } = useCodeNames(state.dataflow);
  const q = dataQuestion(state, 'chart');
  const data = useData(state.dataflow, questionQuery(q));
  const total = useTotalQuestion(state, q);
  if (!data.data) return <QueryState isLoading={data.isLoading} error={data.error} />;
  if (!data.data.observations.length) return <p className="obs-empty">{t('explore.noData')}</p>;
  const label = labeler(q.seriesDim);
  const table = q.overTime ? timeTable(data.data, q, label, text, dimName(q.seriesDim)) : rankingTable(data.data, q, label, text, [dimName(q.seriesDim), text.yTitle], total.data, t('explore.total'));
  return (
    <>
      <DataTable caption={title} table={table} testId="explorer-table" />
      {anySuppressed(data.data.observations) ? <p className="obs-suppressed-legend"><span className="obs-hatch" aria-hidden="true" /> {t('explore.figure.suppressedLegend')}</p> : null}
    </>
  );
}

export function MapTab({ state }: { state: ExplorerState }) {
  return (
    <Suspense fallback={<QueryState isLoading error={null} />}>
      <MapView state={state} />
    </Suspense>
  );
}
