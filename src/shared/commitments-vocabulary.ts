/**
 * The commitments vocabularies and link rule, shared by the server (src/shared/contracts/
 * commitments.ts) and the web (features/commitments/logic.ts). No zod here: the web bundles it.
 */
export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'blocked', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const MEETING_KINDS = ['plenary', 'forum', 'troika', 'thematic_table', 'other'] as const;
export const OUTCOME_KINDS = ['agreement', 'recommendation', 'cooperation_idea'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export const PLEDGE_KINDS = ['financial', 'technical', 'policy', 'process'] as const;
export const DOCUMENT_KINDS = ['communique', 'report', 'agenda', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** http:// or https:// only: evidence links are opened by other people. */
export function isHttpUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}
