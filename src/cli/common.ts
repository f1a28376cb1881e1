import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../server/config.ts';
import { DomainError, Invalid } from '../server/platform/http/errors.ts';
import { t, type Locale } from '../server/platform/i18n/index.ts';
import { BackupError } from '../server/platform/db/backup.ts';
import { help, type MessageKey } from './messages.ts';

/** What every command shares: the usage and error types, option parsing, error wording. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command = '',
  ) {
    super(message);
  }
}
export class CliError extends Error {}

export interface Cli {
  locale: Locale;
  out(line: string): void;
  err(line: string): void;
  config(): Config;
  say(key: MessageKey, params?: Record<string, string | number>): string;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with our usage errors; `--help` prints the command's help and returns null. */
export function parse<O extends Options>(cli: Cli, command: string, args: string[], options: O, positionals: string[] = []) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(cli.say('badOption', { detail: firstLine(err instanceof Error ? err.message : String(err)) }), command);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    cli.out(help[command]?.[cli.locale] ?? help.main![cli.locale]);
    return null;
  }
  const pos = parsed.positionals;
  if (pos.length < positionals.length) throw new UsageError(cli.say('missingArg', { name: positionals[pos.length]! }), command);
  if (pos.length > positionals.length) throw new UsageError(cli.say('extraArgs', { args: pos.slice(positionals.length).join(' ') }), command);
  return { values: parsed.values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }, positionals: pos };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/\. To specify .*$/, '');
}

/** One line for any failure: domain errors in the operator's language, the rest by message. */
export function describe(err: unknown, locale: Locale, say: Cli['say']): string {
  if (err instanceof Invalid) return err.issues.map((i) => t(locale, i.key, i.params)).join(' ');
  if (err instanceof DomainError) return t(locale, err.key, err.params);
  if (err instanceof BackupError) return say(`backup.${err.key}`, { detail: err.detail ? (err.key === 'targetNotEmpty' || err.key === 'differentVersion' ? err.detail : ` (${err.detail})`) : '' });
  const e = err as NodeJS.ErrnoException & { address?: string };
  if (e && (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === '28P01' || e.code === '3D000' || e.code === '28000')) {
    return say('dbUnreachable', { detail: firstLine(e.message || e.code) });
  }
  if (e && e.code === 'ENOENT' && typeof (e as { path?: string }).path === 'string') return say('fileNotFound', { file: (e as { path: string }).path });
  return firstLine(err instanceof Error ? err.message || err.name : String(err));
}

