import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { isLocale, type Locale } from '../server/platform/i18n/index.ts';
import { CliError, parse, UsageError, type Cli } from './common.ts';

/**
 * `observatorio import`: one country's file through the platform's own importer — the whole
 * file is validated, the report printed in the operator's language, and only after a
 * confirmation (or --yes) applied in one transaction. `observatorio import-real-data`: the
 * shipped americas-flows files, as a fresh start loads them (docs/adr/0003).
 *
 * Exit codes: 0 applied (or nothing to do), 1 error, 2 usage error, 3 the file did not
 * validate (nothing stored), 4 not confirmed (nothing stored).
 */
export const EXIT_REJECTED = 3;
export const EXIT_NOT_CONFIRMED = 4;
const SHOWN_ERRORS = 20;
const SHOWN_WARNINGS = 10;

type Params = Record<string, string | number>;
const TEXT = {
  reading: { es: 'Validando {file} ({dataflow}, {country})…', en: 'Validating {file} ({dataflow}, {country})…' },
  summary: { es: 'Filas leídas: {rows} · errores: {errors} · avisos: {warnings}', en: 'Rows read: {rows} · errors: {errors} · warnings: {warnings}' },
  errorsHead: { es: 'Errores ({shown} de {count}):', en: 'Errors ({shown} of {count}):' },
  warningsHead: { es: 'Avisos ({shown} de {count}):', en: 'Warnings ({shown} of {count}):' },
  reportLink: { es: 'Informe completo: GET /api/v1/submissions/{id} (y /report.csv)', en: 'Full report: GET /api/v1/submissions/{id} (and /report.csv)' },
  rejected: { es: 'El archivo no se validó: no se guardó nada. Corrija los errores y vuelva a enviarlo.', en: 'The file did not validate: nothing was stored. Fix the errors and submit it again.' },
  confirm: { es: '¿Aplicar las {rows} filas validadas en una sola transacción? [s/N]', en: 'Apply the {rows} validated rows in one transaction? [y/N]' },
  notConfirmed: { es: 'No confirmado: no se guardó nada (la validación queda como envío {id}).', en: 'Not confirmed: nothing was stored (the validation is kept as submission {id}).' },
  applied: { es: 'Aplicado: {added} nuevas, {changed} cambiadas, {unchanged} sin cambios.', en: 'Applied: {added} new, {changed} changed, {unchanged} unchanged.' },
  badCountry: { es: 'país no válido «{country}»; use un código ISO de 3 letras (p. ej. CRI)', en: 'invalid country "{country}"; use a 3-letter ISO code (e.g. CRI)' },
  unknownCountry: { es: 'el país «{country}» no está en la lista de países', en: 'the country "{country}" is not in the list of countries' },
  realFile: { es: '{file}: {rows} filas, {added} observaciones nuevas, {refused} filas rechazadas', en: '{file}: {rows} rows, {added} new observations, {refused} rows refused' },
  realNotApplied: { es: '{file}: no se aplicó ({refused} filas rechazadas)', en: '{file}: not applied ({refused} rows refused)' },
  realSkipped: { es: '{file}: ya cargado, sin cambios', en: '{file}: already loaded, nothing changed' },
  realReleased: { es: 'Publicado para: {countries}', en: 'Released for: {countries}' },
  realMissing: { es: 'no se encuentra la carpeta de datos {dir}', en: 'data folder not found: {dir}' },
} satisfies Record<string, Record<Locale, string>>;

function say(locale: Locale, key: keyof typeof TEXT, params: Params = {}): string {
  return TEXT[key][locale].replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

function pickLocale(cli: Cli, lang: string | undefined, command: string): Locale {
  if (lang === undefined) return cli.locale;
  if (!isLocale(lang) || (lang !== 'es' && lang !== 'en')) throw new UsageError(cli.say('badLocale', { locale: lang }), command);
  return lang;
}

/** One line from stdin (a terminal or a pipe); null at end of input. */
async function ask(question: string): Promise<string | null> {
  process.stdout.write(question + ' ');
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) return line;
    return null;
  } finally {
    rl.close();
  }
}

