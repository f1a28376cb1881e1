import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../server/composition.ts';
import { backupDatabase, readBackupHeader, restoreDatabase, type TableCount } from '../server/platform/db/backup.ts';
import { parse, UsageError, type Cli } from './common.ts';
import { withDatabase } from './database.ts';

function printCounts(cli: Cli, tables: TableCount[]) {
  for (const t of tables) cli.out(cli.say('tableCount', { table: t.table, rows: t.rows }));
}

export async function backupCommand(cli: Cli, args: string[]): Promise<number> {
  const p = parse(cli, 'backup', args, { force: { type: 'boolean' } }, ['FILE']);
  if (!p) return 0;
  const file = path.resolve(p.positionals[0]!);
  if (fs.existsSync(file) && !p.values.force) throw new UsageError(cli.say('fileExists', { file }), 'backup');
  const result = await withDatabase(cli, (d) => backupDatabase(d.url, file));
  cli.out(cli.say('backupDone', { file }));
  printCounts(cli, result.tables);
  return 0;
}

export async function restoreCommand(cli: Cli, args: string[]): Promise<number> {
  const p = parse(cli, 'restore', args, { force: { type: 'boolean' } }, ['FILE']);
  if (!p) return 0;
  const file = path.resolve(p.positionals[0]!);
  // Refuse a missing or foreign file before starting anything.
  await readBackupHeader(file);
  const result = await withDatabase(cli, (d) => restoreDatabase(d.url, file, { migrations: migrations(), force: p.values.force === true }));
  cli.out(cli.say('restoreDone', { file }));
  printCounts(cli, result.tables);
  return 0;
}
