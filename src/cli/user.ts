import type { Role } from '../server/platform/db/schema.ts';
import { isLocale } from '../server/platform/i18n/index.ts';
import { parse, UsageError, type Cli } from './common.ts';
import { help } from './messages.ts';

const ROLES: readonly Role[] = ['admin', 'secretariat', 'focal_point', 'contributor', 'member_viewer'];

export async function run(cli: Cli, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') return create(cli, rest);
  if (sub === 'list') return list(cli, rest);
  if (!sub || sub === '--help' || sub === '-h') {
    const usage = help.user![cli.locale];
    if (sub) cli.out(usage);
    else cli.err(usage);
    return sub ? 0 : 2;
  }
  throw new UsageError(cli.say('unknownCommand', { cmd: `user ${sub}` }), 'user');
}

async function create(cli: Cli, args: string[]): Promise<number> {
  const cmd = 'user create';
  const p = parse(cli, cmd, args, {
    email: { type: 'string' },
    role: { type: 'string' },
    country: { type: 'string' },
    org: { type: 'string' },
    name: { type: 'string' },
    locale: { type: 'string' },
  });
  if (!p) return 0;
  const v = p.values;
  if (!v.email) throw new UsageError(cli.say('missingOption', { name: 'email' }), cmd);
  if (!v.role) throw new UsageError(cli.say('missingOption', { name: 'role' }), cmd);
  const email = v.email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new UsageError(cli.say('badEmail', { email }), cmd);
  if (!(ROLES as readonly string[]).includes(v.role)) throw new UsageError(cli.say('badRole', { role: v.role, roles: ROLES.join(', ') }), cmd);
  const role = v.role as Role;
  const locale = v.locale ?? 'es';
  if (!isLocale(locale)) throw new UsageError(cli.say('badLocale', { locale }), cmd);
  if (role === 'focal_point' && !v.country) throw new UsageError(cli.say('focalNeedsCountry'), cmd);
  if (role === 'contributor' && !v.org) throw new UsageError(cli.say('contributorNeedsOrg'), cmd);

  // Loaded after the arguments are checked, so a typo is answered at once.
  const { requireMigrated, withDatabase } = await import('./database.ts');
  const [{ AdminService, AuthService }, { ReferenceService }, { createMailer }] = await Promise.all([
    import('../server/modules/identity/index.ts'),
    import('../server/modules/reference/index.ts'),
    import('../server/platform/mail/index.ts'),
  ]);
  const config = cli.config();
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: () => {} });
  const { invitation, mailError } = await withDatabase(cli, async (database) => {
    await requireMigrated(cli, database);
    const { db } = database;
    const auth = new AuthService(db, mailer, { publicUrl: config.publicUrl, sessionTtlHours: config.sessionTtlHours, signIn: config.signIn });
    const admin = new AdminService(db, auth, mailer, new ReferenceService(db));
    // Scope check, invitation and its audit row: one transaction.
    const invitation = await db.transaction().execute(async (tx) => {
      const scope = await admin.resolveScope(tx, { role, countryCode: v.country ?? null, organisationCode: v.org ?? null });
      return auth.issueInvitation(tx, 'system', null, { email, role, ...scope, locale });
    });
    let mailError: string | null = null;
    if (mailer.configured) {
      try {
        await auth.sendInvitationMail(email, locale, invitation.url, 'Observatorio');
      } catch (err) {
        mailError = err instanceof Error ? err.message : String(err);
      }
    }
    return { invitation, mailError };
  });
  const who = v.name ? `${v.name} <${email}>` : email;
  cli.out(cli.say('invitationCreated', { email: who, role, expires: invitation.expiresAt.toISOString() }));
  cli.out(`  ${invitation.url}`);
  if (!mailer.configured) cli.out(cli.say('invitationNotMailed'));
  else if (mailError) cli.err(`observatorio: ${cli.say('mailFailed', { detail: mailError.split('\n')[0]! })}`);
  else cli.out(cli.say('invitationMailed', { email }));
  return 0;
}

async function list(cli: Cli, args: string[]): Promise<number> {
  if (!parse(cli, 'user list', args, {})) return 0;
  // Read-only listing for the operator: the identity module's public surface has no
  // actor-free listing, and this tool is a composition root like app.ts.
  const { listUsers } = await import('../server/modules/identity/index.ts');
  const { requireMigrated, withDatabase } = await import('./database.ts');
  const rows = await withDatabase(cli, async (d) => {
    await requireMigrated(cli, d);
    const all = [];
    for (let offset = 0; ; offset += 500) {
      const page = await listUsers(d.db, { limit: 500, offset });
      all.push(...page);
      if (page.length < 500) return all;
    }
  });
  if (!rows.length) {
    cli.out(cli.say('noUsers'));
    return 0;
  }
  const table = rows.map((r) => [r.email, r.role, r.country_code ?? '-', r.organisation_code ?? '-', r.status, r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString().slice(0, 16).replace('T', ' ') : '-']);
  const head = cli.locale === 'en' ? ['e-mail', 'role', 'country', 'organisation', 'status', 'last sign-in'] : ['correo', 'rol', 'país', 'organización', 'estado', 'último acceso'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  for (const r of [head, ...table]) cli.out(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return 0;
}
