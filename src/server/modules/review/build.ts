import { t, type Locale, dynamicKey } from '../../platform/i18n/index.ts';
import { BASELINE_YEAR, MIN_POINTS, REGION, SIGNIFICANT, type IndicatorPoint, type IndicatorProgress, type IndicatorSummary } from '../indicators/index.ts';
import { SUPPRESSION_THRESHOLD } from '../observatory/index.ts';
import { MODEL_VERSION, type Citation, type Figure, type IndicatorBlock, type IndicatorRow, type ObjectiveSection, type ReportModel, type ReportParams, type RowStatus, type StatusChart } from './model.ts';
import type { PledgeFact, PracticeFact, ReviewSources, RoadmapFact } from './sources.ts';

/** The order statuses take in tables' summaries, the chart and its legend. */
export const STATUS_ORDER: RowStatus[] = [
  'significant_progress',
  'moderate_progress',
  'moderate_away',
  'significant_away',
  'no_direction',
  'policy_yes',
  'policy_partial',
  'policy_no',
  'insufficient_data',
  'no_data',
];
const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'blocked', 'cancelled'];
const HIGHLIGHTED_PRACTICES = 5;

export interface ResolvedScope {
  countries: { code: string; name: string }[];
  objectives: { number: number; title: string }[];
}

/** Turns the secretariat's choice into the objectives and countries it names (the reference module knows memberships). */
export async function resolveScope(sources: ReviewSources, p: ReportParams): Promise<ResolvedScope> {
  const objectives = (await sources.objectives(p.language)).filter((o) => p.objectives.includes(o.number)).sort((a, b) => a.number - b.number);
  let countries: { code: string; name: string }[];
  if (p.countryScope === 'some') {
    const names = await sources.countryNames(p.language);
    countries = [...new Set(p.countries ?? [])].map((code) => ({ code, name: names.get(code) ?? code }));
  } else {
    countries = (await sources.members(p.language, p.countryScope === 'all' ? undefined : p.countryScope)).map((c) => ({ code: c.code, name: c.name }));
  }
  const collator = new Intl.Collator(p.language);
  countries.sort((a, b) => collator.compare(a.name, b.name));
  return { countries, objectives };
}

class Formatter {
  private readonly num: Intl.NumberFormat;
  private readonly pct: Intl.NumberFormat;
  private readonly date: Intl.DateTimeFormat;
  private readonly short: Intl.DateTimeFormat;
  constructor(readonly locale: Locale) {
    this.num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    this.pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
    this.date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    this.short = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  }
  number(v: number): string {
    return this.num.format(v);
  }
  rate(v: number): string {
    return this.pct.format(v);
  }
  shortDay(iso: string): string {
    return this.short.format(new Date(iso));
  }
  day(iso: string | Date): string {
    return this.date.format(typeof iso === 'string' ? new Date(iso) : iso);
  }
}

/** Citations numbered in the order figures first appear; one per indicator value revision. */
class Citations {
  readonly list: Citation[] = [];
  private readonly byRevision = new Map<number, number>();
  constructor(private readonly f: Formatter) {}
  cite(p: IndicatorPoint, indicator: IndicatorSummary, countryName: string): number {
    const known = this.byRevision.get(p.revisionId);
    if (known) return known;
    const n = this.list.length + 1;
    const l = this.f.locale;
    const source: string[] = [];
    if (p.source.releases?.length) source.push(t(l, 'review.cite.releases', { list: p.source.releases.join(', ') }));
    if (p.source.file) source.push(t(l, 'review.cite.file', { file: p.source.file }));
    if (p.source.note) source.push(p.source.note);
    if (p.source.evidenceUrl) source.push(p.source.evidenceUrl);
    this.list.push({
      n,
      what: `${indicator.code} · ${countryName} · ${p.period}`,
      revision: t(l, 'review.cite.revision', { id: p.revisionId, date: this.f.shortDay(p.recordedAt) }),
      origin: t(l, `review.originShort.${p.origin}`),
      source: source.join('; ') || '—',
    });
    this.byRevision.set(p.revisionId, n);
    return n;
  }
}

