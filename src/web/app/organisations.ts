import type { Organisation } from '../api/client.ts';

/**
 * How an organisation is named everywhere in the app: its name in the reader's language (the server
 * falls back to the language the forum documents gave), its acronym, and its country for state
 * institutions, without which three "Ministerio de Relaciones Exteriores" cannot be told apart and the
 * ministries of Ghana or Türkiye named in the 2023 forum report look out of place.
 */
type Named = Pick<Organisation, 'name' | 'acronym' | 'countryCode'> & { names?: Record<string, string | null | undefined> };

/**
 * Where the seeds give the name in one language only, the other language shows it as given,
 * marked with that language's code ("… [es]"): the fallback is visible, and no translation is
 * invented (issue 21).
 */
function fallbackMark(o: Named, lang: string | undefined): string {
  if (!lang || !o.names || o.names[lang]?.trim()) return '';
  const given = Object.entries(o.names).find(([, v]) => v?.trim() === o.name);
  return given ? ` [${given[0]}]` : '';
}

export function organisationLabel(o: Named, countryName: (code: string) => string, lang?: string): string {
  const acronym = o.acronym && o.acronym !== o.name ? ` (${o.acronym})` : '';
  const country = o.countryCode ? ` — ${countryName(o.countryCode)}` : '';
  return `${o.name}${fallbackMark(o, lang)}${acronym}${country}`;
}

/** Organisations with their labels, sorted as the reader's language sorts (accents and case aside). */
export function labelledOrganisations<O extends Named & Pick<Organisation, 'code'>>(
  list: readonly O[],
  countryName: (code: string) => string,
  lang: string,
): (O & { label: string })[] {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  return list.map((o) => ({ ...o, label: organisationLabel(o, countryName, lang) })).sort((a, b) => collator.compare(a.label, b.label) || a.code.localeCompare(b.code));
}
