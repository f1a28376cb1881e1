import type { Actor } from '../../platform/http/context.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { t, type Locale } from '../../platform/i18n/index.ts';
import { CRM_MEMBERS, CSM_MEMBERS, type ReferenceService } from '../reference/index.ts';
import type { PracticesService } from '../practices/index.ts';
import type { CommitmentsDashboard, CommitmentsService } from '../commitments/index.ts';
import type { IncidentQueries } from '../incidents/index.ts';
import type { ObservatoryService } from '../observatory/index.ts';
import { figuresFor, OBJECTIVE_COUNT } from './figures.ts';
import { countryFlowCoverage, flowFigure, incidentsFigure, type FlowFigure, type IncidentsFigure } from './observatory-figures.ts';
import type { IndicatorsPort } from './indicators.ts';
import { indicatorsOf, indicatorsOfCountry } from './indicators.ts';

/** The member states of the two conferences: the countries whose gap an objective page names. */
export const MEMBERS: readonly string[] = [...new Set([...CRM_MEMBERS, ...CSM_MEMBERS])].sort();

export interface ObjectivesDeps {
  reference: ReferenceService;
  practices: PracticesService;
  commitments: CommitmentsService;
  dashboard: CommitmentsDashboard;
  incidents: IncidentQueries;
  observatory: ObservatoryService;
  indicators?: IndicatorsPort;
}

const NO_FILTERS = { objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [] };

