import { pick, t, type Locale } from '../../../platform/i18n/index.ts';
import type { DataQuery } from './query.ts';
import type { SourceMeta } from '../structure/index.ts';
import type { Structure } from '../structure/index.ts';

/**
 * What a data answer says about where its figures come from, for people: one source line
 * per producer ("Fuente: Instituto Guatemalteco de Migración (IGM), Guatemala (compilado
 * por: …). Publicado por la fuente: …; en el Observatorio: 2026-12-07."), the metadata lines
 * of a download (flow, unit, filters, licence), and a file name that says what the file
 * holds. Release ids are not here: they belong to the citation ("Cómo citar", formats.ts),
 * where a reader who needs the exact revision looks.
 */
export interface AnswerRelease {
  id: string;
  country: string;
  releasedAt: string;
}
export interface SourceContext {
  structure: Structure;
  query: DataQuery;
  releases: AnswerRelease[];
  /** the obs_source rows of the answer's countries and flows */
  sources: SourceMeta[];
  /** countries whose unreleased figures are in the answer */
  unreleased?: string[] | 'all';
  locale: Locale;
  /** MISSING and DEAD come from the incidents registry (incident-flows.ts): its one source line */
  incidentsSource?: string;
}

const codeName = (s: Structure, dim: string, code: string, locale: Locale) => pick(s.byId.get(dim)?.codes.get(code)?.name ?? { es: code, en: code }, locale);

/** The countries an answer covers: its releases' and its unreleased ones, or the REF_AREA filter. */
function answerCountries(c: SourceContext): string[] {
  const set = new Set(c.releases.map((r) => r.country));
  if (Array.isArray(c.unreleased)) for (const u of c.unreleased) set.add(u);
  if (c.unreleased === 'all') for (const s of c.sources) set.add(s.country);
  const filter = c.query.filters.REF_AREA;
  return [...set].filter((x) => !filter?.length || filter.includes(x)).sort();
}

interface Group {
  producer: SourceMeta['producer'];
  producerCountry: string;
  compiler: SourceMeta['compiler'];
  publicationRef: string | null;
  compilationRef: string | null;
  licence: string | null;
  countries: Set<string>;
  flows: Set<string>;
}

/** The answer's sources grouped by producer: a country without a stored source is its own unnamed producer. */
export function producerGroups(c: SourceContext): Group[] {
  const groups = new Map<string, Group>();
  const add = (country: string, m: Partial<SourceMeta>, flow: string | null) => {
    const g0 = { producer: m.producer ?? null, producerCountry: m.producerCountry ?? country, compiler: m.compiler ?? null, publicationRef: m.publicationRef ?? null, compilationRef: m.compilationRef ?? null, licence: m.licence ?? null };
    const key = JSON.stringify(g0);
    const g = groups.get(key) ?? { ...g0, countries: new Set<string>(), flows: new Set<string>() };
    g.countries.add(country);
    if (flow) g.flows.add(flow);
    groups.set(key, g);
  };
  for (const country of answerCountries(c)) {
    const own = c.sources.filter((s) => s.country === country);
    if (own.length === 0) add(country, {}, null);
    for (const s of own) add(country, s, s.flow);
  }
  return [...groups.values()];
}

/** One readable line per producer, in the reader's language. */
export function sourceLines(c: SourceContext): string[] {
  return producerLines(c).map((p) => p.line);
}

