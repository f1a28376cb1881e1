import type { Database } from '../../platform/db/database.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { PublicDataReader, publicNames, type PublicAnswer } from '../observatory/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import type { Cell, FlowPart, ProfileModel } from './model.ts';
import { lastTwelveMonths } from './numbers.ts';

export const DATAFLOW = 'MIG_FLOWS';
/** The regional minimum disaggregation agreed by the forums (mig-flows.md), as the profile page lists it. */
export const MINIMUM = ['SEX', 'AGE', 'CITIZENSHIP', 'DISABILITY', 'ETHNICITY'] as const;
const TOP = 10;

type Obs = PublicAnswer['observations'][number];
const cell = (o: Obs | undefined): Cell => (o ? { value: o.OBS_VALUE, suppressed: o.CONF_STATUS === 'C' } : null);

/** The same reading as the page's table (src/web/features/explore/minimum.ts). */
function minimumStatus(obs: Obs[], dim: string): 'reported' | 'unknownOnly' | 'notReported' {
  const codes = new Set(obs.map((o) => String(o[dim])));
  codes.delete('_T');
  if ([...codes].some((c) => c !== '_U')) return 'reported';
  return codes.has('_U') ? 'unknownOnly' : 'notReported';
}

/**
 * Reads a country's profile as the public reads it (the data API's own answers, through the
 * observatory's PublicDataReader: released figures only, with the same disclosure): the same
 * questions the profile page asks (src/web/features/explore/CountryPage.tsx).
 */
export async function buildProfile(db: Database, reference: ReferenceService, code: string, l: Locale): Promise<ProfileModel> {
  const country = await reference.country(code, l);
  const c = country.code;
  const names = await publicNames(db, DATAFLOW, l);
  const reader = new PublicDataReader(db, DATAFLOW);
  const trend = await reader.ask({ filters: { REF_AREA: [c] }, groupBy: ['FLOW', 'TIME_PERIOD'], timeAggregation: 'month' });
  const base = { language: l, code: c, countryName: country.name, unit: names.unit, suppressionThreshold: names.suppressionThreshold };
  let latest: string | null = null;
  for (const o of trend.observations) if (typeof o.TIME_PERIOD === 'string' && (latest === null || o.TIME_PERIOD > latest)) latest = o.TIME_PERIOD;
  const releases = trend.releases.filter((r) => r.country === c).map((r) => ({ id: r.id, releasedAt: r.releasedAt }));
  releases.sort((a, b) => a.releasedAt.localeCompare(b.releasedAt) || a.id.localeCompare(b.id));
  // The document's date is the newest release's: the same released data draw the same bytes.
  const asOf = new Date(releases.at(-1)?.releasedAt ?? '2000-01-01T00:00:00Z');
  if (!latest) return { ...base, latest: null, window: null, months: [], flows: [], releases, asOf };

  const months = lastTwelveMonths(latest) ?? [latest];
  const window = { start: months[0]!, end: latest };
  const win = { filters: { REF_AREA: [c] }, startPeriod: window.start, endPeriod: window.end, timeAggregation: 'month' as const };
  const byDim = new Map(await Promise.all(MINIMUM.map(async (d) => [d, (await reader.ask({ ...win, groupBy: ['FLOW', d] })).observations] as const)));
  const flowCodes = [...new Set(trend.observations.map((o) => String(o.FLOW)))].sort((a, b) => names.code('FLOW', a).localeCompare(names.code('FLOW', b), l));
  const flows: FlowPart[] = flowCodes.map((f) => {
    const own = trend.observations.filter((o) => o.FLOW === f);
    const at = (p: string) => cell(own.find((o) => o.TIME_PERIOD === p));
    const nat = (byDim.get('CITIZENSHIP') ?? []).filter((o) => o.FLOW === f && o.CITIZENSHIP !== '_T' && o.CITIZENSHIP !== '_U');
    const nationalities = nat
      .map((o) => ({ code: String(o.CITIZENSHIP), name: names.code('CITIZENSHIP', String(o.CITIZENSHIP)), cell: cell(o) }))
      .sort((a, b) => (b.cell?.value ?? -1) - (a.cell?.value ?? -1) || a.name.localeCompare(b.name, l))
      .slice(0, TOP);
    return {
      code: f,
      name: names.code('FLOW', f),
      latest: at(latest),
      months: months.map(at),
      nationalities,
      minimum: MINIMUM.map((d) => ({ dimension: names.dimension(d), status: minimumStatus((byDim.get(d) ?? []).filter((o) => o.FLOW === f), d) })),
    };
  });
  return { ...base, latest, window, months, flows, releases, asOf };
}
