import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../server/composition.ts';
import { backupDatabase, readBackupHeader, restoreDatabase, type FileCount, type TableCount } from '../server/platform/db/backup.ts';
import { parse, UsageError, type Cli } from './common.ts';
import { withDatabase } from './database.ts';

function printCounts(cli: Cli, tables: TableCount[]) {
  for (const t of tables) cli.out(cli.say('tableCount', { table: t.table, rows: t.rows }));
}

/** 1536 → "1.5 KB" (es: "1,5 KB"). */
export function formatBytes(bytes: number, locale: Cli['locale']): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: u ? 1 : 0 }).format(v)} ${units[u]}`;
}

function printFiles(cli: Cli, files: FileCount & { skipped?: number }) {
  cli.out(cli.say('fileCount', { count: files.count, size: formatBytes(files.bytes, cli.locale) }));
  if (files.skipped) cli.out(cli.say('filesSkipped', { count: files.skipped }));
}

/** The file store of the installation (uploads, attachments, evidence, meeting documents). */
function filesDir(cli: Cli): string {
  return path.join(cli.config().dataDir, 'files');
}

export async function backupCommand(cli: Cli, args: string[]): Promise<number> {
  const p = parse(cli, 'backup', args, { force: { type: 'boolean' } }, ['FILE']);
  if (!p) return 0;
  const file = path.resolve(p.positionals[0]!);
  if (fs.existsSync(file) && !p.values.force) throw new UsageError(cli.say('fileExists', { file }), 'backup');
  const result = await withDatabase(cli, (d) => backupDatabase(d.url, file, { filesDir: filesDir(cli) }));
  cli.out(cli.say('backupDone', { file }));
  printCounts(cli, result.tables);
  printFiles(cli, result.files);
  return 0;
}

export async function restoreCommand(cli: Cli, args: string[]): Promise<number> {
  const p = parse(cli, 'restore', args, { force: { type: 'boolean' } }, ['FILE']);
  if (!p) return 0;
  const file = path.resolve(p.positionals[0]!);
  // Refuse a missing or foreign file before starting anything.
  await readBackupHeader(file);
  const result = await withDatabase(cli, (d) =>
    restoreDatabase(d.url, file, { migrations: migrations(), force: p.values.force === true, filesDir: filesDir(cli) }),
  );
  cli.out(cli.say('restoreDone', { file }));
  printCounts(cli, result.tables);
  for (const t of result.skippedTables) cli.out(cli.say('tableSkipped', { table: t.table, rows: t.rows }));
  printFiles(cli, result.files);
  return 0;
}
