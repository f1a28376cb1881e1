import fs from 'node:fs';
import path from 'node:path';
import { SEED_DIR } from '../../platform/paths.ts';

/** Accent- and case-free form of a text, as the search compares words. */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

let vocabulary: string[][] | undefined;
/** The bilingual vocabulary's groups (seed/reference/search-vocabulary.json), folded. */
export function vocabularyGroups(): string[][] {
  if (!vocabulary) {
    const file = path.join(SEED_DIR, 'reference', 'search-vocabulary.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { groups: string[][] };
    vocabulary = data.groups.map((g) => g.map(fold));
  }
  return vocabulary;
}

/** Every vocabulary term, folded. */
export function vocabularyTerms(): string[] {
  return vocabularyGroups().flat();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The query plus, for every vocabulary term it contains, the query with that term replaced by
 * each other term of its group. Every other word of the query stays required: "retorno mujeres"
 * is not "retorno" alone (when no practice holds both, the search's fallback lists those holding
 * either, and says so).
 */
let termPatterns: { group: string[]; term: string; re: RegExp }[] | undefined;
/** Each vocabulary term's whole-word pattern, compiled once (a catalogue expands thousands of texts). */
function patterns() {
  termPatterns ??= vocabularyGroups().flatMap((group) => group.map((term) => ({ group, term, re: new RegExp(`(^|\\W)${escape(term)}(\\W|$)`) })));
  return termPatterns;
}

export function expandQuery(q: string): string[] {
  const folded = fold(q);
  const out = new Set<string>([folded]);
  for (const { group, term, re } of patterns()) {
    if (re.test(folded)) {
      for (const other of group) out.add(folded.replace(term, other));
    }
  }
  return [...out].slice(0, 12);
}
