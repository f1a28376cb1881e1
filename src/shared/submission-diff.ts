/**
 * The diff a validated submission shows before it is confirmed (observatory staging.ts computes
 * it; the web's report page draws it): counts, and up to ten examples of each kind.
 */
export interface DiffExample {
  row: number | null;
  key: Record<string, string>;
  before: number | null;
  after: number | null;
}
export interface SubmissionDiff {
  mode: 'merge' | 'replace';
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  examples: { added: DiffExample[]; changed: DiffExample[]; removed: DiffExample[] };
}
