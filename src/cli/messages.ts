import type { Locale } from '../server/platform/i18n/index.ts';

/**
 * The command-line tool's own sentences, Spanish and English. The language follows the
 * operator's LC_ALL / LC_MESSAGES / LANG: `en…` gives English, anything else Spanish
 * (the project's default language).
 */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(lang) ? 'en' : 'es';
}

type Params = Record<string, string | number>;
type Msg = { es: string; en: string };

const messages = {
  unknownCommand: { es: 'orden desconocida: «{cmd}»', en: 'unknown command: "{cmd}"' },
  missingCommand: { es: 'falta la orden', en: 'missing command' },
  seeHelp: { es: 'vea «observatorio {cmd}--help»', en: 'see "observatorio {cmd}--help"' },
  error: { es: 'error', en: 'error' },
  usage: { es: 'uso incorrecto', en: 'usage error' },
  badOption: { es: 'opción no válida: {detail}', en: 'invalid option: {detail}' },
  missingOption: { es: 'falta la opción --{name}', en: 'missing option --{name}' },
  missingArg: { es: 'falta el argumento {name}', en: 'missing argument {name}' },
  extraArgs: { es: 'argumentos de más: {args}', en: 'unexpected arguments: {args}' },
  badRole: { es: 'rol no válido «{role}»; use uno de: {roles}', en: 'invalid role "{role}"; use one of: {roles}' },
  badEmail: { es: 'correo no válido «{email}»', en: 'invalid e-mail "{email}"' },
  badLocale: { es: 'idioma no válido «{locale}»; use es o en', en: 'invalid language "{locale}"; use es or en' },
  focalNeedsCountry: { es: 'un punto focal necesita --country (código ISO de 3 letras, p. ej. GTM)', en: 'a focal point needs --country (3-letter ISO code, e.g. GTM)' },
  contributorNeedsOrg: { es: 'un colaborador necesita --org (código de la organización, p. ej. IOM)', en: 'a contributor needs --org (organisation code, e.g. IOM)' },
  invitationCreated: {
    es: 'Invitación creada para {email} ({role}). Enlace de un solo uso, válido hasta {expires}:',
    en: 'Invitation created for {email} ({role}). Single-use link, valid until {expires}:',
  },
  invitationMailed: { es: 'Se envió el enlace por correo a {email}.', en: 'The link was e-mailed to {email}.' },
  invitationNotMailed: { es: 'SMTP_URL no está configurado: entregue el enlace por otro medio.', en: 'SMTP_URL is not set: pass the link on by other means.' },
  mailFailed: { es: 'la invitación existe, pero el correo no se pudo enviar ({detail}); entregue el enlace por otro medio', en: 'the invitation exists but the e-mail could not be sent ({detail}); pass the link on by other means' },
  noUsers: { es: 'No hay usuarios.', en: 'No users.' },
  migrationsApplied: { es: 'Migraciones aplicadas: {names}', en: 'Migrations applied: {names}' },
  migrationsNone: { es: 'La base de datos ya está al día.', en: 'The database is up to date.' },
  notMigrated: { es: 'la base de datos tiene migraciones pendientes; ejecute primero «observatorio migrate»', en: 'the database has pending migrations; run "observatorio migrate" first' },
  seeded: { es: 'Datos de referencia y contenido inicial cargados.', en: 'Reference data and first content loaded.' },
  backupDone: { es: 'Copia de seguridad escrita en {file}', en: 'Backup written to {file}' },
  restoreDone: { es: 'Restauración completa desde {file}', en: 'Restore complete from {file}' },
  tableCount: { es: '  {table}: {rows} filas', en: '  {table}: {rows} rows' },
  fileCount: { es: '  archivos: {count} ({size})', en: '  files: {count} ({size})' },
  filesSkipped: { es: '  ({count} ya estaban, con el mismo contenido)', en: '  ({count} already there, with the same content)' },
  tableSkipped: {
    es: '  {table}: {rows} filas no restauradas (tabla de trabajo temporal, no la crea ninguna migración)',
    en: '  {table}: {rows} rows not restored (a temporary work table no migration creates)',
  },
  fileNotFound: { es: 'no se encuentra el archivo {file}', en: 'file not found: {file}' },
  fileExists: { es: 'el archivo {file} ya existe; use --force para reemplazarlo', en: 'the file {file} already exists; use --force to replace it' },
  dbUnreachable: { es: 'no se puede conectar con la base de datos ({detail})', en: 'cannot reach the database ({detail})' },
  'backup.notABackup': { es: 'el archivo no es una copia de seguridad de Observatorio{detail}', en: 'the file is not an Observatorio backup{detail}' },
  'backup.damaged': { es: 'el archivo de copia está dañado o incompleto{detail}; no se cambió nada', en: 'the backup file is damaged or incomplete{detail}; nothing was changed' },
  'backup.targetNotEmpty': {
    es: 'la base de datos de destino ya tiene datos (tabla {detail}); no se cambió nada. Use --force para reemplazarlos',
    en: 'the target database already holds data (table {detail}); nothing was changed. Use --force to replace it',
  },
  'backup.differentVersion': {
    es: 'copia hecha por otra versión de Observatorio ({detail}); no se cambió nada',
    en: 'backup made by a different version of Observatorio ({detail}); nothing was changed',
  },
  'backup.notMigrated': { es: 'la base de datos no tiene el esquema de Observatorio (ejecute «observatorio migrate»)', en: 'the database has no Observatorio schema (run "observatorio migrate")' },
  stopping: { es: 'señal {signal} recibida, deteniendo', en: 'received {signal}, stopping' },
} satisfies Record<string, Msg>;

