import { ApiError } from '../../api/client.ts';

/** The shapes of the indicator input API (src/server/modules/indicators/input-routes.ts). */
export type Answer = 'yes' | 'partial' | 'no';
export type ValueStatus = 'provisional' | 'validated' | 'rejected';

export interface SheetRow {
  code: string;
  name: string;
  unit: string;
  type: string;
  country: string;
  year: string;
  value: number | null;
  answer: Answer | null;
  status: ValueStatus | null;
  origin: 'computed' | 'reported' | 'imported' | null;
  revisionId: number | null;
}
export interface Sheet {
  country: string;
  years: string[];
  rows: SheetRow[];
}
export interface PreviewEntry {
  row: number;
  kind: 'new' | 'changed' | 'unchanged';
  code: string;
  name: string;
  country: string;
  period: string;
  disaggregation: Record<string, string>;
  before: { value: number | null; answer: Answer | null; status: string; origin: string } | null;
  after: { value: number | null; answer: Answer | null };
}
export interface InputPreview {
  checksum: string;
  rows: number;
  canApply: boolean;
  counts: Record<string, number>;
  unknownSeries?: string[];
  entries: PreviewEntry[];
  errors: { row: number; column: string; value: string; message: string }[];
}
export interface ReportedItem {
  revisionId: number;
  code: string;
  name: string;
  type: string;
  unit: string;
  country: string;
  period: string;
  value: number | null;
  answer: Answer | null;
  status: ValueStatus;
  narrative: string | null;
  evidenceUrl: string | null;
  evidenceFiles: { id: string; filename: string }[];
  reportedBy: string | null;
  recordedAt: string;
  current: boolean;
  previous: { value: number | null; answer: Answer | null; status: string; origin: string } | null;
  decisions: { decision: 'validated' | 'rejected'; reason: string | null; by: string; at: string }[];
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export const MAX_FILE_MB = 5;

/** The message of a failed call with the server's issues, in the reader's language. */
export function errorText(err: Error | null): string | null {
  if (!err) return null;
  return err instanceof ApiError ? [err.message, ...err.issues.map((i) => i.message)].join(' ') : err.message;
}

/** The years a focal point may pick: the last five complete ones and the current one. */
export function yearChoices(now = new Date()): string[] {
  const y = now.getFullYear();
  return [y - 5, y - 4, y - 3, y - 2, y - 1, y].map(String);
}
