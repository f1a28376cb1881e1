import { SEARCH_KINDS as KINDS, type SearchKind as HitKind } from '../../../shared/contracts/site.ts';
import type { Actor } from '../../platform/http/context.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { CommitmentsService } from '../commitments/index.ts';
import type { IndicatorsReader } from '../indicators/index.ts';
import type { ObservatoryService } from '../observatory/index.ts';
import type { PracticesService } from '../practices/index.ts';
import type { ReferenceService } from '../reference/index.ts';
import { queryWords, score } from './match.ts';

export { KINDS, type HitKind };
export interface Hit {
  title: string;
  url: string;
  detail: string | null;
}
export interface HitGroup {
  kind: HitKind;
  total: number;
  items: Hit[];
  /** where the whole list is, when the group shows only its first items */
  more: string | null;
}
export interface SearchAnswer {
  q: string;
  groups: HitGroup[];
}

/** How many of each kind the answer shows (the practices' own page lists them all). */
export const PER_GROUP = 5;
const FLOW_DATAFLOW = 'MIG_FLOWS';

export interface SiteSearchSources {
  practices: PracticesService;
  commitments: CommitmentsService;
  reference: ReferenceService;
  observatory: ObservatoryService;
  indicators: IndicatorsReader;
}

/**
 * One box in the header, every kind of content (issue 21, item 3): practices through their own
 * search, the rest through the modules' public reads — so the answer never shows what the
 * reader could not open (roadmaps that are not public stay hidden from the public).
 */
export class SiteSearch {
  constructor(private readonly s: SiteSearchSources) {}

  async search(actor: Actor, q: string, locale: Locale): Promise<SearchAnswer> {
    const words = queryWords(q);
    if (words.length === 0) return { q, groups: [] };
    const [practices, objectives, countries, flows, meetings, outcomes, roadmaps, indicators] = await Promise.all([
      this.practices(q, locale),
      this.objectives(words, locale),
      this.countries(words, locale),
      this.flows(words, locale),
      this.meetings(words, locale),
      this.outcomes(words, locale),
      this.roadmaps(actor, words, locale),
      this.indicators(words, locale),
    ]);
    const groups = [practices, objectives, countries, flows, meetings, outcomes, roadmaps, indicators].filter((g) => g.total > 0);
    return { q, groups };
  }

  private async practices(q: string, locale: Locale): Promise<HitGroup> {
    const r = await this.s.practices.search({ q, objectives: [], countries: [], organisations: [], kinds: [], principles: [], statuses: [], validations: [], sort: 'relevance', page: 1, pageSize: PER_GROUP }, locale);
    return {
      kind: 'practices',
      total: r.total,
      items: r.items.map((p) => ({ title: p.title, url: `/practices/${p.slug}`, detail: p.countries.join(', ') || null })),
      more: r.total > PER_GROUP ? `/practices?q=${encodeURIComponent(q)}` : null,
    };
  }

  private async objectives(words: string[], locale: Locale): Promise<HitGroup> {
    const list = await this.s.reference.objectives(locale);
    return ranked('objectives', list.map((o) => ({ s: score(words, `${o.title} ${o.shortTitle}`, String(o.number)), hit: { title: `${o.number}. ${o.shortTitle || o.title}`, url: `/objectives/${o.number}`, detail: o.shortTitle ? o.title : null } })));
  }

  private async countries(words: string[], locale: Locale): Promise<HitGroup> {
    const list = await this.s.reference.countries(locale);
    return ranked(
      'countries',
      list.map((c) => ({ s: score(words, `${c.name} ${c.names.es ?? ''} ${c.names.en ?? ''}`, c.code), hit: { title: c.name, url: `/observatory/countries/${c.code}`, detail: c.memberships.join(' · ') || null } })),
    );
  }

  private async flows(words: string[], locale: Locale): Promise<HitGroup> {
    const structure = (await this.s.observatory.dataflow(FLOW_DATAFLOW, locale)) as { name: string; dimensions: { id: string; codes: { id: string; name: string }[] }[] };
    const flows = structure.dimensions.find((d) => d.id === 'FLOW')?.codes ?? [];
    return ranked('flows', flows.map((f) => ({ s: score(words, f.name, `${f.id} ${structure.name}`), hit: { title: f.name, url: `/observatory/explorer?flow=${f.id}`, detail: structure.name } })));
  }

  private async meetings(words: string[], locale: Locale): Promise<HitGroup> {
    const list = await this.s.commitments.meetings(locale);
    return ranked('meetings', list.map((m) => ({ s: score(words, m.title, `${m.place ?? ''} ${m.startDate ?? ''}`), hit: { title: m.title, url: `/meetings/${m.key}`, detail: [m.place, m.startDate].filter(Boolean).join(' · ') || null } })));
  }

  private async outcomes(words: string[], locale: Locale): Promise<HitGroup> {
    const list = await this.s.commitments.outcomes({}, locale);
    return ranked('outcomes', list.map((o) => ({ s: score(words, o.text, o.meeting.title), hit: { title: clip(o.text), url: `/outcomes/${o.key}`, detail: o.meeting.title } })));
  }

  private async roadmaps(actor: Actor, words: string[], locale: Locale): Promise<HitGroup> {
    const list = await this.s.commitments.roadmaps(actor, locale);
    return ranked('roadmaps', list.map((r) => ({ s: score(words, r.title, r.purpose ?? ''), hit: { title: r.title, url: `/roadmaps/${r.id}`, detail: r.purpose ? clip(r.purpose) : null } })));
  }

  /** The GCM indicator catalogue (retired entries left out): by code and by name in either language. */
  private async indicators(words: string[], locale: Locale): Promise<HitGroup> {
    const list = await this.s.indicators.catalogue();
    return ranked(
      'indicators',
      list.map((i) => {
        const name = (locale === 'es' ? i.name.es : null) ?? i.name.en;
        return { s: score(words, `${i.name.es ?? ''} ${i.name.en}`, `${i.code} ${i.code.replace(/\./g, ' ')} ${i.sdg ?? ''}`), hit: { title: `${i.code} — ${name}`, url: `/indicators/${encodeURIComponent(i.code)}`, detail: i.custodian } };
      }),
    );
  }
}

function ranked(kind: HitKind, scored: { s: number; hit: Hit }[]): HitGroup {
  const found = scored.filter((x) => x.s > 0).sort((a, b) => b.s - a.s || a.hit.title.localeCompare(b.hit.title));
  return { kind, total: found.length, items: found.slice(0, PER_GROUP).map((x) => x.hit), more: null };
}

/** Outcomes are sentences, sometimes long: the list shows their beginning. */
function clip(s: string, n = 160): string {
  return s.length <= n ? s : `${s.slice(0, n).replace(/\s+\S*$/, '')}…`;
}