export type MessageKey = keyof typeof messages;

export function msg(locale: Locale, key: MessageKey, params: Params = {}): string {
  const m: Msg = messages[key];
  return m[locale].replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

/** Short help texts, one per command. */
export const help: Record<string, Msg> = {
  import: {
    es: `uso: observatorio import --country CRI --file ARCHIVO [--dataflow MIG_FLOWS] [--mapping NOMBRE] [--yes] [--lang es|en]

Valida el archivo completo (CSV o XLSX) con el mismo importador que la web, muestra el informe
(recuento y primeros errores y avisos) y, si se confirma (o con --yes), lo aplica en una sola
transacción. Las filas de otro país que informa se rechazan.
  --country  país que informa (ISO 3166-1 alfa-3)
  --mapping  nombre de una correspondencia de columnas guardada (del país o regional)
  --yes      aplica sin preguntar
  --lang     idioma del informe (por defecto, el de LANG)
Códigos de salida: 0 aplicado, 1 error, 2 uso incorrecto, 3 el archivo no se validó, 4 no confirmado.`,
    en: `usage: observatorio import --country CRI --file FILE [--dataflow MIG_FLOWS] [--mapping NAME] [--yes] [--lang es|en]

Validates the whole file (CSV or XLSX) with the same importer as the web, prints the report
(counts and the first errors and warnings) and, once confirmed (or with --yes), applies it in
one transaction. Rows of any other reporting country are refused.
  --country  reporting country (ISO 3166-1 alpha-3)
  --mapping  name of a saved column mapping (the country's or a regional one)
  --yes      apply without asking
  --lang     language of the report (default: from LANG)
Exit codes: 0 applied, 1 error, 2 usage error, 3 the file did not validate, 4 not confirmed.`,
  },
  'import-real-data': {
    es: `uso: observatorio import-real-data [--dir CARPETA] [--lang es|en]

Importa los datos reales incluidos (seed/observatory: americas-flows de la OIM, retornos del IGM de
Guatemala, población WPP 2024) con las correspondencias guardadas y los publica, como hace un primer
inicio. Solo importa los archivos cuyas cifras faltan. --dir: una carpeta con las de seed/observatory,
o la copia de un solo conjunto.`,
    en: `usage: observatorio import-real-data [--dir FOLDER] [--lang es|en]

Imports the shipped real data (seed/observatory: IOM americas-flows, IGM Guatemala returns, WPP 2024
population) with the saved mappings and releases it, as a first start does. Only files whose figures
are absent are imported. --dir: a folder holding seed/observatory's folders, or a copy of one dataset.`,
  },
  main: {
    es: `uso: observatorio <orden> [opciones]

órdenes:
  serve                        inicia el servidor (como npm start)
  migrate                      aplica las migraciones pendientes
  seed                         carga los datos de referencia y el contenido inicial
  user create --email E --role R [--country GTM] [--org IOM] [--name N] [--locale es|en]
                               invita a una persona (enlace de un solo uso, 7 días)
  user list                    lista las cuentas
  backup ARCHIVO               copia de seguridad de toda la base de datos y los archivos
  restore ARCHIVO [--force]    restaura una copia en una base de datos vacía
  import --country CRI --file F [--dataflow MIG_FLOWS] [--mapping NOMBRE] [--yes] [--lang es|en]
                               valida el archivo de un país, muestra el informe y lo aplica al confirmar
  import-real-data             importa los datos reales incluidos (seed/observatory), como un primer inicio

Cada orden acepta --help. Entorno: DATABASE_URL, DATA_DIR, EMBEDDED_PG_PORT, PUBLIC_URL, SMTP_URL.
Códigos de salida: 0 bien, 1 error, 2 uso incorrecto.`,
    en: `usage: observatorio <command> [options]

commands:
  serve                        start the server (as npm start)
  migrate                      apply pending migrations
  seed                         load reference data and first content
  user create --email E --role R [--country GTM] [--org IOM] [--name N] [--locale es|en]
                               invite a person (single-use link, 7 days)
  user list                    list the accounts
  backup FILE                  back up the whole database and the stored files
  restore FILE [--force]       restore a backup into an empty database
  import --country CRI --file F [--dataflow MIG_FLOWS] [--mapping NAME] [--yes] [--lang es|en]
                               validate a country's file, show the report, apply on confirmation
  import-real-data             import the shipped real data in seed/observatory (as a fresh start does)

Every command accepts --help. Environment: DATABASE_URL, DATA_DIR, EMBEDDED_PG_PORT, PUBLIC_URL, SMTP_URL.
Exit codes: 0 success, 1 error, 2 usage error.`,
  },
  serve: {
    es: 'uso: observatorio serve\n\nInicia Observatorio igual que «npm start»: base de datos (embebida salvo DATABASE_URL), migraciones, datos iniciales, HTTP en PORT.',
    en: 'usage: observatorio serve\n\nStarts Observatorio exactly as "npm start": database (embedded unless DATABASE_URL), migrations, first content, HTTP on PORT.',
  },
  migrate: {
    es: 'uso: observatorio migrate\n\nAplica las migraciones pendientes y muestra sus nombres.',
    en: 'usage: observatorio migrate\n\nApplies pending migrations and prints their names.',
  },
  seed: {
    es: 'uso: observatorio seed\n\nCarga (o actualiza) los datos de referencia y el contenido inicial. Se puede repetir.',
    en: 'usage: observatorio seed\n\nLoads (or refreshes) reference data and first content. Safe to repeat.',
  },
  user: {
    es: 'uso: observatorio user create|list [opciones]   (observatorio user create --help)',
    en: 'usage: observatorio user create|list [options]   (observatorio user create --help)',
  },
  'user create': {
    es: `uso: observatorio user create --email E --role R [--country GTM] [--org IOM] [--name N] [--locale es|en]

No crea ninguna contraseña: emite un enlace de invitación de un solo uso (válido 7 días) y lo
muestra; si SMTP_URL está configurado, también lo envía por correo. La cuenta existe cuando la
persona abre el enlace y elige su contraseña.
  --role     admin | secretariat | focal_point | contributor | member_viewer
  --country  país (ISO 3166-1 alfa-3); obligatorio para focal_point
  --org      código de organización; obligatorio para contributor
  --name     nombre para mostrar en la salida (la persona lo escribe al aceptar)
  --locale   idioma del correo (es por defecto)`,
    en: `usage: observatorio user create --email E --role R [--country GTM] [--org IOM] [--name N] [--locale es|en]

Creates no password: issues a single-use invitation link (valid 7 days) and prints it; when
SMTP_URL is set it is also e-mailed. The account exists once the person opens the link and
chooses a password.
  --role     admin | secretariat | focal_point | contributor | member_viewer
  --country  country (ISO 3166-1 alpha-3); required for focal_point
  --org      organisation code; required for contributor
  --name     display name shown in the output (the person types it when accepting)
  --locale   language of the e-mail (es by default)`,
  },
  'user list': {
    es: 'uso: observatorio user list\n\nLista las cuentas: correo, rol, país, organización, estado.',
    en: 'usage: observatorio user list\n\nLists the accounts: e-mail, role, country, organisation, status.',
  },
  backup: {
    es: `uso: observatorio backup ARCHIVO [--force]

Escribe una copia completa (todas las tablas, en una sola instantánea coherente, y todos los
archivos guardados en DATA_DIR/files) en ARCHIVO, comprimida con gzip. Funciona con la base
embebida y con DATABASE_URL; no necesita pg_dump.
  --force   reemplaza ARCHIVO si ya existe`,
    en: `usage: observatorio backup FILE [--force]

Writes a full copy (every table, in one consistent snapshot, and every file stored under
DATA_DIR/files) to FILE, gzip-compressed. Works with the embedded database and with
DATABASE_URL; needs no pg_dump.
  --force   replace FILE if it exists`,
  },
  restore: {
    es: `uso: observatorio restore ARCHIVO [--force]

Restaura una copia en una sola transacción: crea el esquema, comprueba que la copia es de esta
versión, carga todas las filas y ajusta las secuencias; escribe los archivos de la copia en
DATA_DIR/files (comprobando cada uno). Se niega si el destino ya tiene datos. Si algo falla,
no se cambia nada.
  --force   vacía primero las tablas del destino (en la misma transacción)`,
    en: `usage: observatorio restore FILE [--force]

Restores a backup in one transaction: creates the schema, checks that the backup comes from this
version, loads every row and resets the sequences; writes the backup's files into DATA_DIR/files
(each one checked). Refuses a target that already holds data. If anything fails, nothing changes.
  --force   empty the target's tables first (in the same transaction)`,
  },
};
