import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useData } from './api.ts';
import { ChartFigure, type TableAlt } from './charts/ChartFigure.tsx';
import { TimeChart } from './charts/TimeChart.tsx';
import type { Series } from './charts/common.tsx';
import { questionQuery, type ExplorerState } from './state.ts';
import { useChartText, useViewTitle } from './ExplorerView.tsx';

/**
 * The standard's MISSING and DEAD flows are answered by the data API from the incidents
 * registry (server: observatory/read/incident-flows.ts), not from countries' releases. Each cell
 * gives the people the sources name as dead (or missing) — null where no incident splits
 * them — and `DEAD_OR_MISSING`, the people of incidents whose source gives only the sum. IOM's
 * tidy copy never splits them, so both are drawn, and the view says where the figures come from.
 */
export const INCIDENT_FLOWS = ['MISSING', 'DEAD'];
export const isIncidentFlow = (flow: string) => INCIDENT_FLOWS.includes(flow);

export function incidentFlowQuery(s: ExplorerState): string {
  // the incidents registry answers calendar periods only (the explorer offers no fiscal year for these flows)
  const params: Record<string, string> = { FLOW: s.flow, groupBy: 'TIME_PERIOD', timeAggregation: s.time === 'fiscalYear' ? 'year' : s.time };
  if (s.countries.length) params.REF_AREA = s.countries.join(',');
  if (s.start) params.startPeriod = s.start;
  if (s.end) params.endPeriod = s.end;
  return questionQuery({ params, groupBy: ['TIME_PERIOD'], seriesDim: 'TIME_PERIOD', overTime: true });
}

/** Where these figures come from, with a link to the incidents' own map. */
export function IncidentFlowNote({ flow }: { flow: string }) {
  const { t } = useTranslation();
  return (
    <p className="obs-note" data-testid="incident-flow-note">
      {t('explore.incidentFlows.intro', { flow })} <Link to="/observatory/missing-migrants">{t('explore.incidentFlows.open')}</Link>
    </p>
  );
}

export function IncidentFlowView({ state }: { state: ExplorerState }) {
  const { t } = useTranslation();
  const text = useChartText();
  const title = useViewTitle(state);
  const data = useData(state.dataflow, incidentFlowQuery(state));
  if (!data.data) return <QueryState isLoading={data.isLoading} error={data.error} />;
  const answer = data.data;
  const note = <IncidentFlowNote flow={state.flow} />;
  if (!answer.observations.length) return <>{note}<p className="obs-empty" data-testid="no-data">{t('explore.incidentFlows.none')}</p></>;
  const rows = [...answer.observations].sort((a, b) => String(a.TIME_PERIOD).localeCompare(String(b.TIME_PERIOD)));
  const periods = rows.map((o) => String(o.TIME_PERIOD));
  const series: Series[] = [
    { key: 'SPLIT', label: t(`explore.incidentFlows.split.${state.flow}`), values: rows.map((o) => o.OBS_VALUE), suppressed: rows.map(() => false) },
    { key: 'UNSPLIT', label: t('explore.incidentFlows.unsplit'), values: rows.map((o) => Number(o.DEAD_OR_MISSING ?? 0)), suppressed: rows.map(() => false) },
  ];
  const sum = (vals: (number | null)[]) => vals.reduce<number>((a, v) => a + (v ?? 0), 0);
  const splitKnown = rows.some((o) => o.OBS_VALUE !== null);
  const summary = [
    t('explore.incidentFlows.summary', { split: text.number(sum(series[0]!.values)), unsplit: text.number(sum(series[1]!.values)), from: text.period(periods[0]!), to: text.period(periods[periods.length - 1]!) }),
    splitKnown ? '' : t('explore.incidentFlows.neverSplit'),
  ].filter(Boolean).join(' ');
  const table: TableAlt = {
    head: [text.xTitle, series[0]!.label, series[1]!.label, t('explore.incidentFlows.incidents')],
    rows: rows.map((o, i) => ({ key: periods[i]!, cells: [text.period(periods[i]!), o.OBS_VALUE === null ? '—' : text.number(o.OBS_VALUE), text.number(Number(o.DEAD_OR_MISSING ?? 0)), text.number(Number(o.INCIDENTS ?? 0))] })),
  };
  return (
    <>
      {note}
      <ChartFigure title={title} summary={summary} hasSuppressed={false} releases={[]} source={answer.incidents?.source} table={table} fileName={`observatorio-${state.flow.toLowerCase()}`} legend={series.map((s) => ({ key: s.key, label: s.label }))}>
        {(ids) => <TimeChart kind={state.chart === 'line' ? 'line' : 'bars'} xLabels={periods.map(text.period)} series={series} text={text} titleId={ids.titleId} descId={ids.descId} svgRef={ids.svgRef} />}
      </ChartFigure>
    </>
  );
}
