import { dynamicKey, t, type Locale, type MessageKey } from '../../platform/i18n/index.ts';
import { LANGUAGES, PRACTICE_KINDS, practiceInput, type PracticeInput } from '../../../shared/practice-schema.ts';
import { fold, type Cell, type CatalogueField, type ColumnPlan } from './catalogue-read.ts';

/**
 * One catalogue row turned into a practice, or into messages saying what is wrong with it.
 * Every check runs on every row (the whole file is reported at once, nothing is written).
 */
export interface RowError {
  row: number;
  column: string;
  value: string;
  message: string;
}
export interface Countries {
  /** folded name (es/en), alpha-3 and alpha-2 code → alpha-3 code */
  byKey: Map<string, string>;
}
export interface ParsedRow {
  row: number;
  title: string;
  summary: string;
  themes: string;
  countries: string[];
  objectives: number[];
  input: Omit<PracticeInput, 'objectives' | 'primaryObjective'> | null;
}

const MAX_TITLE = 300;
const MAX_SUMMARY = 2000;
const HTML_TAG = /<\/?[a-z!][^>]*>/i;
const YES = new Set(['si', 'yes', 'true', 'x', '1', 'y', 's', 'verdadero']);
const NO = new Set(['no', 'false', '0', 'n', 'falso']);
/** Kind words in either language (folded) → kind; "project" is a programme. */
const KIND_WORDS: Record<string, (typeof PRACTICE_KINDS)[number]> = {
  'good practice': 'good_practice', 'buena practica': 'good_practice', policy: 'policy', politica: 'policy', tool: 'tool', herramienta: 'tool',
  programme: 'programme', program: 'programme', programa: 'programme', project: 'programme', proyecto: 'programme',
  protocol: 'protocol', protocolo: 'protocol', campaign: 'campaign', campana: 'campaign', study: 'study', estudio: 'study',
};
const LANGUAGE_WORDS: Record<string, (typeof LANGUAGES)[number]> = {
  es: 'es', spanish: 'es', espanol: 'es', castellano: 'es', en: 'en', english: 'en', ingles: 'en',
  pt: 'pt', portuguese: 'pt', portugues: 'pt', fr: 'fr', french: 'fr', frances: 'fr',
};
for (const k of PRACTICE_KINDS) KIND_WORDS[fold(k)] = k;

