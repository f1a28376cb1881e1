import { z } from 'zod';
import { monthBound, PER_CAPITA_BASES, type DataQuery } from '../read/index.ts';
import { DIMENSION_IDS, type DimensionId } from '../structure/index.ts';
import type { DimensionId as ContractDimension } from '../../../../shared/contracts/observatory.ts';

// the contract's dimension list (what the web reads) is the structure's: a change to one side fails tsc here
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameDimensions: Same<DimensionId, ContractDimension> = true;
void sameDimensions;

/**
 * The data API's query string (shared/reference/mig-flows.md) and the one step that turns it
 * into a `DataQuery`: `/data/{dataflow}` and the explorer's download both read questions this way.
 */
/** A list of codes, comma-separated (upper-cased). */
export const codes = z
  .string()
  .max(4000)
  .regex(/^[A-Za-z0-9_,-]+$/)
  .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean))
  .optional();
const period = z.string().refine((p) => monthBound(p, false) !== null, { params: { key: 'errors.periodInvalid' } });
// One filter parameter per dimension (REF_AREA=GTM,HND…); typed by dimension id.
const dimensionFilters = Object.fromEntries(DIMENSION_IDS.map((d) => [d, codes])) as Record<DimensionId, typeof codes>;
const groupable = [...DIMENSION_IDS, 'TIME_PERIOD'] as const;

export const dataQuerystring = z.object({
  ...dimensionFilters,
  startPeriod: period.optional(),
  endPeriod: period.optional(),
  groupBy: z
    .string()
    .max(300)
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean) : []))
    .pipe(z.array(z.enum(groupable)).max(10)),
  timeAggregation: z.enum(['month', 'quarter', 'year', 'fiscalYear']).default('month'),
  // the month a fiscal year starts in (the U.S.: 10); 1 is the calendar year
  fiscalYearStart: z
    .string()
    .refine((v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 12, { params: { key: 'errors.fiscalYearStartInvalid' } })
    .transform(Number)
    .optional(),
  asOf: z.iso.datetime({ offset: true }).optional(),
  release: z.string().uuid().optional(),
  format: z.enum(['json', 'csv', 'xlsx', 'sdmx-csv', 'sdmx-json']).default('json'),
  perCapita: z.enum(PER_CAPITA_BASES).optional(),
  lang: z.enum(['es', 'en']).optional(),
});
export type DataQuerystring = z.infer<typeof dataQuerystring>;

/** The question a query string asks. */
export function dataQueryFrom(q: DataQuerystring): DataQuery {
  const filters: DataQuery['filters'] = {};
  for (const d of DIMENSION_IDS) if (q[d]?.length) filters[d] = q[d];
  return {
    filters,
    startPeriod: q.startPeriod,
    endPeriod: q.endPeriod,
    groupBy: q.groupBy,
    timeAggregation: q.timeAggregation,
    ...(q.timeAggregation === 'fiscalYear' ? { fiscalYearStart: q.fiscalYearStart ?? 1 } : {}),
    asOf: q.asOf ? new Date(q.asOf) : undefined,
    releaseId: q.release,
    perCapita: q.perCapita ? Number(q.perCapita) : undefined,
  };
}