/** The lines with the countries and flows each covers (the web shows those of the countries a chart draws). */
export function producerLines(c: SourceContext): { line: string; countries: string[]; flows: string[] }[] {
  const { structure: s, locale } = c;
  if (c.incidentsSource) return [{ line: c.incidentsSource, countries: [], flows: c.query.filters.FLOW ?? [] }];
  const groups = producerGroups(c);
  const manyFlows = new Set(groups.flatMap((g) => [...g.flows])).size > 1;
  return groups.map((g) => {
    const country = codeName(s, 'REF_AREA', g.producerCountry, locale);
    let who = g.producer ? t(locale, 'observatory.source.producer', { producer: pick(g.producer, locale), country }) : t(locale, 'observatory.source.countryOnly', { country });
    if (g.compiler) who += t(locale, 'observatory.source.compiledBy', { compiler: pick(g.compiler, locale) });
    if (manyFlows && g.flows.size) who += t(locale, 'observatory.source.flows', { flows: [...g.flows].map((f) => codeName(s, 'FLOW', f, locale)).join(', ') });
    const dates = [...g.countries].map((country) => {
      const r = c.releases.filter((x) => x.country === country).map((x) => x.releasedAt.slice(0, 10)).sort().at(-1);
      const when = r ?? t(locale, 'observatory.source.unreleased');
      return g.countries.size > 1 ? `${country} ${when}` : when;
    });
    const parts = [t(locale, 'observatory.source.published', { ref: g.publicationRef ?? t(locale, 'observatory.source.notStated') })];
    if (g.compilationRef) parts.push(t(locale, 'observatory.source.compilation', { ref: g.compilationRef }));
    parts.push(t(locale, 'observatory.source.inObservatory', { dates: dates.join(', ') }));
    return { line: `${who}. ${parts.join('; ')}.`, countries: [...g.countries], flows: [...g.flows] };
  });
}

/** The licences of the answer's producers, deduplicated ("not stated" when none is recorded). */
export function licences(c: SourceContext): string {
  const all = [...new Set(producerGroups(c).map((g) => g.licence ?? t(c.locale, 'observatory.source.notStated')))];
  return all.join('; ');
}

/** The national definitions of the answer's flows, one line each (only those recorded). */
export function definitionLines(c: SourceContext): string[] {
  const countries = new Set(answerCountries(c));
  return c.sources
    .filter((x) => x.definition && countries.has(x.country))
    .map((x) => t(c.locale, 'observatory.source.definition', { flow: codeName(c.structure, 'FLOW', x.flow, c.locale), country: codeName(c.structure, 'REF_AREA', x.country, c.locale), definition: pick(x.definition, c.locale) }));
}

/** The question, for a reader: flow, countries, period and the other filters. */
export function describeFilters(c: SourceContext): { flow: string; filters: string } {
  const { structure: s, query: q, locale } = c;
  const flows = q.filters.FLOW?.length ? q.filters.FLOW.map((f) => `${f} (${codeName(s, 'FLOW', f, locale)})`).join(', ') : t(locale, 'observatory.source.allFlows');
  const parts = Object.entries(q.filters)
    .filter(([d, v]) => d !== 'FLOW' && v?.length)
    .map(([d, v]) => `${d}=${v.join(',')}`);
  if (q.startPeriod || q.endPeriod) parts.push(`TIME_PERIOD=${q.startPeriod ?? ''}/${q.endPeriod ?? ''}`);
  parts.push(`groupBy=${q.groupBy.join(',') || '-'}`);
  if (q.groupBy.includes('TIME_PERIOD')) parts.push(`timeAggregation=${q.timeAggregation}`);
  return { flow: flows, filters: parts.join('; ') };
}

/**
 * The file name of a download, after what it holds: `MIG_FLOWS_REG_ENTRY_CRI-PAN_2023-01_2024-12.csv`
 * (dataflow, flows, countries, period). A dimension neither filtered nor kept is its total
 * (`ALL`); a long list keeps its first three codes and the number of the others.
 */
export function downloadName(dataflow: string, q: DataQuery, observations: Record<string, unknown>[], ext: string): string {
  const codes = (dim: 'FLOW' | 'REF_AREA') => {
    let list = q.filters[dim]?.length ? [...q.filters[dim]] : q.groupBy.includes(dim) ? [...new Set(observations.map((o) => String(o[dim])))] : [];
    list = list.sort();
    if (list.length === 0) return 'ALL';
    return list.length > 4 ? `${list.slice(0, 3).join('-')}+${list.length - 3}` : list.join('-');
  };
  const periods = q.groupBy.includes('TIME_PERIOD') ? observations.map((o) => String(o.TIME_PERIOD)).sort() : [];
  const start = q.startPeriod ?? periods[0];
  const end = q.endPeriod ?? periods.at(-1);
  const period = start || end ? `${start ?? 'START'}_${end ?? 'END'}` : 'ALL';
  return `${dataflow}_${codes('FLOW')}_${codes('REF_AREA')}_${period}.${ext}`.replace(/[^A-Za-z0-9_.+-]/g, '-');
}
