import type { HomeAnswer } from '../../../shared/contracts/home.ts';
import { ANONYMOUS } from '../../platform/http/context.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { CommitmentsService } from '../commitments/index.ts';
import type { ObservatoryService, PublicDataReader } from '../observatory/index.ts';
import type { PracticesService } from '../practices/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import { flowFigures } from './figures.ts';

/** How many of each kind of news the home lists (each list links to the whole). */
export const NEWEST = 4;
const DATAFLOW = 'MIG_FLOWS';

export interface HomeSources {
  reader: PublicDataReader;
  observatory: ObservatoryService;
  practices: PracticesService;
  commitments: CommitmentsService;
  reference: ReferenceService;
  /** the countries whose figures make "the region" (members of the two conferences) */
  members: readonly string[];
}

/** The answer's shape is the shared contract (ADR 0027); the web reads the same type. */
export type { HomeAnswer };

/**
 * The public home page (issue 21, item 1): the region's latest figures, the newest releases,
 * practices and commitments. Everything is read as the public reads it, whoever asks — the
 * home is the same page for everyone and shows no internal counters.
 */
export class HomeService {
  constructor(private readonly s: HomeSources) {}

  async home(locale: Locale): Promise<HomeAnswer> {
    const [answer, structure, practices, roadmaps, pledges, objectives, countries] = await Promise.all([
      this.s.reader.ask({ filters: {}, groupBy: ['FLOW', 'REF_AREA', 'TIME_PERIOD'], timeAggregation: 'month' }),
      this.s.observatory.dataflow(DATAFLOW, locale),
      this.s.practices.search({ objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [], sort: 'newest', page: 1, pageSize: NEWEST }, locale),
      this.s.commitments.roadmaps(ANONYMOUS, locale),
      this.s.commitments.pledges(ANONYMOUS, locale),
      this.s.reference.objectives(locale),
      this.s.reference.countries(locale),
    ]);
    const names = new Map((structure.dimensions.find((d) => d.id === 'FLOW')?.codes ?? []).map((c) => [c.id, c.name]));
    // One line per country: its newest release (a country releasing twice in a row is one piece of news).
    const seen = new Set<string>();
    const releases = [...answer.releases]
      .sort((a, b) => b.releasedAt.localeCompare(a.releasedAt) || a.country.localeCompare(b.country))
      .filter((r) => (seen.has(r.country) ? false : (seen.add(r.country), true)))
      .slice(0, NEWEST);
    const out = {
      members: this.s.members.length,
      figures: flowFigures(answer.observations, this.s.members).map((f) => ({ ...f, name: names.get(f.flow) ?? f.flow })),
      releases,
      practices: practices.items.map((p) => ({ slug: p.slug, title: p.title, countries: p.countries, publishedAt: p.publishedAt })),
      roadmaps: [...roadmaps]
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .slice(0, NEWEST)
        .map((r) => ({ id: r.id, title: r.title, countries: [...new Set([...r.leadCountries, ...r.countries])], updatedAt: r.updatedAt })),
      // Pledges have no date of their own: the repository's order (newest first) is kept.
      pledges: pledges.slice(0, NEWEST).map((p) => ({ id: p.id, title: p.title, countries: p.countries, status: p.status })),
      objectives: objectives.map((o) => ({ number: o.number, title: o.title })),
    };
    // Only the names the page shows: the whole list would weigh on every first load.
    const mentioned = new Set([...out.releases, ...out.practices, ...out.roadmaps, ...out.pledges].flatMap((x) => ('country' in x ? [x.country] : x.countries)));
    const countryNames = Object.fromEntries(countries.filter((c) => mentioned.has(c.code)).map((c) => [c.code, c.name]));
    return { ...out, countryNames };
  }
}
