import type { Database } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/context.ts';
import { pick, t, type Locale, dynamicKey } from '../../platform/i18n/index.ts';
import { practiceCountriesForObjectives, practicesForObjectives } from '../practices/index.ts';
import { countriesWithDoneActions } from '../commitments/index.ts';
import * as repo from './repository.ts';
import { offerParty } from './dto.ts';
import type { CooperationService } from './service.ts';

/**
 * What the platform proposes for a request (docs/adr/0015): practices, countries and open
 * offers, each only when it shares at least one of the request's GCM objectives — never
 * across unrelated objectives — with a score in [0, 1] and a sentence saying why.
 *
 * - practice: 0.7 × share of the request's objectives it covers + 0.3 × the text rank of
 *   the need's words in the practice (capped at 1; ts_rank × 5), Spanish and English;
 * - country (not the requester): 0.6 × objectives covered + 0.2 × practices (up to 3)
 *   + 0.2 × completed roadmap actions (up to 2) on those objectives;
 * - offer (published, not the requester's own): 0.6 × objectives covered + 0.4 × share of
 *   the kinds of support asked for that it gives; an offer must give at least one of them.
 */
export const MAX_PROPOSALS = 10;
const round = (n: number) => Math.round(n * 100) / 100;
const list = (ns: number[]) => ns.join(', ');

export async function matchRequest(db: Database, hub: CooperationService, actor: Actor, id: string, locale: Locale) {
  const r = await hub.visibleRequest(db, actor, id);
  const O = r.objectives.length;
  const text = [...Object.values(r.title), ...Object.values(r.description)].join(' ');
  const [practices, practiceCountries, doneActions, offers, names] = await Promise.all([
    practicesForObjectives(db, { objectives: r.objectives, text, limit: MAX_PROPOSALS }),
    practiceCountriesForObjectives(db, r.objectives),
    countriesWithDoneActions(db, r.objectives),
    repo.offersFor(db, r.objectives, r.kinds, actor.kind !== 'user', MAX_PROPOSALS * 3),
    repo.names(db),
  ]);

  const proposedPractices = practices
    .map((p) => {
      const wordsInCommon = p.textRank > 0;
      const score = round(0.7 * (p.sharedObjectives.length / O) + 0.3 * Math.min(1, p.textRank * 5));
      const why = t(locale, wordsInCommon ? 'cooperation.why.practiceWords' : 'cooperation.why.practice', { objectives: list(p.sharedObjectives) });
      return { id: p.id, slug: p.slug, title: pick(p.title, locale), countries: p.countries, score, sharedObjectives: p.sharedObjectives, wordsInCommon, why };
    })
    .sort((a, b) => b.score - a.score);

  const byCountry = new Map<string, { practices: number; doneActions: number; objectives: Set<number> }>();
  const entry = (c: string) => byCountry.get(c) ?? byCountry.set(c, { practices: 0, doneActions: 0, objectives: new Set() }).get(c)!;
  for (const p of practiceCountries) {
    const e = entry(p.country);
    e.practices += p.practices;
    p.objectives.forEach((o) => e.objectives.add(o));
  }
  for (const a of doneActions) {
    const e = entry(a.country);
    e.doneActions += a.actions;
    a.objectives.forEach((o) => e.objectives.add(o));
  }
  const countries = [...byCountry]
    .filter(([code]) => code !== r.country_code)
    .map(([code, e]) => {
      const shared = [...e.objectives].sort((a, b) => a - b);
      const score = round(0.6 * (shared.length / O) + 0.2 * Math.min(1, e.practices / 3) + 0.2 * Math.min(1, e.doneActions / 2));
      const why = t(locale, 'cooperation.why.country', { practices: e.practices, actions: e.doneActions, objectives: list(shared) });
      return { code, name: pick(names.countries.get(code), locale) || code, practices: e.practices, doneActions: e.doneActions, sharedObjectives: shared, score, why };
    })
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code))
    .slice(0, MAX_PROPOSALS);

  const proposedOffers = offers
    .filter((f) => f.country_code !== r.country_code)
    .map((f) => {
      const score = round(0.6 * (f.shared_objectives.length / O) + 0.4 * (f.shared_kinds.length / r.kinds.length));
      const kinds = f.shared_kinds.map((k) => t(locale, dynamicKey(`cooperation.kinds.${k}`))).join(', ');
      return {
        id: f.id,
        title: pick(f.title, locale),
        by: offerParty(names, f, locale),
        kinds: f.kinds as never[],
        sharedObjectives: f.shared_objectives,
        sharedKinds: f.shared_kinds as never[],
        score,
        why: t(locale, 'cooperation.why.offer', { objectives: list(f.shared_objectives), kinds }),
      };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_PROPOSALS);

  return { practices: proposedPractices, countries, offers: proposedOffers };
}
