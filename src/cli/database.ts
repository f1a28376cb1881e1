import { migrateAll, migrationsCurrent, seedAll } from '../server/composition.ts';
import { openDatabase, type OpenDatabase } from '../server/platform/db/open.ts';
import { shutdownHandledByApp } from '../server/platform/db/embedded.ts';
import { CliError, parse, type Cli } from './common.ts';

/** Opens the configured database (embedded unless DATABASE_URL), runs `fn`, always closes it. */
export async function withDatabase<T>(cli: Cli, fn: (database: OpenDatabase) => Promise<T>): Promise<T> {
  shutdownHandledByApp();
  const database = await openDatabase(cli.config(), (m) => cli.err(m));
  // Ctrl-C during a command: end the pool and stop an embedded server we started.
  const onSignal = () => void database.close().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(database);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await database.close();
  }
}

export async function requireMigrated(cli: Cli, database: OpenDatabase): Promise<void> {
  if (!(await migrationsCurrent(database.db))) throw new CliError(cli.say('notMigrated'));
}

export async function migrateCommand(cli: Cli, args: string[]): Promise<number> {
  if (!parse(cli, 'migrate', args, {})) return 0;
  const applied = await withDatabase(cli, (d) => migrateAll(d.db));
  cli.out(applied.length ? cli.say('migrationsApplied', { names: applied.join(', ') }) : cli.say('migrationsNone'));
  return 0;
}

export async function seedCommand(cli: Cli, args: string[]): Promise<number> {
  if (!parse(cli, 'seed', args, {})) return 0;
  await withDatabase(cli, async (d) => {
    await requireMigrated(cli, d);
    await seedAll(d.db);
  });
  cli.out(cli.say('seeded'));
  return 0;
}
