import { z } from 'zod';

/**
 * A moment: the server's handlers give a `Date` (what the database hands back) or its ISO
 * text, the wire and the web carry the ISO 8601 text. A codec, so the answer serialiser
 * (which encodes) turns the one into the other; the web's types are therefore `z.input<…>`
 * of an answer schema (its `Wire` alias below).
 */
export const timestamp = z.codec(z.string().describe('ISO 8601 date and time'), z.union([z.date(), z.string()]), {
  decode: (s) => s,
  encode: (d) => (typeof d === 'string' ? d : d.toISOString()),
});

/** What the web receives for an answer schema: its input side (moments as text). */
export type Wire<T extends z.ZodType> = z.input<T>;
