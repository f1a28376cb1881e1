import { loadKeys, purgeExpired, rotateKeys } from '../server/modules/cases/index.ts';
import { CliError, parse, UsageError, type Cli } from './common.ts';
import { requireMigrated, withDatabase } from './database.ts';

/**
 * `observatorio cases rotate-key` and `observatorio cases purge` (docs/adr/0014). Sentences
 * here in both languages: they concern only this module.
 */
const M = {
  usage: {
    es: 'uso: observatorio cases rotate-key | purge\n\n  rotate-key  vuelve a cifrar con CASES_KEY todo lo cifrado con las claves de CASES_KEY_PREVIOUS\n  purge       elimina los datos personales cuyo plazo de conservación venció',
    en: 'usage: observatorio cases rotate-key | purge\n\n  rotate-key  re-encrypts with CASES_KEY everything encrypted with the keys in CASES_KEY_PREVIOUS\n  purge       erases the personal data whose retention period has ended',
  },
  noKey: { es: 'CASES_KEY no está configurada: el intercambio está desactivado', en: 'CASES_KEY is not set: the exchange is off' },
  rotated: { es: 'Registros vueltos a cifrar: {records}; motivos de consulta: {reads}.', en: 'Records re-encrypted: {records}; read reasons: {reads}.' },
  left: { es: 'Quedan {n} valores con la clave {id}: falta esa clave en CASES_KEY_PREVIOUS.', en: '{n} values are left under key {id}: that key is missing from CASES_KEY_PREVIOUS.' },
  done: { es: 'Ningún valor queda con una clave anterior: ya puede retirarlas de CASES_KEY_PREVIOUS.', en: 'No value is left under an old key: they can now be removed from CASES_KEY_PREVIOUS.' },
  purged: { es: 'Registros cuyos datos personales se eliminaron: {n}.', en: 'Records whose personal data was erased: {n}.' },
};
const say = (cli: Cli, key: keyof typeof M, p: Record<string, string | number> = {}) => M[key][cli.locale].replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? ''));

export async function run(cli: Cli, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    cli.out(say(cli, 'usage'));
    return 0;
  }
  if (sub !== 'rotate-key' && sub !== 'purge') throw new UsageError(say(cli, 'usage'), 'cases');
  if (!parse(cli, 'cases', rest, {})) return 0;
  const config = cli.config();
  const keys = loadKeys(config.casesKey, config.casesKeyPrevious);
  if (!keys) throw new CliError(say(cli, 'noKey'));
  return withDatabase(cli, async (d) => {
    await requireMigrated(cli, d);
    if (sub === 'purge') {
      cli.out(say(cli, 'purged', { n: await purgeExpired(d.db) }));
      return 0;
    }
    const r = await rotateKeys(d.db, keys);
    cli.out(say(cli, 'rotated', { records: r.records, reads: r.reads }));
    const left = Object.entries(r.left);
    for (const [id, n] of left) cli.err(say(cli, 'left', { id, n }));
    if (left.length) return 1;
    cli.out(say(cli, 'done'));
    return 0;
  });
}
