import type { Organisation } from '../api/client.ts';

/**
 * How an organisation is named everywhere in the app: its name in the reader's language (the server
 * falls back to the language the forum documents gave), its acronym, and its country for state
 * institutions, without which three "Ministerio de Relaciones Exteriores" cannot be told apart and the
 * ministries of Ghana or Türkiye named in the 2023 forum report look out of place.
 */
export function organisationLabel(o: Pick<Organisation, 'name' | 'acronym' | 'countryCode'>, countryName: (code: string) => string): string {
  const acronym = o.acronym && o.acronym !== o.name ? ` (${o.acronym})` : '';
  const country = o.countryCode ? ` — ${countryName(o.countryCode)}` : '';
  return `${o.name}${acronym}${country}`;
}

/** Organisations with their labels, sorted as the reader's language sorts (accents and case aside). */
export function labelledOrganisations<O extends Pick<Organisation, 'code' | 'name' | 'acronym' | 'countryCode'>>(
  list: readonly O[],
  countryName: (code: string) => string,
  lang: string,
): (O & { label: string })[] {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  return list.map((o) => ({ ...o, label: organisationLabel(o, countryName) })).sort((a, b) => collator.compare(a.label, b.label) || a.code.localeCompare(b.code));
}
