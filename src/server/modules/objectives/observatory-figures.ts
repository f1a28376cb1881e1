import type { Actor } from '../../platform/http/context.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import type { IncidentQueries } from '../incidents/index.ts';
import type { ObservatoryService } from '../observatory/index.ts';
import type { FlowCode } from './figures.ts';

const DATAFLOW = 'MIG_FLOWS';

export interface IncidentsFigure {
  kind: 'incidents';
  indicator: 'SDG 10.7.3';
  title: string;
  /** People dead or missing during migration in the Americas, per year (verified records the reader may see). */
  series: { year: number; value: number; incidents: number }[];
  /** The same per country of incident, for the latest year of the series. */
  latestYear: number | null;
  byCountry: { country: string; value: number; incidents: number }[];
  link: string;
  source: string;
}

export interface FlowFigure {
  kind: 'flow';
  flow: FlowCode;
  title: string;
  /** Per reporting country: its latest year with figures, the sum of that year, how many months it holds. */
  countries: { country: string; year: string; value: number | null; suppressed: boolean; months: number }[];
  /** Per year, the sum of the countries' figures that year (only years where no cell is suppressed). */
  years: { year: string; value: number | null; countries: number }[];
  link: string;
  /** Who produced the figures (the data API's source lines) and the releases they come from. */
  producers: { country: string; producer: string | null }[];
  releases: { id: string; country: string; releasedAt: string }[];
}

/** SDG 10.7.3 from the incidents module: the Americas per year, and per country for the latest year. */
export async function incidentsFigure(incidents: IncidentQueries, actor: Actor, locale: Locale): Promise<IncidentsFigure> {
  const [total, byCountry] = await Promise.all([
    incidents.sdg1073(actor, { region: 'americas' }, 'total', 'year'),
    incidents.sdg1073(actor, { region: 'americas' }, 'country', 'year'),
  ]);
  const series = total.map((r) => ({ year: Number(r.year), value: Number(r.value), incidents: Number(r.incidents) }));
  const latestYear = series.length ? series[series.length - 1]!.year : null;
  return {
    kind: 'incidents',
    indicator: 'SDG 10.7.3',
    title: t(locale, 'incidents.sdg1073'),
    series,
    latestYear,
    byCountry: byCountry
      .filter((r) => Number(r.year) === latestYear)
      .map((r) => ({ country: String(r.key), value: Number(r.value), incidents: Number(r.incidents) }))
      .sort((a, b) => b.value - a.value || a.country.localeCompare(b.country)),
    link: '/observatory/missing-migrants',
    source: t(locale, 'incidents.download.source'),
  };
}

type Obs = Record<string, unknown> & { OBS_VALUE: number | null; CONF_STATUS: 'F' | 'C' };

/** Per year of each country: sum, months with a figure, any suppressed cell. Annual periods ('2024') count as a whole year. */
function byCountryYear(observations: Obs[]) {
  const m = new Map<string, Map<string, { value: number; months: number; suppressed: boolean }>>();
  for (const o of observations) {
    const country = String(o.REF_AREA);
    const period = String(o.TIME_PERIOD);
    const year = period.slice(0, 4);
    const years = m.get(country) ?? new Map<string, { value: number; months: number; suppressed: boolean }>();
    const y = years.get(year) ?? { value: 0, months: 0, suppressed: false };
    if (o.OBS_VALUE === null) y.suppressed = true;
    else y.value += o.OBS_VALUE;
    y.months += period.length === 4 ? 12 : 1;
    years.set(year, y);
    m.set(country, years);
  }
  return m;
}

/** One MIG_FLOWS flow as the data API answers it to this reader: per country and year. */
export async function flowFigure(observatory: ObservatoryService, actor: Actor, flow: FlowCode, locale: Locale): Promise<FlowFigure> {
  const [answer, structure] = await Promise.all([
    observatory.data(actor, DATAFLOW, { filters: { FLOW: [flow] }, groupBy: ['REF_AREA', 'TIME_PERIOD'], timeAggregation: 'month' }),
    observatory.dataflow(DATAFLOW, locale),
  ]);
  const title = structure.dimensions.find((d) => d.id === 'FLOW')?.codes.find((c) => c.id === flow)?.name ?? flow;
  const per = byCountryYear(answer.body.observations);
  const countries = [...per.entries()]
    .map(([country, years]) => {
      const latest = [...years.keys()].sort().pop()!;
      const y = years.get(latest)!;
      return { country, year: latest, value: y.suppressed ? null : y.value, suppressed: y.suppressed, months: Math.min(12, y.months) };
    })
    .sort((a, b) => a.country.localeCompare(b.country));
  const allYears = new Map<string, { value: number | null; countries: number }>();
  for (const years of per.values()) {
    for (const [year, y] of years) {
      const cur = allYears.get(year) ?? { value: 0, countries: 0 };
      cur.countries++;
      cur.value = cur.value === null || y.suppressed ? null : cur.value + y.value;
      allYears.set(year, cur);
    }
  }
  const producers = answer.body.sources.map((s) => ({ country: s.country, producer: s.producer ? (s.producer[locale] ?? s.producer.es ?? null) : null }));
  return {
    kind: 'flow',
    flow,
    title,
    countries,
    years: [...allYears.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([year, v]) => ({ year, ...v })),
    link: `/observatory/explorer?flow=${flow}`,
    producers,
    releases: answer.body.releases.map((r) => ({ id: r.id, country: r.country, releasedAt: r.releasedAt })),
  };
}

/** A country's data coverage: each flow it has figures for, first and last period, months. */
export async function countryFlowCoverage(observatory: ObservatoryService, actor: Actor, country: string, locale: Locale) {
  const [answer, structure] = await Promise.all([
    observatory.data(actor, DATAFLOW, { filters: { REF_AREA: [country] }, groupBy: ['FLOW', 'TIME_PERIOD'], timeAggregation: 'month' }),
    observatory.dataflow(DATAFLOW, locale),
  ]);
  const names = new Map((structure.dimensions.find((d) => d.id === 'FLOW')?.codes ?? []).map((c) => [c.id, c.name]));
  const flows = new Map<string, { first: string; last: string; periods: number }>();
  for (const o of answer.body.observations as Obs[]) {
    const f = String(o.FLOW);
    const p = String(o.TIME_PERIOD);
    const cur = flows.get(f);
    if (!cur) flows.set(f, { first: p, last: p, periods: 1 });
    else {
      cur.periods++;
      if (p < cur.first) cur.first = p;
      if (p > cur.last) cur.last = p;
    }
  }
  return [...flows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([flow, v]) => ({ flow, name: names.get(flow) ?? flow, ...v }));
}