function indicatorName(i: IndicatorSummary, locale: Locale): { name: string; draft: boolean } {
  if (locale === 'en') return { name: i.name.en, draft: false };
  return i.name.es ? { name: i.name.es, draft: i.nameEsDraft } : { name: i.name.en, draft: true };
}

function within(p: IndicatorPoint | null, from: number, to: number): boolean {
  if (!p) return false;
  const y = Number(p.period.slice(0, 4));
  return y >= from && y <= to;
}

export interface BuildInput {
  params: ReportParams;
  asOf: Date;
  scope: ResolvedScope;
  catalogue: IndicatorSummary[];
  progress: IndicatorProgress[];
  practices: PracticeFact[];
  roadmaps: RoadmapFact[];
  pledges: PledgeFact[];
}

/** Reads every source once for the whole report (a handful of queries, whatever the scope). */
export async function gather(sources: ReviewSources, params: ReportParams, asOf: Date): Promise<BuildInput> {
  const scope = await resolveScope(sources, params);
  const catalogue = (await sources.indicators.catalogue()).filter((i) => !i.retired && i.objectives.some((o) => params.objectives.includes(o)));
  const [progress, practices, roadmaps, pledges] = await Promise.all([
    catalogue.length ? sources.indicators.progress({ codes: catalogue.map((i) => i.code), countries: [...scope.countries.map((c) => c.code), REGION], asOf }) : Promise.resolve([]),
    sources.practices(params.language),
    sources.roadmaps(params.language),
    sources.pledges(params.language),
  ]);
  return { params, asOf, scope, catalogue, progress, practices, roadmaps, pledges };
}

