import { IntlMessageFormat } from 'intl-messageformat';
import { catalogueParts, mergeCatalogue, type Tree } from './catalog.ts';
import type { MessageKey } from './keys.generated.ts';

export type { MessageKey };

/** The ends of the keys under a prefix: `KeysUnder<'review.col.'>` is `'country' | 'baseline' | …`. */
export type KeysUnder<P extends string> = MessageKey extends infer K ? (K extends `${P}${infer Rest}` ? Rest : never) : never;

/**
 * The escape hatch of the typed keys (issue 16, item 4), for a key the type-check cannot follow:
 * one read back from the database (an import report stored as key and parameters), carried in a
 * zod refinement's params, or built from a value known only at run time. test/message-keys.test.ts
 * still checks these: the prefix a key is built from must have keys, and every key must be used.
 * The uses are counted in docs/architecture.md ("Messages"); prefer a literal, or `KeysUnder`.
 */
export const dynamicKey = (key: string): MessageKey => key as MessageKey;

/**
 * Server-side messages (API errors, e-mails, console output meant for people).
 * ICU message syntax; keys are stable and semantic. Spanish is the default language.
 */
export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

/** Merged once, at start: a key defined twice (platform and a module, or two modules) stops the server here. */
export const catalogs: Record<Locale, Tree> = { es: mergeCatalogue(catalogueParts('es')), en: mergeCatalogue(catalogueParts('en')) };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const cache = new Map<string, IntlMessageFormat>();

/**
 * A parameter may be a translated value (`{es, en}`, as translated content is stored): it is
 * read in the message's language. So a message stored as key + parameters (an import report)
 * can name a code list entry in whichever language it is read later.
 */
export function t(locale: Locale, key: MessageKey, params: Record<string, unknown> = {}): string {
  const text = lookup(catalogs[locale], key) ?? lookup(catalogs[DEFAULT_LOCALE], key);
  if (text === undefined) return key;
  const id = `${locale}\u0000${key}`;
  let fmt = cache.get(id);
  if (!fmt) {
    fmt = new IntlMessageFormat(text, locale);
    cache.set(id, fmt);
  }
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) values[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? pick(v as Record<string, string>, locale) : v;
  return String(fmt.format(values as Record<string, string | number>));
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiate(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.lang && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const r of ranked) if (isLocale(r.lang)) return r.lang;
  return DEFAULT_LOCALE;
}

/** Picks the text of a translated database value ({es, en, …}) in the wanted language. */
export function pick(value: Record<string, string> | null | undefined, locale: Locale): string {
  if (!value) return '';
  return value[locale] ?? value[DEFAULT_LOCALE] ?? Object.values(value)[0] ?? '';
}
