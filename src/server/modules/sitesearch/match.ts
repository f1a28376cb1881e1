/**
 * Matching for the small lists the site search goes through in memory (meetings, outcomes,
 * roadmaps, countries, objectives, flows — tens of items each): accents and case ignored,
 * every word of the question must start a word of the text ("migr" finds "migrantes").
 * Practices are not matched here: their own search (stemming, both languages) answers for them.
 */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

export function words(s: string): string[] {
  return fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The question's words worth matching: one-letter words and bare punctuation say nothing. */
export function queryWords(q: string): string[] {
  return [...new Set(words(q).filter((w) => w.length >= 2 || /\d/.test(w)))];
}

/**
 * A score for one item: 0 when some word is missing; otherwise higher for words in the title
 * than in the rest, and for whole words than for beginnings.
 */
export function score(q: string[], title: string, rest = ''): number {
  if (q.length === 0) return 0;
  const tw = words(title);
  const rw = words(rest);
  let total = 0;
  for (const w of q) {
    const inTitle = tw.some((x) => x === w) ? 4 : tw.some((x) => x.startsWith(w)) ? 3 : 0;
    const inRest = inTitle ? 0 : rw.some((x) => x === w) ? 2 : rw.some((x) => x.startsWith(w)) ? 1 : 0;
    const s = inTitle || inRest;
    if (!s) return 0;
    total += s;
  }
  return total;
}