/** The document model: pure, from what gather() read. */
export function buildModel(input: BuildInput): ReportModel {
  const { params, scope } = input;
  const l = params.language;
  const f = new Formatter(l);
  const asOf = input.asOf.toISOString();
  const citations = new Citations(f);
  const inScope = new Set(scope.countries.map((c) => c.code));
  const touches = (cs: string[]) => cs.some((c) => inScope.has(c));
  const byKey = new Map(input.progress.map((p) => [`${p.code}|${p.country}`, p]));
  const rowCountries = [{ code: REGION, name: t(l, 'review.region') }, ...scope.countries];
  const statusLabel = (s: RowStatus) => t(l, `review.status.${s}`);
  const asOfTime = input.asOf.getTime();
  const practices = input.practices.filter((p) => !p.publishedAt || Date.parse(p.publishedAt) <= asOfTime);

  const totals = new Map<RowStatus, number>();
  let pairs = 0;
  let pairsWithData = 0;
  const practiceIds = new Set<PracticeFact>();
  const roadmapSet = new Set<RoadmapFact>();
  const pledgeSet = new Set<PledgeFact>();

  const sections: ObjectiveSection[] = scope.objectives.map((o) => {
    const indicators = input.catalogue.filter((i) => i.objectives.includes(o.number));
    const withData = new Set<string>();
    const emptyIndicators: string[] = [];
    const blocks: IndicatorBlock[] = indicators.map((ind) => {
      const { name, draft } = indicatorName(ind, l);
      const rows: IndicatorRow[] = rowCountries.map((c) => {
        const pr = byKey.get(`${ind.code}|${c.code}`);
        const inPeriod = pr !== undefined && within(pr.latest, params.from, params.to);
        const figure = (p: IndicatorPoint | null): Figure | null => {
          if (!p) return null;
          const text = p.answer ? t(l, `review.answer.${p.answer}`) : p.value === null ? '—' : f.number(p.value);
          return { text, period: p.period, cite: citations.cite(p, ind, c.name) };
        };
        const status: RowStatus = inPeriod ? pr.status : 'no_data';
        if (c.code !== REGION) {
          pairs++;
          if (inPeriod) {
            pairsWithData++;
            withData.add(c.code);
          }
          totals.set(status, (totals.get(status) ?? 0) + 1);
        }
        return {
          country: c.code,
          countryName: c.name,
          baseline: inPeriod ? figure(pr.baseline) : null,
          latest: inPeriod ? figure(pr.latest) : null,
          status,
          statusLabel: statusLabel(status),
          cagr: inPeriod && pr.cagr !== null ? f.rate(pr.cagr) : null,
        };
      });
      if (!rows.some((r) => r.status !== 'no_data')) emptyIndicators.push(ind.code);
      const provenance = [
        ind.official ? t(l, 'review.provenance.official') : t(l, 'review.provenance.proposed'),
        ind.sdg ? t(l, 'review.provenance.sdg', { sdg: ind.sdg }) : null,
        ind.custodian ? t(l, 'review.provenance.custodian', { custodian: ind.custodian }) : null,
      ].filter((x): x is string => x !== null);
      return { code: ind.code, name, nameDraft: draft, unit: ind.unit, directionLabel: t(l, `review.direction.${ind.direction}`), provenance: provenance.join(' · '), rows };
    });

    const chart: StatusChart = {
      title: t(l, 'review.chartTitle', { n: o.number }),
      bars: blocks.map((b) => {
        const counts = new Map<RowStatus, number>();
        for (const r of b.rows) if (r.country !== REGION) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
        return { label: b.code, segments: STATUS_ORDER.filter((s) => counts.has(s)).map((s) => ({ status: s, count: counts.get(s) ?? 0 })) };
      }),
      legend: [],
    };
    const present = new Set(chart.bars.flatMap((b) => b.segments.map((s) => s.status)));
    chart.legend = STATUS_ORDER.filter((s) => present.has(s)).map((s) => ({ status: s, label: statusLabel(s) }));

    const onObjective = practices.filter((p) => p.objectives.includes(o.number) && touches(p.countries));
    for (const p of onObjective) practiceIds.add(p);
    const practiceCountries = new Set(onObjective.flatMap((p) => p.countries.filter((c) => inScope.has(c))));
    const names = new Map(scope.countries.map((c) => [c.code, c.name]));
    const nameList = (codes: Iterable<string>) => [...codes].map((c) => names.get(c) ?? c).join(', ');

    const roadmaps = input.roadmaps.filter((r) => r.objectives.includes(o.number) && touches(r.countries));
    const pledges = input.pledges.filter((p) => p.objectives.includes(o.number) && touches(p.countries));
    for (const r of roadmaps) roadmapSet.add(r);
    for (const p of pledges) pledgeSet.add(p);
    const byStatus = (m: Record<string, number>) => ACTION_STATUSES.filter((s) => (m[s] ?? 0) > 0).map((s) => ({ status: s, label: t(l, dynamicKey(`commitments.status.${s}`)), count: m[s] ?? 0 }));
    const actionTotals: Record<string, number> = {};
    for (const r of roadmaps) for (const [s, n] of Object.entries(r.byStatus)) actionTotals[s] = (actionTotals[s] ?? 0) + n;

    const gaps: string[] = [];
    if (!indicators.length) gaps.push(t(l, 'review.gap.noIndicator'));
    const silent = scope.countries.filter((c) => !withData.has(c.code));
    if (indicators.length && silent.length) gaps.push(t(l, 'review.gap.countriesWithoutValues', { n: silent.length, total: scope.countries.length, list: silent.map((c) => c.name).join(', ') }));
    if (emptyIndicators.length) gaps.push(t(l, 'review.gap.indicatorsWithoutValues', { n: emptyIndicators.length, list: emptyIndicators.join(', ') }));
    const noPractice = scope.countries.filter((c) => !practiceCountries.has(c.code));
    if (noPractice.length) gaps.push(t(l, 'review.gap.countriesWithoutPractice', { n: noPractice.length, list: noPractice.map((c) => c.name).join(', ') }));
    if (!roadmaps.length && !pledges.length) gaps.push(t(l, 'review.gap.noCommitment'));

    return {
      key: `objective-${o.number}`,
      number: o.number,
      title: o.title,
      indicators: blocks,
      chart,
      practices: {
        total: onObjective.length,
        countries: nameList(practiceCountries),
        highlighted: onObjective.slice(0, HIGHLIGHTED_PRACTICES).map((p) => ({
          title: p.title,
          countries: p.countries.map((c) => names.get(c) ?? c).join(', '),
          kind: t(l, dynamicKey(`practiceKind.${p.kind}`)),
          published: p.publishedAt ? f.day(p.publishedAt) : null,
        })),
      },
      commitments: {
        roadmaps: roadmaps.map((r) => ({ title: r.title, actions: r.actions, byStatus: byStatus(r.byStatus) })),
        actionsByStatus: byStatus(actionTotals),
        pledges: pledges.map((p) => ({ title: p.title, countries: p.countries.map((c) => names.get(c) ?? c).join(', '), status: p.status, statusLabel: t(l, dynamicKey(`commitments.status.${p.status}`)) })),
      },
      gaps,
    };
  });

  const count = (s: RowStatus) => f.number(totals.get(s) ?? 0);
  const actions = [...roadmapSet].reduce((a, r) => a + r.actions, 0);
  const done = [...roadmapSet].reduce((a, r) => a + (r.byStatus.done ?? 0), 0);
  const indicatorCount = new Set(sections.flatMap((s) => s.indicators.map((i) => i.code))).size;
  const summary = [
    { label: t(l, 'review.figure.objectives'), value: f.number(sections.length) },
    { label: t(l, 'review.figure.countries'), value: f.number(scope.countries.length) },
    { label: t(l, 'review.figure.indicators'), value: f.number(indicatorCount) },
    { label: t(l, 'review.figure.pairsWithData'), value: t(l, 'review.figure.ofTotal', { n: f.number(pairsWithData), total: f.number(pairs) }) },
    ...STATUS_ORDER.filter((s) => (totals.get(s) ?? 0) > 0).map((s) => ({ label: statusLabel(s), value: count(s) })),
    { label: t(l, 'review.figure.practices'), value: f.number(practiceIds.size) },
    { label: t(l, 'review.figure.roadmapActions'), value: t(l, 'review.figure.actionsDone', { n: f.number(actions), done: f.number(done) }) },
    { label: t(l, 'review.figure.pledges'), value: f.number(pledgeSet.size) },
  ];

  const scopeText = params.countryScope === 'some' ? scope.countries.map((c) => c.name).join(', ') : t(l, `review.scope.${params.countryScope}`);
  return {
    version: MODEL_VERSION,
    language: l,
    title: params.title,
    subtitle: t(l, 'review.subtitle'),
    asOf,
    asOfText: f.day(asOf),
    scopeText,
    periodText: `${params.from}–${params.to}`,
    countries: scope.countries,
    summary,
    sections,
    annex: {
      sources: (['indicators', 'observatory', 'practices', 'commitments'] as const).map((k) => t(l, `review.annex.source.${k}`)),
      method: (['baseline', 'cagr', 'minimum', 'policy', 'period'] as const).map((k) =>
        t(l, `review.annex.method.${k}`, { from: params.from, to: params.to, year: BASELINE_YEAR, min: MIN_POINTS, pct: new Intl.NumberFormat(l, { style: 'percent' }).format(SIGNIFICANT) }),
      ),
      suppression: t(l, 'review.annex.suppression', { k: SUPPRESSION_THRESHOLD }),
    },
    citationsIntro: t(l, 'review.cite.intro', { date: f.day(asOf), computed: t(l, 'review.origin.computed'), reported: t(l, 'review.origin.reported'), imported: t(l, 'review.origin.imported') }),
    citations: citations.list,
  };
}
