import { ANONYMOUS } from '../../platform/http/context.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import type { PracticesService } from '../practices/index.ts';
import type { CommitmentsService } from '../commitments/index.ts';
import type { IndicatorProgress, IndicatorSummary } from '../indicators/index.ts';

/** What the report reads from the indicators module (its IndicatorsReader answers this). */
export interface ReviewIndicators {
  catalogue(o?: { objective?: number; includeRetired?: boolean }): Promise<IndicatorSummary[]>;
  progress(o?: { codes?: string[]; objectives?: number[]; countries?: string[]; asOf?: Date }): Promise<IndicatorProgress[]>;
}

export interface PracticeFact {
  title: string;
  kind: string;
  countries: string[];
  objectives: number[];
  publishedAt: string | null;
}
export interface RoadmapFact {
  title: string;
  countries: string[];
  objectives: number[];
  actions: number;
  byStatus: Record<string, number>;
}
export interface PledgeFact {
  title: string;
  countries: string[];
  objectives: number[];
  status: string;
}

/**
 * Everything the report is built from, read through the other modules' public surfaces
 * (index.ts) as a reader who is not signed in would read it: the report is a public document,
 * so it holds only published practices, public roadmaps and pledges, and validated values.
 */
export class ReviewSources {
  constructor(
    private readonly reference: ReferenceService,
    private readonly practicesService: PracticesService,
    private readonly commitments: CommitmentsService,
    readonly indicators: ReviewIndicators,
  ) {}

  async objectives(locale: Locale): Promise<{ number: number; title: string }[]> {
    return (await this.reference.objectives(locale)).map((o) => ({ number: o.number, title: o.title }));
  }

  /** Member countries of the CRM and the CSM (or of one of them), with their names. */
  async members(locale: Locale, membership?: 'CRM' | 'CSM'): Promise<{ code: string; name: string; memberships: string[] }[]> {
    const all = await this.reference.countries(locale, membership);
    return all.filter((c) => c.memberships.length > 0).map((c) => ({ code: c.code, name: c.name, memberships: c.memberships }));
  }

  async countryNames(locale: Locale): Promise<Map<string, string>> {
    return new Map((await this.reference.countries(locale)).map((c) => [c.code, c.name]));
  }

  async practices(locale: Locale): Promise<PracticeFact[]> {
    const filters = { objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [] };
    const r = await this.practicesService.search({ ...filters, sort: 'newest', page: 1, pageSize: 100_000 }, locale);
    return r.items.map((p) => ({ title: p.title, kind: p.kind, countries: p.countries, objectives: p.objectives, publishedAt: p.publishedAt }));
  }

  async roadmaps(locale: Locale): Promise<RoadmapFact[]> {
    return (await this.commitments.roadmaps(ANONYMOUS, locale)).map((r) => ({
      title: r.title,
      countries: r.countries,
      objectives: r.objectives,
      actions: r.actions.total,
      byStatus: r.actions.byStatus,
    }));
  }

  async pledges(locale: Locale): Promise<PledgeFact[]> {
    return (await this.commitments.pledges(ANONYMOUS, locale)).map((p) => ({ title: p.title, countries: p.countries, objectives: p.objectives, status: p.status }));
  }
}
