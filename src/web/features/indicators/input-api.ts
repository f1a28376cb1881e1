import { ApiError } from '../../api/client.ts';

/** The shapes of the indicator input API: its contract (src/shared/contracts/indicators.ts). */
export type { InputPreview, PreviewEntry, ReportedItem, Sheet, SheetRow } from '../../../shared/contracts/indicators.ts';
export type Answer = 'yes' | 'partial' | 'no';
export type ValueStatus = 'provisional' | 'validated' | 'rejected';

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
