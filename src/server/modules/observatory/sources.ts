import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import { Invalid } from '../../platform/http/errors.ts';
import { requireCountry, requireCountryManager } from './access.ts';
import type { Structure } from './structure.ts';

/**
 * Who produced each country's figures of each flow (`obs_source`, migration 0065): the
 * producing agency and its country, the compiler when the figures were taken from a
 * compilation rather than from the producer, the producer's own publication reference, the
 * licence and the national definition of the flow. The data API turns them into one source
 * line per producer (source-lines.ts). Nothing here is guessed: a field the source does not
 * state is null, and the line then says so.
 */
// a type alias, not an interface: it must pass where `Record<string, string>` is expected (pick)
export type Bilingual = { es: string; en: string };
export interface SourceMeta {
  country: string;
  flow: string;
  producer: Bilingual | null;
  producerCountry: string;
  compiler: Bilingual | null;
  publicationRef: string | null;
  compilationRef: string | null;
  licence: string | null;
  definition: Bilingual | null;
  version: number;
  updatedAt: string;
}
export type SourceInput = Omit<SourceMeta, 'country' | 'flow' | 'version' | 'updatedAt'>;

type Row = { country_code: string; flow: string; producer: unknown; producer_country: string; compiler: unknown; publication_ref: string | null; compilation_ref: string | null; licence: string | null; definition: unknown; version: number; updated_at: Date };
const bilingual = (v: unknown): Bilingual | null => (v && typeof v === 'object' ? { es: String((v as Bilingual).es ?? ''), en: String((v as Bilingual).en ?? '') } : null);
function toMeta(r: Row): SourceMeta {
  return {
    country: r.country_code,
    flow: r.flow,
    producer: bilingual(r.producer),
    producerCountry: r.producer_country,
    compiler: bilingual(r.compiler),
    publicationRef: r.publication_ref,
    compilationRef: r.compilation_ref,
    licence: r.licence,
    definition: bilingual(r.definition),
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}
const COLUMNS = ['country_code', 'flow', 'producer', 'producer_country', 'compiler', 'publication_ref', 'compilation_ref', 'licence', 'definition', 'version', 'updated_at'] as const;

/** The sources of some countries (all when empty) and flows (all when empty), ordered by country and flow. */
export async function sourcesOf(db: Executor, dataflowId: string, countries: string[] = [], flows: string[] = []): Promise<SourceMeta[]> {
  let q = db.selectFrom('obs_source').select(COLUMNS).where('dataflow_id', '=', dataflowId);
  if (countries.length) q = q.where('country_code', 'in', countries);
  if (flows.length) q = q.where('flow', 'in', flows);
  const rows = await q.orderBy('country_code').orderBy('flow').execute();
  return rows.map((r) => toMeta(r as Row));
}

const json = (v: Bilingual | null) => (v ? JSON.stringify({ es: v.es, en: v.en }) : null);

/** Sets one country × flow's source (secretariat, or the country's focal point); audited, `version` + 1. */
export async function setSource(db: Database, actor: Actor, meta: RequestMeta, s: Structure, country: string, flow: string, input: SourceInput): Promise<SourceMeta> {
  const user = requireCountryManager(actor, country);
  requireCountry(s, country);
  if (!s.byId.get('FLOW')?.codes.has(flow) || flow.startsWith('_')) throw new Invalid([{ path: 'flow', key: 'errors.flowNotFound', params: { code: flow } }]);
  if (!s.byId.get('REF_AREA')?.codes.has(input.producerCountry)) throw new Invalid([{ path: 'producerCountry', key: 'errors.countryNotFound', params: { code: input.producerCountry } }]);
  return db.transaction().execute(async (tx) => {
    const before = (await sourcesOf(tx, s.id, [country], [flow]))[0] ?? null;
    const values = {
      producer: json(input.producer),
      producer_country: input.producerCountry,
      compiler: json(input.compiler),
      publication_ref: input.publicationRef,
      compilation_ref: input.compilationRef,
      licence: input.licence,
      definition: json(input.definition),
      updated_by: user.id,
      updated_at: new Date(),
    };
    await tx
      .insertInto('obs_source')
      .values({ dataflow_id: s.id, country_code: country, flow, ...values })
      .onConflict((oc) => oc.columns(['dataflow_id', 'country_code', 'flow']).doUpdateSet({ ...values, version: sql<number>`obs_source.version + 1` }))
      .execute();
    const after = (await sourcesOf(tx, s.id, [country], [flow]))[0]!;
    // public answers carry the source lines: kept pages and answers must be dropped
    await announcePublicChange(tx, { kind: 'source' });
    await recordAudit(tx, actor, meta, { action: 'observatory.source_update', entityType: 'obs_source', entityId: `${s.id}:${country}:${flow}`, before, after });
    return after;
  });
}

/**
 * The shipped data's sources (real-data.ts), stored only where a row is absent: what the
 * secretariat or a focal point edited wins over the shipped file, as for saved mappings.
 */
export async function seedSources(db: Executor, dataflowId: string, rows: (SourceInput & { country: string; flow: string })[]): Promise<number> {
  let added = 0;
  for (const r of rows) {
    const res = await db
      .insertInto('obs_source')
      .values({
        dataflow_id: dataflowId,
        country_code: r.country,
        flow: r.flow,
        producer: json(r.producer),
        producer_country: r.producerCountry,
        compiler: json(r.compiler),
        publication_ref: r.publicationRef,
        compilation_ref: r.compilationRef,
        licence: r.licence,
        definition: json(r.definition),
        updated_by: null,
      })
      .onConflict((oc) => oc.columns(['dataflow_id', 'country_code', 'flow']).doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}