type ByStatus = Record<string, number>;
function addCounts(into: ByStatus, from: ByStatus): ByStatus {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/**
 * The GCM's 23 objectives as pages: a read-only composition of what the other modules
 * already answer (their index.ts services), as the reader may see it. Nothing here is stored
 * or computed a second way: practices come from the practices search and its coverage
 * matrix, commitments from the commitments services, figures from the data API and the
 * incidents' SDG 10.7.3, indicators from the indicators module.
 */
export class ObjectivesService {
  constructor(private readonly d: ObjectivesDeps) {}

  private async objectiveTitles(locale: Locale) {
    return this.d.reference.objectives(locale);
  }

  /** The 23 with what each holds, for the list and the home page. */
  async list(actor: Actor, locale: Locale) {
    const [objectives, coverage, roadmaps, pledges, outcomes, indicators] = await Promise.all([
      this.objectiveTitles(locale),
      this.d.practices.coverage(),
      this.d.commitments.roadmaps(actor, locale),
      this.d.commitments.pledges(actor, locale),
      this.d.commitments.outcomes({}, locale),
      this.d.indicators ? this.d.indicators.catalogue() : Promise.resolve(null),
    ]);
    return {
      items: objectives.map((o) => {
        const n = o.number;
        const rs = roadmaps.filter((r) => r.objectives.includes(n));
        return {
          number: n,
          title: o.title,
          shortTitle: o.shortTitle,
          practices: coverage.objectives.find((x) => x.objective === n)?.practices ?? 0,
          practiceCountries: new Set(coverage.cells.filter((c) => c.objective === n).map((c) => c.country)).size,
          outcomes: outcomes.filter((x) => x.objectives.includes(n)).length,
          roadmaps: rs.length,
          actions: rs.reduce((s, r) => s + r.actions.total, 0),
          pledges: pledges.filter((p) => p.objectives.includes(n)).length,
          indicators: indicators ? indicators.filter((i) => i.objectives.includes(n)).length : null,
          figures: figuresFor(n).length,
        };
      }),
    };
  }

  /** Everything an objective's page shows, as data. */
  async objective(actor: Actor, n: number, locale: Locale) {
    if (!Number.isInteger(n) || n < 1 || n > OBJECTIVE_COUNT) throw new NotFound('objectives.errors.notFound', { number: String(n), count: OBJECTIVE_COUNT });
    const objectives = await this.objectiveTitles(locale);
    const o = objectives.find((x) => x.number === n);
    if (!o) throw new NotFound('objectives.errors.notFound', { number: String(n), count: OBJECTIVE_COUNT });
    const [countries, coverage, newest, roadmaps, pledges, outcomes, indicators, figures] = await Promise.all([
      this.d.reference.countries(locale),
      this.d.practices.coverage(),
      this.d.practices.search({ ...NO_FILTERS, objectives: [n], sort: 'newest', page: 1, pageSize: 5 }, locale),
      this.d.commitments.roadmaps(actor, locale),
      this.d.commitments.pledges(actor, locale),
      this.d.commitments.outcomes({ objective: n }, locale),
      this.d.indicators ? indicatorsOf(this.d.indicators, n) : Promise.resolve(null),
      this.figures(actor, n, locale),
    ]);
    const names = new Map(countries.map((c) => [c.code, c.name]));
    const name = (code: string) => names.get(code) ?? code;

    const cells = coverage.cells.filter((c) => c.objective === n).sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
    const rs = roadmaps.filter((r) => r.objectives.includes(n));
    const ps = pledges.filter((p) => p.objectives.includes(n));
    const actionsByStatus = rs.reduce<ByStatus>((acc, r) => addCounts(acc, r.actions.byStatus), {});
    const pledgesByStatus = ps.reduce<ByStatus>((acc, p) => addCounts(acc, { [p.status]: 1 }), {});

    // Who is active on the objective: a practice, a roadmap or pledge they are party to, a
    // figure they reported, an indicator value. The members with none of these are the gap.
    const active = new Map<string, { practices: number; roadmaps: number; pledges: number; figures: number; indicators: number }>();
    const bump = (code: string, k: 'practices' | 'roadmaps' | 'pledges' | 'figures' | 'indicators', by = 1) => {
      const a = active.get(code) ?? { practices: 0, roadmaps: 0, pledges: 0, figures: 0, indicators: 0 };
      a[k] += by;
      active.set(code, a);
    };
    for (const c of cells) bump(c.country, 'practices', c.count);
    for (const r of rs) for (const c of new Set([...r.leadCountries, ...r.countries])) bump(c, 'roadmaps');
    for (const p of ps) for (const c of p.countries) bump(c, 'pledges');
    for (const f of figures) if (f.kind === 'flow') for (const c of f.countries) bump(c.country, 'figures');
    if (indicators) for (const c of indicators.countries) bump(c, 'indicators');

    return {
      number: n,
      title: o.title,
      shortTitle: o.shortTitle,
      titles: o.titles,
      previous: n > 1 ? n - 1 : null,
      next: n < OBJECTIVE_COUNT ? n + 1 : null,
      indicators: indicators ? { available: true, items: indicators.items } : { available: false, items: [] },
      practices: {
        total: newest.total,
        countries: cells.map((c) => ({ country: c.country, name: name(c.country), practices: c.count })),
        newest: newest.items.map((p) => ({ id: p.id, slug: p.slug, title: p.title, kind: p.kind, countries: p.countries, publishedAt: p.publishedAt })),
        searchUrl: `/practices?objective=${n}`,
      },
      commitments: {
        outcomes: { total: outcomes.length, items: outcomes.slice(0, 5).map((x) => ({ id: x.id, key: x.key, kind: x.kind, text: x.text, textLanguage: x.textLanguage, meeting: x.meeting })) },
        roadmaps: rs.map((r) => ({ id: r.id, title: r.title, countries: [...new Set([...r.leadCountries, ...r.countries])], actions: r.actions })),
        actions: { total: rs.reduce((s, r) => s + r.actions.total, 0), byStatus: actionsByStatus },
        pledges: { total: ps.length, byStatus: pledgesByStatus, items: ps.map((p) => ({ id: p.id, title: p.title, status: p.status, kind: p.kind, countries: p.countries })) },
      },
      figures,
      countries: {
        active: [...active.entries()]
          .map(([code, a]) => ({ country: code, name: name(code), member: MEMBERS.includes(code), ...a }))
          .sort((x, y) => x.name.localeCompare(y.name, locale)),
        gap: MEMBERS.filter((c) => !active.has(c))
          .map((c) => ({ country: c, name: name(c) }))
          .sort((x, y) => x.name.localeCompare(y.name, locale)),
      },
      source: t(locale, 'objectives.source'),
    };
  }

  private async figures(actor: Actor, n: number, locale: Locale): Promise<(IncidentsFigure | FlowFigure)[]> {
    const out: (IncidentsFigure | FlowFigure)[] = [];
    for (const f of figuresFor(n)) {
      if (f.kind === 'incidents') out.push(await incidentsFigure(this.d.incidents, actor, locale));
      else out.push(await flowFigure(this.d.observatory, actor, f.flow, locale));
    }
    return out;
  }

  /** A country's GCM picture: indicators, practices, commitments and data coverage. */
  async country(actor: Actor, code: string, locale: Locale) {
    const c = await this.d.reference.country(code, locale);
    const [objectives, coverage, practices, commitments, flows, indicators] = await Promise.all([
      this.objectiveTitles(locale),
      this.d.practices.coverage(),
      this.d.practices.search({ ...NO_FILTERS, countries: [c.code], sort: 'newest', page: 1, pageSize: 10 }, locale),
      this.d.dashboard.country(actor, c.code, locale),
      countryFlowCoverage(this.d.observatory, actor, c.code, locale),
      this.d.indicators ? indicatorsOfCountry(this.d.indicators, c.code) : Promise.resolve(null),
    ]);
    const roadmaps = [...commitments.leads, ...commitments.participates];
    const perObjective = objectives.map((o) => {
      const n = o.number;
      return {
        number: n,
        shortTitle: o.shortTitle,
        practices: coverage.cells.find((x) => x.objective === n && x.country === c.code)?.count ?? 0,
        roadmaps: roadmaps.filter((r) => r.objectives.includes(n)).length,
        pledges: commitments.pledges.filter((p) => p.objectives.includes(n)).length,
        indicators: indicators ? indicators.items.filter((i) => i.objectives.includes(n) && i.latest !== null).length : 0,
        figures: figuresFor(n).some((f) => f.kind === 'flow' && flows.some((x) => x.flow === f.flow)),
      };
    });
    const actionsByStatus = commitments.actions.reduce<ByStatus>((acc, a) => addCounts(acc, { [a.status]: 1 }), {});
    return {
      country: { code: c.code, name: c.name, memberships: c.memberships },
      indicators: indicators ? { available: true, items: indicators.items } : { available: false, items: [] },
      practices: {
        total: practices.total,
        items: practices.items.map((p) => ({ id: p.id, slug: p.slug, title: p.title, kind: p.kind, objectives: p.objectives, publishedAt: p.publishedAt })),
        searchUrl: `/practices?country=${c.code}`,
      },
      commitments: {
        leads: commitments.leads.length,
        participates: commitments.participates.length,
        roadmaps: roadmaps.map((r) => ({ id: r.id, title: r.title, objectives: r.objectives, lead: commitments.leads.some((x) => x.id === r.id) })),
        actions: { total: commitments.actions.length, overdue: commitments.overdue.length, byStatus: actionsByStatus },
        pledges: commitments.pledges.map((p) => ({ id: p.id, title: p.title, status: p.status, objectives: p.objectives })),
        url: `/commitments/countries/${c.code}`,
      },
      coverage: { flows },
      objectives: perObjective,
      objectivesWithNothing: perObjective.filter((o) => !o.practices && !o.roadmaps && !o.pledges && !o.indicators && !o.figures).map((o) => o.number),
    };
  }
}


