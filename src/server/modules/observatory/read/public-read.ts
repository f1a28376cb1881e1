import type { Database } from '../../../platform/db/database.ts';
import { pick, type Locale } from '../../../platform/i18n/index.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import { answerData } from './data-service.ts';
import { listPopulation, POPULATION_SOURCE } from './population.ts';
import type { DataQuery, Period } from './query.ts';
import { loadStructure, type DimensionId, type Structure } from '../structure/index.ts';

/**
 * What another module may read of the observatory (the indicators' computations): the data
 * API's own answer to a question, exactly as the public gets it (released figures, the same
 * disclosure), and the population behind `perCapita`. Nothing unreleased ever leaves here.
 */
export interface PublicQuestion {
  filters: Partial<Record<DimensionId, string[]>>;
  groupBy: (DimensionId | 'TIME_PERIOD')[];
  timeAggregation: Period;
  startPeriod?: string;
  endPeriod?: string;
}
export interface PublicAnswer {
  releases: { id: string; country: string; releasedAt: string }[];
  observations: (Record<string, string | number | null> & { OBS_VALUE: number | null })[];
}

export class PublicDataReader {
  private structure: Structure | null = null;
  constructor(
    private readonly db: Database,
    readonly dataflowId: string,
  ) {}

  async ask(q: PublicQuestion, at: Date = new Date()): Promise<PublicAnswer> {
    this.structure ??= await loadStructure(this.db, this.dataflowId);
    if (!this.structure) throw new NotFound('errors.notFound');
    const query: DataQuery = { filters: q.filters, groupBy: q.groupBy, timeAggregation: q.timeAggregation, startPeriod: q.startPeriod, endPeriod: q.endPeriod };
    const a = await answerData(this.db, this.structure, { kind: 'public' }, query, at);
    if (a.notModified) throw new Error('unreachable: no entity tag was sent');
    return {
      releases: a.body.releases.map((r) => ({ id: r.id, country: r.country, releasedAt: r.releasedAt })),
      observations: a.body.observations,
    };
  }
}

/** The dataflow's words in one language: its unit, threshold, dimension and code names. */
export interface PublicNames {
  unit: string;
  suppressionThreshold: number;
  dimension: (id: string) => string;
  code: (dimension: string, code: string) => string;
}

/** Names of a dataflow's dimensions and codes (as the structure API gives them), for documents drawn on the server. */
export async function publicNames(db: Database, dataflowId: string, l: Locale): Promise<PublicNames> {
  const s = await loadStructure(db, dataflowId);
  if (!s) throw new NotFound('errors.notFound');
  return {
    unit: s.unit,
    suppressionThreshold: s.suppressionThreshold,
    dimension: (id) => {
      const d = s.byId.get(id);
      return d ? pick(d.name, l) : id;
    },
    code: (dim, code) => {
      const c = s.byId.get(dim)?.codes.get(code);
      return c ? pick(c.name, l) : code;
    },
  };
}

/** Population (thousands) by country and year, UN DESA WPP 2024, as the data API's perCapita uses it. */
export async function populationByCountryYear(db: Database, countries?: string[]): Promise<{ source: string; rows: Map<string, number> }> {
  const p = await listPopulation(db, { countries });
  return { source: POPULATION_SOURCE, rows: new Map(p.items.map((r) => [`${r.REF_AREA}:${r.year}`, r.populationThousands * 1000])) };
}
