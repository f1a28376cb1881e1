import { z } from 'zod';

/**
 * A computed indicator's definition, stored as data (ind_indicator.computation): data-API
 * questions over released MIG_FLOWS figures, in the dimension ids and codes of mig-flows.md,
 * combined as numerator / denominator × factor. Validated with this schema wherever it is
 * written (seed, the secretariat's edit).
 */
const DIMENSIONS = ['REF_AREA', 'FLOW', 'CITIZENSHIP', 'COUNTERPART_AREA', 'SEX', 'AGE', 'DISABILITY', 'ETHNICITY', 'LOCATION'] as const;
const dimension = z.enum(DIMENSIONS);
const code = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

export const questionSchema = z
  .object({
    /** filters by dimension id → codes (a data-API question: `FLOW=REG_ENTRY&CITIZENSHIP=XXA,_U`) */
    filters: z.partialRecord(dimension, z.array(code).min(1)).default({}),
    /** which dimension names the indicator's country (default REF_AREA, the reporting country) */
    countryDimension: z.enum(['REF_AREA', 'CITIZENSHIP', 'COUNTERPART_AREA']).optional(),
    /** with countryDimension CITIZENSHIP: only what other reporting countries report (REF_AREA ≠ the country) */
    otherReporters: z.boolean().optional(),
  })
  .strict();
export const sumSchema = z.object({ plus: z.array(questionSchema).min(1), minus: z.array(questionSchema).optional() }).strict();
export const formulaSchema = z
  .object({
    numerator: sumSchema,
    /** another sum, or the population of the country (UN DESA WPP 2024) */
    denominator: z.union([sumSchema, z.object({ population: z.literal(true) }).strict()]).optional(),
    factor: z.number().positive().optional(),
  })
  .strict();
export const computationSchema = z
  .object({
    dataflow: z.literal('MIG_FLOWS'),
    measure: z.literal('OBS_VALUE'),
    /** the total; `meanOfParts` = the unweighted mean of the parts' values */
    total: z.union([formulaSchema, z.object({ meanOfParts: z.literal(true) }).strict()]).optional(),
    /** named parts, each its own formula, recorded under its disaggregation */
    parts: z.array(z.object({ disaggregation: z.record(z.string(), z.string()), formula: formulaSchema }).strict()).optional(),
    /** the total formula once per code of each of these dimensions (the data API's groupBy) */
    breakdowns: z.array(dimension).optional(),
    /** pairs of countries: outbound(A → B) / inbound(B from A), recorded for A under {COUNTERPART_AREA: B} */
    mirror: z.object({ outbound: questionSchema, inbound: questionSchema, factor: z.number().positive().optional() }).strict().optional(),
    /**
     * A year counts when its flows are reported for all twelve months (or as a year): `all` of
     * the computation's flows, or `any` of them (a sum of flows a country may report apart).
     */
    coverage: z.enum(['all', 'any']).optional(),
    /** decimals kept (default 2 for formulas with a denominator, 0 otherwise) */
    decimals: z.number().int().min(0).max(6).optional(),
    note: z.string().optional(),
  })
  .strict();

export type Question = z.infer<typeof questionSchema>;
export type Sum = z.infer<typeof sumSchema>;
export type Formula = z.infer<typeof formulaSchema>;
export type Computation = z.infer<typeof computationSchema>;