const list = (s: string) =>
  s
    .split(/[,;|\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A cell that a spreadsheet would run: = + @ anywhere at the start, or - followed by a non-number. */
const looksLikeFormula = (c: Cell) => c.formula || /^[=+@]/.test(c.text) || /^-[^\s\d]/.test(c.text);

export function parseRow(
  cells: Cell[],
  rowNo: number,
  columns: ColumnPlan[],
  ctx: { countries: Countries; organisation: string | null; language: (typeof LANGUAGES)[number]; locale: Locale; currentYear: number; source: string },
  errors: RowError[],
): ParsedRow | null {
  if (cells.every((c) => c.text.trim() === '')) return null;
  const before = errors.length;
  const err = (col: ColumnPlan | undefined, value: string, key: MessageKey, params: Record<string, unknown> = {}) =>
    errors.push({ row: rowNo, column: col?.header ?? '', value: value.length > 60 ? `${value.slice(0, 60)}…` : value, message: t(ctx.locale, key, params) });
  const idx = new Map<CatalogueField, number>();
  columns.forEach((c, i) => c.field && idx.set(c.field, i));
  const get = (f: CatalogueField): string => {
    const i = idx.get(f);
    if (i === undefined) return '';
    const cell = cells[i];
    if (!cell) return '';
    if (looksLikeFormula(cell)) {
      err(columns[i], cell.text, 'errors.importFormula');
      return '';
    }
    return cell.text.trim();
  };
  const col = (f: CatalogueField) => columns[idx.get(f) ?? -1];
  // Formulas in columns left aside are refused too: they never enter the platform, and the
  // uploader would not know which cells were read.
  columns.forEach((c, i) => !c.field && cells[i] && looksLikeFormula(cells[i]) && err(c, cells[i].text, 'errors.importFormula'));

  const title = get('title');
  const summary = get('summary');
  const themes = get('themes');
  if (!title) {
    if (idx.has('title') && !errors.slice(before).some((e) => e.column === col('title')?.header)) err(col('title'), '', 'errors.catalogue.titleMissing');
  } else if (title.length > MAX_TITLE) err(col('title'), title, 'errors.catalogue.tooLong', { max: MAX_TITLE, length: title.length });
  if (summary.length > MAX_SUMMARY) err(col('summary'), summary, 'errors.catalogue.tooLong', { max: MAX_SUMMARY, length: summary.length });
  for (const f of ['title', 'summary', 'themes'] as const) {
    const v = f === 'title' ? title : f === 'summary' ? summary : themes;
    if (HTML_TAG.test(v)) err(col(f), v, 'errors.htmlNotAllowed');
  }

  const countries: string[] = [];
  for (const name of list(get('countries'))) {
    const code = ctx.countries.byKey.get(fold(name)) ?? ctx.countries.byKey.get(name.toUpperCase());
    if (!code) err(col('countries'), name, 'errors.catalogue.unknownCountry', { name });
    else if (!countries.includes(code)) countries.push(code);
  }

  let periodStart: string | null = null;
  let periodEnd: string | null = null;
  const year = get('year');
  if (year) {
    const m = /^(\d{4})(?:-\d{2}-\d{2})?(?:\s*[-–—/a]\s*(\d{4}|)(?:-\d{2}-\d{2})?)?$/.exec(year.replace(/\s+(to|hasta)\s+/i, '-'));
    const from = m ? Number(m[1]) : NaN;
    const to = m?.[2] ? Number(m[2]) : from;
    if (!m || from < 1950 || to > ctx.currentYear + 10 || to < from) err(col('year'), year, 'errors.catalogue.badYear');
    else {
      periodStart = `${from}-01-01`;
      periodEnd = m[2] ? `${to}-12-31` : null;
    }
  }

  const links: { url: string; label: null }[] = [];
  for (const url of get('links').split(/[\s,;|]+/).filter(Boolean)) {
    let ok: boolean;
    try {
      const p = new URL(url).protocol;
      ok = (p === 'http:' || p === 'https:') && url.length <= 2000;
    } catch {
      ok = false;
    }
    if (!ok) err(col('links'), url, 'errors.linkScheme');
    else if (links.length < 20) links.push({ url, label: null });
  }

  const flag = fold(get('goodPractice'));
  if (flag && !YES.has(flag) && !NO.has(flag)) err(col('goodPractice'), get('goodPractice'), 'errors.catalogue.badFlag');
  const kindText = fold(get('kind'));
  const kind = kindText ? KIND_WORDS[kindText] : YES.has(flag) ? 'good_practice' : 'programme';
  if (!kind) err(col('kind'), get('kind'), 'errors.catalogue.badKind', { allowed: PRACTICE_KINDS.map((k) => t(ctx.locale, `practiceKind.${k}`)).join(', ') });

  const objectives: number[] = [];
  for (const o of list(get('objectives').replace(/\s+/g, ','))) {
    const n = /^\d{1,2}$/.test(o.replace(/^(obj(etivo|ective)?|o)\.?/i, '')) ? Number(o.replace(/^(obj(etivo|ective)?|o)\.?/i, '')) : NaN;
    if (!(n >= 1 && n <= 23)) err(col('objectives'), o, 'errors.objectiveNotFound', { number: o });
    else if (!objectives.includes(n)) objectives.push(n);
  }

  const langText = fold(get('language'));
  const language = langText ? LANGUAGE_WORDS[langText] : ctx.language;
  if (!language) err(col('language'), get('language'), 'errors.catalogue.badLanguage');
  if (!ctx.organisation && countries.length === 0 && title) err(col('countries'), '', 'errors.implementerRequired');

  if (errors.length > before || !title || !kind || !language) return { row: rowNo, title, summary, themes, countries, objectives, input: null };
  const draft = {
    title: { [language]: title },
    summary: summary ? { [language]: summary } : {},
    // The partner's own themes are kept with the practice, in its words, for the reviewer.
    description: themes ? `${t(language === 'es' ? 'es' : 'en', 'catalogue.themesLine')}: ${list(themes).join(', ')}` : null,
    originalLanguage: language,
    kind,
    countries,
    organisations: ctx.organisation ? [ctx.organisation] : [],
    objectives: [1],
    periodStart,
    periodEnd,
    links,
    source: ctx.source,
  };
  // The shared schema has the last word (the same rules as the form).
  const r = practiceInput.safeParse(draft);
  if (!r.success) {
    for (const i of r.error.issues) {
      const key = dynamicKey((i as { params?: { key?: string } }).params?.key ?? 'errors.fieldInvalid');
      err(undefined, String(i.path.join('.')), key, { detail: i.message });
    }
    return { row: rowNo, title, summary, themes, countries, objectives, input: null };
  }
  const { objectives: _o, primaryObjective: _p, ...input } = r.data;
  return { row: rowNo, title, summary, themes, countries, objectives, input };
}