export async function importCommand(cli: Cli, args: string[]): Promise<number> {
  const cmd = 'import';
  const p = parse(cli, cmd, args, {
    dataflow: { type: 'string' },
    country: { type: 'string' },
    file: { type: 'string' },
    mapping: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    lang: { type: 'string' },
  });
  if (!p) return 0;
  const v = p.values;
  const locale = pickLocale(cli, v.lang, cmd);
  if (!v.file) throw new UsageError(cli.say('missingOption', { name: 'file' }), cmd);
  if (!v.country) throw new UsageError(cli.say('missingOption', { name: 'country' }), cmd);
  const country = v.country.toUpperCase();
  if (!/^[A-Z]{3}$/.test(country)) throw new UsageError(say(locale, 'badCountry', { country: v.country }), cmd);
  const dataflow = (v.dataflow ?? 'MIG_FLOWS').toUpperCase();
  const file = path.resolve(v.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(cli.say('fileNotFound', { file: v.file }));

  const { requireMigrated, withDatabase } = await import('./database.ts');
  const [{ ObservatoryService, MappingStore, ensureSystemAccount, tempFile, whenValidated }, { createFileStore }] = await Promise.all([
    import('../server/modules/observatory/index.ts'),
    import('../server/platform/file-store.ts'),
  ]);
  const config = cli.config();
  return withDatabase(cli, async (database) => {
    await requireMigrated(cli, database);
    const { db } = database;
    if (!(await db.selectFrom('ref_country').select('code').where('code', '=', country).executeTakeFirst())) throw new CliError(say(locale, 'unknownCountry', { country }));
    // The operator acts for one country: the system account with that country's scope, so
    // rows of any other reporting country are refused exactly as for its focal point.
    const system = await ensureSystemAccount(db);
    const actor = { ...system, role: 'focal_point' as const, countryCode: country, locale };
    const meta = { requestId: `cli:${os.userInfo().username}`, ip: null };
    const service = new ObservatoryService(db, createFileStore(config.fileStore, db, config.dataDir));
    // an import killed earlier left its submission validating: mark it failed, drop its stage
    // (validations of other processes hold their lock and are left alone; recovery.ts)
    await service.recover();
    const mapping = v.mapping ? await new MappingStore(db).resolve(actor, dataflow, v.mapping, country) : {};
    cli.out(say(locale, 'reading', { file: path.basename(file), dataflow, country }));
    const tmpPath = tempFile('');
    fs.copyFileSync(file, tmpPath);
    const report = await whenValidated(service, actor, await service.submit(actor, meta, { dataflowId: dataflow, fileName: path.basename(file), tmpPath, mapping }, locale), locale);
    cli.out(say(locale, 'summary', { rows: report.rows, errors: report.errorCount, warnings: report.warningCount }));
    if (report.errors.length) {
      const shown = report.errors.slice(0, SHOWN_ERRORS);
      cli.out(say(locale, 'errorsHead', { shown: shown.length, count: report.errorCount }));
      for (const e of shown) cli.out(`  ${e.message}`);
    }
    if (report.warnings.length) {
      const shown = report.warnings.slice(0, SHOWN_WARNINGS);
      cli.out(say(locale, 'warningsHead', { shown: shown.length, count: report.warningCount }));
      for (const w of shown) cli.out(`  ${w.message}`);
    }
    if (report.status !== 'validated') {
      cli.out(say(locale, 'reportLink', { id: report.id }));
      cli.err(`observatorio: ${say(locale, 'rejected')}`);
      return EXIT_REJECTED;
    }
    if (!v.yes) {
      const answer = (await ask(say(locale, 'confirm', { rows: report.rows }))) ?? '';
      if (!/^\s*(s|si|sí|y|yes)\s*$/i.test(answer)) {
        cli.out(say(locale, 'notConfirmed', { id: report.id }));
        return EXIT_NOT_CONFIRMED;
      }
    }
    const applied = await service.apply(actor, meta, report.id, locale);
    const c = applied.applied ?? { added: 0, changed: 0, unchanged: 0 };
    cli.out(say(locale, 'applied', c));
    return 0;
  });
}

export async function importRealDataCommand(cli: Cli, args: string[]): Promise<number> {
  const cmd = 'import-real-data';
  const p = parse(cli, cmd, args, { dir: { type: 'string' }, lang: { type: 'string' } });
  if (!p) return 0;
  const locale = pickLocale(cli, p.values.lang, cmd);
  const { requireMigrated, withDatabase } = await import('./database.ts');
  const [{ ObservatoryService, loadRealData, REAL_DATA_ROOT }, { createFileStore }] = await Promise.all([import('../server/modules/observatory/index.ts'), import('../server/platform/file-store.ts')]);
  const dir = p.values.dir ? path.resolve(p.values.dir) : REAL_DATA_ROOT;
  if (!fs.existsSync(dir)) throw new CliError(say(locale, 'realMissing', { dir }));
  const config = cli.config();
  return withDatabase(cli, async (database) => {
    await requireMigrated(cli, database);
    const service = new ObservatoryService(database.db, createFileStore(config.fileStore, database.db, config.dataDir));
    const r = await loadRealData(database.db, service, { dir, locale });
    for (const o of r.loaded) {
      if (o.applied) cli.out(say(locale, 'realFile', { file: o.file, rows: o.rows, added: o.applied.added, refused: o.skipped.length }));
      else cli.out(say(locale, 'realNotApplied', { file: o.file, refused: o.skipped.length }));
    }
    for (const f of r.skippedFiles) cli.out(say(locale, 'realSkipped', { file: f }));
    if (r.released.length) cli.out(say(locale, 'realReleased', { countries: r.released.join(', ') }));
    return r.loaded.some((o) => !o.applied) ? 1 : 0;
  });
}
