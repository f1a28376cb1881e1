import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';
import { cliLocale, help, msg, type MessageKey } from './messages.ts';
import { describe, UsageError, type Cli } from './common.ts';

/**
 * `observatorio`: serve, migrate, seed, user create|list, backup, restore, import, import-real-data.
 * Exit codes: 0 success, 1 error, 2 usage error. Errors are one line, never a stack trace.
 */
const COMMANDS: Record<string, () => Promise<{ run(cli: Cli, args: string[]): Promise<number | void> }>> = {
  serve: () => import('./serve.ts'),
  migrate: () => import('./database.ts').then((m) => ({ run: m.migrateCommand })),
  seed: () => import('./database.ts').then((m) => ({ run: m.seedCommand })),
  user: () => import('./user.ts'),
  backup: () => import('./backup.ts').then((m) => ({ run: m.backupCommand })),
  restore: () => import('./backup.ts').then((m) => ({ run: m.restoreCommand })),
  import: () => import('./import.ts').then((m) => ({ run: m.importCommand })),
  'import-real-data': () => import('./import.ts').then((m) => ({ run: m.importRealDataCommand })),
  cases: () => import('./cases.ts'),
};

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const locale = cliLocale(env);
  const say = (key: MessageKey, params?: Record<string, string | number>) => msg(locale, key, params);
  let config: Config | undefined;
  const cli: Cli = {
    locale,
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    config: () => (config ??= loadConfig(env)),
    say,
  };
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      if (command) cli.out(help.main![locale]);
      else cli.err(help.main![locale]);
      return command ? 0 : 2;
    }
    const load = COMMANDS[command];
    if (!load) throw new UsageError(say('unknownCommand', { cmd: command }));
    const mod = await load();
    return (await mod.run(cli, rest)) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      cli.err(`observatorio: ${err.message} (${say('seeHelp', { cmd: err.command ? `${err.command} ` : '' })})`);
      return 2;
    }
    if (err instanceof ConfigError) {
      cli.err(err.message);
      return 2;
    }
    cli.err(`observatorio: ${say('error')}: ${describe(err, locale, say)}`);
    if (env.OBSERVATORIO_DEBUG && err instanceof Error && err.stack) cli.err(err.stack);
    return 1;
  }
}

// Run when executed (node --import tsx src/cli/main.ts …), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await main(process.argv.slice(2));
  // `serve` keeps running; every other command ends here with its code.
  if (code !== -1) {
    // Explicit: an open handle (a mail transport) must not keep a finished command alive,
    // and no library's exit hook may replace the code.
    process.exit(code);
  }
}
