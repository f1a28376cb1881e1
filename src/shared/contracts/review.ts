import { z } from 'zod';
import type { Wire } from './time.ts';

/** The regional review reports (src/server/modules/review): ADR 0027. */
export const id = z.object({ id: z.string().max(64) });
export const sectionKey = z.string().regex(/^(summary|annex|objective-([1-9]|1[0-9]|2[0-3]))$/);
export const year = z.number().int().min(1990).max(2100);
export const createBody = z
  .object({
    title: z.string().trim().max(300).optional(),
    language: z.enum(['es', 'en']),
    objectives: z.union([z.literal('all'), z.array(z.number().int().min(1).max(23)).min(1).max(23)]),
    countryScope: z.enum(['all', 'CRM', 'CSM', 'some']),
    countries: z
      .array(z.string().regex(/^[A-Za-z]{3}$/))
      .max(300)
      .optional(),
    from: year,
    to: year,
    asOf: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'to < from' });
export const reportOut = z.object({
  id: z.string(),
  title: z.string(),
  language: z.enum(['es', 'en']),
  objectives: z.array(z.number()),
  countryScope: z.enum(['all', 'CRM', 'CSM', 'some']),
  countries: z.array(z.string()),
  from: z.number(),
  to: z.number(),
  asOf: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const reportAnswer = reportOut.describe('The saved report');
export const reportList = z.object({ items: z.array(reportOut) }).describe('Saved review reports, newest first');
export const textOut = z.object({ section: z.string(), version: z.number(), status: z.enum(['draft', 'final']), body: z.string(), author: z.string(), createdAt: z.string() });
export const detailOut = reportOut.extend({
  sections: z.array(z.object({ key: z.string(), title: z.string() })),
  summary: z.array(z.object({ label: z.string(), value: z.string() })),
  texts: z.array(textOut),
}).describe("A saved report, its sections, summary figures and the secretariat's texts");
export const textParams = id.extend({ section: sectionKey });
export const textInput = z.object({ body: z.string().max(20_000), status: z.enum(['draft', 'final']) });
export const textSaved = z
  .object({ section: z.string(), version: z.number(), status: z.enum(['draft', 'final']), createdAt: z.string() })
  .describe('The new version of the text');
export const docQuery = z.object({ preview: z.enum(['0', '1']).default('0') });


export type SavedReport = Wire<typeof reportOut>;
export type SectionTextVersion = Wire<typeof textOut>;
export type ReportDetail = Wire<typeof detailOut>;
/** What the web sends to save a report. */
export type NewReport = z.input<typeof createBody>;
export type TextSaved = Wire<typeof textSaved>;
