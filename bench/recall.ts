import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Recall of the practices search on the hand-written query set (bench/practices-recall.json,
 * see its note): shared by the benchmark and by the test that asserts a floor.
 */
export interface RecallQuery {
  q: string;
  lang: 'es' | 'en';
  expected: string[];
}

export function recallQueries(): RecallQuery[] {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'practices-recall.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { queries: RecallQuery[] }).queries;
}

export interface RecallResult {
  /** Mean recall@5 over the queries (0–1). */
  recall: number;
  /** Per query: recall@5, the expected keys missing from the first five, and the first five. */
  perQuery: { q: string; lang: string; recall: number; missing: string[]; top: string[] }[];
}

/** `search`: the first five slugs the search returns for a query, in order. */
export async function measureRecall(search: (q: string, lang: 'es' | 'en') => Promise<string[]>): Promise<RecallResult> {
  const perQuery: RecallResult['perQuery'] = [];
  for (const query of recallQueries()) {
    const top = (await search(query.q, query.lang)).slice(0, 5);
    const found = query.expected.filter((k) => top.includes(k));
    perQuery.push({ q: query.q, lang: query.lang, recall: found.length / Math.min(5, query.expected.length), missing: query.expected.filter((k) => !top.includes(k)), top });
  }
  return { recall: perQuery.reduce((s, x) => s + x.recall, 0) / perQuery.length, perQuery };
}
