/**
 * The cooperation hub's fixed values (issue 22), without zod: the server's contract
 * (contracts/cooperation.ts) and the web app (at run time) read the same lists.
 */
export const SUPPORT_KINDS = ['technical_assistance', 'training', 'exchange', 'data_tools', 'funding'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];
export const COOP_STATUSES = ['draft', 'published', 'closed'] as const;
export const COOPERATION_STATUSES = ['proposed', 'agreed', 'in_progress', 'completed', 'dropped'] as const;
export type CooperationStatus = (typeof COOPERATION_STATUSES)[number];
export const VISIBILITIES = ['members', 'public'] as const;
