import type { TFunction } from 'i18next';
import { practiceInput } from '../../../shared/practice-schema.ts';
import type { Me } from '../../api/client.ts';
import type { PracticeRecord } from './api.ts';

/** The practice form's state, and its conversion to and from the API's shapes. */
export interface Draft {
  titleEs: string;
  titleEn: string;
  summaryEs: string;
  summaryEn: string;
  description: string;
  originalLanguage: string;
  kind: string;
  countries: string[];
  organisations: string[];
  objectives: number[];
  primaryObjective: string;
  principles: string[];
  targetGroups: string[];
  status: string;
  periodStart: string;
  periodEnd: string;
  leadInstitution: string;
  partners: string;
  links: { url: string; label: string }[];
  benefitEs: string;
  benefitEn: string;
  impactEs: string;
  impactEn: string;
  evaluated: '' | 'yes' | 'no';
  evaluationUrl: string;
  contact: string;
  source: string;
}

export function emptyDraft(user: Me | null | undefined, lang: string): Draft {
  return {
    titleEs: '', titleEn: '', summaryEs: '', summaryEn: '', description: '', originalLanguage: lang, kind: 'good_practice',
    countries: user?.role === 'focal_point' && user.countryCode ? [user.countryCode] : [],
    organisations: user?.role === 'contributor' && user.organisation ? [user.organisation.code] : [],
    objectives: [], primaryObjective: '', principles: [], targetGroups: [], status: '', periodStart: '', periodEnd: '',
    leadInstitution: '', partners: '', links: [], benefitEs: '', benefitEn: '', impactEs: '', impactEn: '', evaluated: '', evaluationUrl: '', contact: '', source: '',
  };
}

export function fromRecord(p: PracticeRecord): Draft {
  return {
    titleEs: p.title.es ?? '', titleEn: p.title.en ?? '', summaryEs: p.summary.es ?? '', summaryEn: p.summary.en ?? '',
    description: p.description ?? '', originalLanguage: p.originalLanguage || 'es', kind: p.kind,
    countries: p.countries ?? [], organisations: p.organisations ?? [], objectives: p.objectives ?? [],
    primaryObjective: p.primaryObjective ? String(p.primaryObjective) : '', principles: p.principles ?? [], targetGroups: p.targetGroups ?? [],
    status: p.status ?? '', periodStart: p.periodStart ?? '', periodEnd: p.periodEnd ?? '', leadInstitution: p.leadInstitution ?? '', partners: p.partners ?? '',
    links: (p.links ?? []).map((l) => ({ url: l.url, label: l.label ?? '' })),
    benefitEs: p.benefit?.es ?? '', benefitEn: p.benefit?.en ?? '', impactEs: p.impact?.es ?? '', impactEn: p.impact?.en ?? '',
    evaluated: p.evaluated === null || p.evaluated === undefined ? '' : p.evaluated ? 'yes' : 'no',
    evaluationUrl: p.evaluationUrl ?? '', contact: p.contact ?? '', source: p.source ?? '',
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const loc = (es: string, en: string) => ({ ...(es.trim() ? { es: es.trim() } : {}), ...(en.trim() ? { en: en.trim() } : {}) });

/** The draft as the API's practiceInput. */
export function toInput(d: Draft) {
  return {
    title: loc(d.titleEs, d.titleEn),
    summary: loc(d.summaryEs, d.summaryEn),
    description: orNull(d.description),
    originalLanguage: d.originalLanguage,
    kind: d.kind,
    countries: d.countries,
    organisations: d.organisations,
    objectives: [...d.objectives].sort((a, b) => a - b),
    primaryObjective: d.primaryObjective ? Number(d.primaryObjective) : null,
    principles: d.principles,
    targetGroups: d.targetGroups,
    status: d.status || null,
    periodStart: d.periodStart || null,
    periodEnd: d.periodEnd || null,
    leadInstitution: orNull(d.leadInstitution),
    partners: orNull(d.partners),
    links: d.links.filter((l) => l.url.trim() || l.label.trim()).map((l) => ({ url: l.url.trim(), label: orNull(l.label) })),
    benefit: loc(d.benefitEs, d.benefitEn),
    impact: loc(d.impactEs, d.impactEn),
    evaluated: d.evaluated === '' ? null : d.evaluated === 'yes',
    evaluationUrl: orNull(d.evaluationUrl),
    contact: orNull(d.contact),
    source: orNull(d.source),
  };
}

export const ERROR_KEYS = new Set(['htmlNotAllowed', 'linkScheme', 'titleRequired', 'objectiveRequired', 'objectiveNotFound', 'periodOrder', 'primaryObjective', 'implementerRequired']);

/** The shared schema's verdict, in the reader's language, per field path. */
export function validate(d: Draft, t: TFunction): Record<string, string> {
  const r = practiceInput.safeParse(toInput(d));
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.join('.');
    const params = (issue as { params?: { key?: string; values?: Record<string, unknown> } }).params;
    const key = params?.key?.replace(/^errors\./, '');
    let message: string;
    if (key && ERROR_KEYS.has(key)) message = t(`practices.errors.${key}`, params?.values ?? {});
    else if (issue.code === 'too_big') message = t('practices.errors.tooLong', { max: Number((issue as { maximum?: number }).maximum ?? 0) });
    else message = t('practices.errors.invalid');
    out[path] ??= message;
  }
  return out;
}
