import type { Database } from '../../platform/db/database.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { pick, type Locale } from '../../platform/i18n/index.ts';
import * as repo from './repository.ts';
import type { AttachmentService } from './attachments.ts';
import { anyUnitsQuery, applyCorrections, optimisticTextQuery, queryWords, textQueryFor, type PracticeFilters, type Sort } from './search.ts';

/**
 * Which of the texts shown in `locale` are the platform's translation (not the source's): the
 * page marks them ("Translation by the platform").
 */
export function platformTranslated(marks: string[] | null | undefined, locale: Locale, texts: { title: Record<string, string>; summary: Record<string, string> }): ('title' | 'summary')[] {
  return (['title', 'summary'] as const).filter((f) => (marks ?? []).includes(`${f}:${locale}`) && !!texts[f][locale]);
}

export interface SearchInput extends PracticeFilters {
  sort: Sort;
  page: number;
  pageSize: number;
}

/** Reading the practices repository: search with facets, one practice, coverage, similar ones. */
export class PracticesService {
  constructor(
    private readonly db: Database,
    private readonly attachments: AttachmentService,
  ) {}

  async search(input: SearchInput, locale: Locale) {
    // Most queries hold no typo: search as if none, checking that in the same statement; only
    // when a word the lexicon lacks has a correction is the search asked again. Either way
    // the answer is exactly the one of correcting first (buildTextQuery).
    const optimistic = optimisticTextQuery(input.q);
    const check = optimistic.check;
    let { tq, corrected } = optimistic;
    const sort: Sort = input.sort === 'relevance' && !tq ? 'newest' : input.sort;
    const offset = (input.page - 1) * input.pageSize;
    let result = await repo.searchWithFacets(this.db, input, tq, sort, input.pageSize, offset, check);
    if (result.unknownWords.size > 0 && input.q) {
      // The statement brought each unknown word's closest known word: corrected here exactly
      // as correctTypos would, without another round trip; asked again only when it changes.
      const words = queryWords(input.q);
      const fixed = applyCorrections(words, result.unknownWords);
      if (fixed !== words.join(' ')) {
        ({ tq, corrected } = textQueryFor(input.q.trim(), fixed));
        result = await repo.searchWithFacets(this.db, input, tq, sort, input.pageSize, offset);
      }
    }
    // No practice holds every concept of the query: list those holding most of them, and say so.
    let partialMatch = false;
    const fallback = result.total === 0 && tq ? anyUnitsQuery(tq) : null;
    if (fallback) {
      const any = await repo.searchWithFacets(this.db, input, fallback, sort, input.pageSize, offset);
      if (any.total > 0) {
        result = any;
        partialMatch = true;
      }
    }
    const { total, items: rows, facets: facetRows } = result;
    const facets: Record<string, { value: string; count: number }[]> = {};
    for (const f of facetRows) (facets[f.facet] ??= []).push({ value: f.value, count: f.count });
    for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      total,
      page: input.page,
      pageSize: input.pageSize,
      ...(corrected ? { correctedQuery: corrected } : {}),
      // The query as typed (never its folded or corrected form), and whether the results hold
      // only some of its words (the fallback above).
      ...(input.q?.trim() ? { query: input.q.trim() } : {}),
      partialMatch,
      items: rows.map((r) => ({
        id: r.id,
        slug: r.slug,
        title: pick(r.title, locale),
        summary: pick(r.summary, locale) || null,
        kind: r.kind,
        status: r.status,
        validation: r.validation,
        countries: r.countries,
        organisations: r.organisations,
        objectives: r.objectives,
        publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
        platformTranslated: platformTranslated(r.platform_translations, locale, r),
      })),
      facets,
    };
  }

  /** A published practice; the contact is personal data, shown to signed-in members only. */
  async get(idOrSlug: string, locale: Locale, signedIn: boolean) {
    const r = await repo.findBySlugOrId(this.db, idOrSlug);
    if (!r || r.workflow !== 'published') throw new NotFound('errors.practiceNotFound');
    const [similar, partners] = await Promise.all([repo.similar(this.db, r.id, 5), repo.partnerCountries(this.db, r.id, 8)]);
    return {
      id: r.id,
      slug: r.slug,
      title: pick(r.title, locale),
      titles: r.title,
      summary: pick(r.summary, locale) || null,
      summaries: r.summary,
      description: r.description,
      kind: r.kind,
      status: r.status,
      validation: r.validation,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      source: r.source,
      leadInstitution: r.lead_institution,
      partners: r.partners,
      targetGroups: r.target_groups,
      links: r.links,
      benefit: pick(r.benefit, locale) || null,
      impact: pick(r.impact, locale) || null,
      evaluated: r.evaluated,
      evaluationUrl: r.evaluation_url,
      contact: signedIn ? r.contact : null,
      version: r.version,
      countries: r.countries,
      organisations: r.organisations,
      objectives: r.objectives,
      publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
      platformTranslated: platformTranslated(r.platform_translations, locale, r),
      attachments: await this.attachments.list(r.id),
      similar: similar.map((s) => ({ id: s.id, slug: s.slug, title: pick(s.title, locale), countries: s.countries, sharedObjectives: s.shared_objectives, sharedTargetGroups: s.shared_groups })),
      partnerCountries: partners.map((c) => ({ country: c.country_code, objectives: c.objectives, practices: c.practices })),
    };
  }

  /** For the server's page check: /practices/:slug is a real page only for a published practice. */
  async exists(idOrSlug: string): Promise<boolean> {
    return repo.publishedExists(this.db, idOrSlug);
  }

  async coverage() {
    const { cells, byObjective } = await repo.coverage(this.db);
    const counts = new Map(byObjective.map((o) => [o.objective, o.count]));
    const objectives = Array.from({ length: 23 }, (_, i) => ({ objective: i + 1, practices: counts.get(i + 1) ?? 0 }));
    return {
      cells: cells.map((c) => ({ country: c.country_code, objective: c.objective, count: c.count })),
      objectives,
      emptyObjectives: objectives.filter((o) => o.practices === 0).map((o) => o.objective),
    };
  }
}
