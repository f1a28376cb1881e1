import { pick, type Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/http/context.ts';
import { isSecretariat, sideOf } from './access.ts';
import type { CooperationRow, Names, OfferRow, RequestRow } from './repository.ts';
import type { SUPPORT_KINDS } from '../../../shared/contracts/cooperation.ts';

type Kind = (typeof SUPPORT_KINDS)[number];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function countryParty(names: Names, code: string, locale: Locale) {
  return { kind: 'country' as const, code, name: pick(names.countries.get(code), locale) || code };
}
export function orgParty(names: Names, id: string, locale: Locale) {
  const o = names.orgsById.get(id);
  return { kind: 'organisation' as const, code: o?.code ?? id, name: o ? pick(o.name, locale) || o.code : id };
}
export const offerParty = (names: Names, f: Pick<OfferRow, 'country_code' | 'organisation_id'>, locale: Locale) =>
  f.organisation_id ? orgParty(names, f.organisation_id, locale) : countryParty(names, f.country_code!, locale);

export function requestDto(r: RequestRow, names: Names, locale: Locale, canEdit: boolean) {
  return {
    id: r.id,
    country: countryParty(names, r.country_code, locale),
    title: pick(r.title, locale),
    description: pick(r.description, locale) || null,
    titleAll: r.title,
    descriptionAll: r.description,
    objectives: r.objectives,
    targetGroups: r.target_groups,
    kinds: r.kinds as Kind[],
    timeframe: r.timeframe,
    contact: r.contact,
    visibility: r.visibility,
    status: r.status,
    createdAt: iso(r.created_at)!,
    publishedAt: iso(r.published_at),
    canEdit,
  };
}

export function offerDto(f: OfferRow, names: Names, locale: Locale, canEdit: boolean) {
  return {
    id: f.id,
    by: offerParty(names, f, locale),
    title: pick(f.title, locale),
    description: pick(f.description, locale) || null,
    conditions: pick(f.conditions, locale) || null,
    titleAll: f.title,
    descriptionAll: f.description,
    objectives: f.objectives,
    targetGroups: f.target_groups,
    kinds: f.kinds as Kind[],
    contact: f.contact,
    visibility: f.visibility,
    status: f.status,
    createdAt: iso(f.created_at)!,
    publishedAt: iso(f.published_at),
    canEdit,
  };
}

export function cooperationDto(c: CooperationRow, names: Names, locale: Locale, actor: Actor) {
  return {
    id: c.id,
    request: { id: c.request_id, title: pick(c.request_title, locale), country: countryParty(names, c.request_country, locale) },
    offer: c.offer_id ? { id: c.offer_id, title: pick(c.offer_title, locale) } : null,
    partner: c.partner_organisation ? orgParty(names, c.partner_organisation, locale) : countryParty(names, c.partner_country!, locale),
    status: c.status,
    requesterInterest: c.requester_interest_at !== null,
    partnerInterest: c.partner_interest_at !== null,
    roadmapAction: c.roadmap_action_id && c.roadmap_id ? { id: c.roadmap_action_id, roadmapId: c.roadmap_id } : null,
    canChange: isSecretariat(actor) || sideOf(actor, c) !== null,
    updatedAt: iso(c.updated_at)!,
  };
}

export const historyDto = (h: { status: string; note: string | null; actor_label: string; at: Date }, showActor: boolean) => ({
  status: h.status,
  note: h.note,
  actor: showActor ? h.actor_label : null,
  at: iso(h.at)!,
});
