import { z } from 'zod';
import type { Wire } from './time.ts';

/** Reference vocabularies (countries, GCM objectives and principles): ADR 0027. */

/** Names in every language stored (Spanish and English at least, when written). */
export const names = z.record(z.string(), z.string());

const localizedInput = z.object({ es: z.string().min(1).max(300), en: z.string().min(1).max(300) }).catchall(z.string().max(300));
const membership = z.enum(['CRM', 'CSM']);

export const countriesQuery = z.object({ membership: membership.optional() });
export const countryParams = z.object({ code: z.string().regex(/^[A-Za-z]{3}$/) });
export const countryEditParams = z.object({ code: z.string().regex(/^[A-Za-z]{3}$/).transform((c) => c.toUpperCase()) });
export const countryPatch = z.object({ name: localizedInput.optional(), memberships: z.array(membership).max(2).optional() }).strict();
export const objectiveParams = z.object({ number: z.coerce.number().int().min(1).max(23) });
export const objectivePatch = z.object({ title: localizedInput.optional(), shortTitle: localizedInput.optional() }).strict();

export const country = z
  .object({ code: z.string(), alpha2: z.string(), numeric: z.string(), name: z.string(), names, memberships: z.array(z.string()) })
  .describe('A country, named in the language asked for');
export const countryList = z.object({ items: z.array(country) }).describe('Countries, by name');
/** A country as stored, after an edit. */
export const countryRow = z
  .object({ code: z.string(), alpha2: z.string(), numeric_code: z.string(), name: names, memberships: z.array(z.string()) })
  .describe('The country as stored after the edit');

export const objective = z.object({ number: z.number(), title: z.string(), shortTitle: z.string(), titles: names, shortTitles: names });
export const objectiveList = z.object({ items: z.array(objective) }).describe('The 23 GCM objectives');
export const objectiveRow = z.object({ number: z.number(), title: names, short_title: names }).describe('The objective as stored after the edit');

export const principle = z.object({ code: z.string(), position: z.number(), title: z.string(), titles: names });
export const principleList = z.object({ items: z.array(principle) }).describe('The 10 GCM guiding principles');

export type Country = Wire<typeof country>;
export type Objective = Wire<typeof objective>;
export type Principle = Wire<typeof principle>;
