/** A refusal with a message meant for the operator (no stack trace needed). */
export class BackupError extends Error {
  constructor(
    readonly key: BackupErrorKey,
    readonly detail: string = '',
  ) {
    super(`${key}${detail ? `: ${detail}` : ''}`);
  }
}
export type BackupErrorKey = 'notABackup' | 'damaged' | 'targetNotEmpty' | 'differentVersion' | 'notMigrated';
