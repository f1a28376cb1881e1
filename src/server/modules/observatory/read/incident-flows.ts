import { Invalid } from '../../../platform/http/errors.ts';
import { t, type Locale } from '../../../platform/i18n/index.ts';
import { checkFilterCodes } from '../structure/index.ts';
import type { DataAnswer } from './data-service.ts';
import { monthBound, type DataQuery } from './query.ts';
import type { Structure } from '../structure/index.ts';

/**
 * The standard's `MISSING` and `DEAD` flows come from the incidents registry (issue 19), not
 * from countries' submissions: no country sends them, and IOM's Missing Migrants Project is the
 * region's source. The observatory does not read the incidents' tables: it asks this port,
 * which the incidents module implements (`IncidentFlowReader`) and the composition root
 * gives to the service's constructor (`ObservatoryPorts.incidentFlows`, src/server/services.ts).
 *
 * REF_AREA is the country of the incident; TIME_PERIOD its month, quarter or year. No other
 * breakdown exists in the registry: a question keeping one is a 400 saying so. `OBS_VALUE` is
 * the people the sources name as dead (or missing), null where no incident of the cell splits
 * them; `DEAD_OR_MISSING` the people of incidents whose source gives only the sum (IOM's tidy
 * copy, the shipped records, gives only the sum); `INCIDENTS` how many incidents the cell holds.
 */
export const INCIDENT_FLOW_CODES = ['MISSING', 'DEAD'] as const;
type IncidentFlow = (typeof INCIDENT_FLOW_CODES)[number];
type Kept = 'REF_AREA' | 'FLOW' | 'TIME_PERIOD';

export interface IncidentFlowPort {
  cells(q: { flows: IncidentFlow[]; countries?: string[]; start?: string; end?: string; groupBy: Kept[]; interval: 'month' | 'quarter' | 'year' }): Promise<
    { key: Partial<Record<Kept, string>>; value: number | null; deadOrMissing: number; incidents: number }[]
  >;
}

/** Whether the question is about the incidents' flows (only them). Mixed with other flows: a 400. */
export function asksIncidentFlows(s: Structure, q: DataQuery): boolean {
  const flows = q.filters.FLOW ?? [];
  if (s.id !== 'MIG_FLOWS' || flows.length === 0) return false;
  const ours = flows.filter((f) => (INCIDENT_FLOW_CODES as readonly string[]).includes(f));
  if (ours.length === 0) return false;
  if (ours.length !== flows.length) throw new Invalid([{ path: 'FLOW', key: 'observatory.incidentFlows.mixed' }]);
  return true;
}

export interface IncidentFlowsNote {
  /** what these figures are and where they come from, in the reader's language */
  note: string;
  source: string;
  /** the public page of the registry */
  link: string;
}

export async function answerFromIncidents(port: IncidentFlowPort, s: Structure, q: DataQuery, locale: Locale) {
  checkFilterCodes(s, q.filters);
  const dimName = (d: string) => s.byId.get(d)?.name?.[locale] ?? d;
  for (const d of q.groupBy) {
    if (d !== 'REF_AREA' && d !== 'FLOW' && d !== 'TIME_PERIOD') throw new Invalid([{ path: 'groupBy', key: 'observatory.incidentFlows.noBreakdown', params: { dimension: dimName(d) } }]);
  }
  for (const [d, codes] of Object.entries(q.filters)) {
    if (d === 'REF_AREA' || d === 'FLOW' || !codes?.length) continue;
    if (codes.some((c) => c !== '_T')) throw new Invalid([{ path: d, key: 'observatory.incidentFlows.noBreakdown', params: { dimension: dimName(d) } }]);
  }
  if (q.timeAggregation === 'fiscalYear') throw new Invalid([{ path: 'timeAggregation', key: 'observatory.incidentFlows.noFiscalYear' }]);
  if (q.perCapita || q.releaseId || q.asOf) throw new Invalid([{ path: q.perCapita ? 'perCapita' : q.releaseId ? 'release' : 'asOf', key: 'observatory.incidentFlows.noReleases' }]);
  const cells = await port.cells({
    flows: q.filters.FLOW as IncidentFlow[],
    countries: q.filters.REF_AREA,
    start: q.startPeriod ? (monthBound(q.startPeriod, false) ?? undefined) : undefined,
    end: q.endPeriod ? (monthBound(q.endPeriod, true) ?? undefined) : undefined,
    groupBy: q.groupBy as Kept[],
    interval: q.timeAggregation,
  });
  const observations = cells.map((c) => ({ ...c.key, OBS_VALUE: c.value, CONF_STATUS: 'F' as const, DEAD_OR_MISSING: c.deadOrMissing, INCIDENTS: c.incidents }));
  const incidents: IncidentFlowsNote = {
    note: t(locale, 'observatory.incidentFlows.note'),
    source: t(locale, 'incidents.download.source'),
    link: '/observatory/missing-migrants',
  };
  return {
    structure: s,
    rollup: false,
    cube: false,
    // Incidents change when verified (not through releases): no entity tag; shared caches keep a minute.
    etag: null,
    notModified: false as const,
    body: { dataflow: s.urn, releases: [], sources: [], incidents, observations },
  } as unknown as DataAnswer;
}
