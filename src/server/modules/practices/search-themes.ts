import fs from 'node:fs';
import path from 'node:path';
import { SEED_DIR } from '../../platform/paths.ts';
import { expandQuery, fold, vocabularyTerms } from './search-words.ts';

/**
 * The query cut into concepts ("units"), each with the GCM objectives its words name.
 *
 * Most seeded practices are a title only ("Programa Sembrando Vida"): their theme is known
 * only from the objectives the report files them under. A query made of theme words ("retorno",
 * "trata de personas", "return and reintegration") therefore also finds the practices tagged
 * with the objective those words name (seed/reference/search-themes.json, built from the 23
 * objectives' official wording plus a few synonyms). Units also drive the fallback search:
 * when no practice holds every concept, those holding most of them are listed (service.ts).
 */
interface ThemeFile {
  stopwords: string[];
  generic: string[];
  objectives: { objective: number; terms: { from: string; terms: string[] }[] }[];
}

interface Themes {
  /** Small words, and the domain's generic words ("migrantes"): no concept of their own. */
  stopwords: Set<string>;
  /** Folded term → objectives it names. */
  byTerm: Map<string, number[]>;
  /** Longest multiword term, in words (bounds the greedy segmentation). */
  longest: number;
}

let themes: Themes | undefined;
export function loadThemes(): Themes {
  if (themes) return themes;
  const data = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'reference', 'search-themes.json'), 'utf8')) as ThemeFile;
  const byTerm = new Map<string, number[]>();
  let longest = 1;
  for (const o of data.objectives) {
    for (const g of o.terms) {
      for (const raw of g.terms) {
        const term = fold(raw);
        const list = byTerm.get(term) ?? [];
        if (!list.includes(o.objective)) list.push(o.objective);
        byTerm.set(term, list);
        longest = Math.max(longest, term.split(' ').length);
      }
    }
  }
  themes = { stopwords: new Set([...data.stopwords, ...data.generic].map(fold)), byTerm, longest };
  return themes;
}

/** Every theme term, folded: words the typo correction must never "correct". */
export function themeTerms(): Set<string> {
  return new Set(loadThemes().byTerm.keys());
}

export interface QueryUnit {
  /** The unit as typed (folded). */
  text: string;
  /** The unit and its vocabulary equivalents, for the full-text match. */
  alternatives: string[];
  /** GCM objectives the unit names (directly or through a vocabulary equivalent). */
  objectives: number[];
}

const words = (s: string) => s.split(/[^a-z0-9ñ]+/).filter(Boolean);

/**
 * The query's concepts: the longest vocabulary or theme term at each position first (so
 * "human trafficking" stays one concept), then single words; small words and the domain's
 * generic words ("migrantes", "migration") are dropped.
 * `corrected`: the typo-corrected query, word for word, when it differs.
 */
export function queryUnits(text: string, corrected?: string | null): QueryUnit[] {
  const t = loadThemes();
  const known = new Set([...t.byTerm.keys(), ...vocabularyTerms()]);
  const typed = words(fold(text)).slice(0, 20);
  const fixed = corrected ? words(fold(corrected)).slice(0, 20) : typed;
  const sameLength = fixed.length === typed.length;
  const units: QueryUnit[] = [];
  for (let i = 0; i < typed.length; ) {
    let n = Math.min(Math.max(t.longest, 4), typed.length - i);
    for (; n > 1; n--) if (known.has(typed.slice(i, i + n).join(' '))) break;
    const unit = typed.slice(i, i + n).join(' ');
    const fixedUnit = sameLength ? fixed.slice(i, i + n).join(' ') : unit;
    i += n;
    if (n === 1 && t.stopwords.has(unit)) continue;
    const alternatives = [...new Set([...expandQuery(unit), ...(fixedUnit !== unit ? expandQuery(fixedUnit) : [])])];
    const objectives = new Set<number>();
    for (const a of alternatives) for (const o of t.byTerm.get(a) ?? []) objectives.add(o);
    units.push({ text: unit, alternatives, objectives: [...objectives].sort((a, b) => a - b) });
  }
  return units;
}
