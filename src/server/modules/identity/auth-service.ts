import type { Database, Executor } from '../../platform/db/database.ts';
import type { Role } from '../../platform/db/schema.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { ANONYMOUS } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unauthenticated } from '../../platform/http/errors.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { t, isLocale, type Locale } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, randomSecret, sha256, verifyPassword } from './crypto.ts';
import * as repo from './repository.ts';

export interface AuthSettings {
  publicUrl: string;
  sessionTtlHours: number;
  signIn: { maxFailures: number; windowMinutes: number };
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserActor;
}

/**
 * A set-up link issued this recently is taken as another instance's, printed on its
 * console: left alive rather than replaced. A restart after this long issues a new one.
 */
export const SETUP_LINK_QUIET_MINUTES = 2;
export type SetupLink = { issuedElsewhere: false; url: string; expiresAt: Date } | { issuedElsewhere: true; retryMinutes: number };

const LINK_TTL_HOURS: Record<'setup' | 'invitation' | 'password_reset', number> = { setup: 24, invitation: 24 * 7, password_reset: 2 };

type UserLike = NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>;

export function toActor(u: UserLike, via: 'session' | 'token', extra: Partial<UserActor> = {}): UserActor {
  return {
    kind: 'user',
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    role: u.role,
    countryCode: u.country_code,
    organisationId: u.organisation_id,
    locale: u.locale,
    via,
    ...extra,
  };
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new Invalid([{ path: 'password', key: 'errors.passwordLength', params: { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH } }]);
  }
}

/** Sign-in, sessions, one-time links (set-up, invitation, password reset) and request authentication. */
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly settings: AuthSettings,
  ) {}

  linkUrl(token: string): string {
    return `${this.settings.publicUrl}/link/${token}`;
  }

  // --- authenticating requests -------------------------------------------------

  async fromSessionCookie(cookie: string | undefined): Promise<Actor> {
    if (!cookie) return ANONYMOUS;
    const hash = sha256(cookie);
    const row = await repo.findSession(this.db, hash);
    if (!row || row.status !== 'active') return ANONYMOUS;
    // Throttle the write: a busy page must not update the session row on every request.
    if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) await repo.touchSession(this.db, hash);
    return toActor(row, 'session', { csrfToken: row.csrf_token, sessionHash: hash });
  }

  async fromBearer(token: string): Promise<Actor> {
    const row = await repo.findApiToken(this.db, sha256(token));
    if (!row || row.status !== 'active') throw new Unauthenticated('errors.invalidToken');
    if (!row.token_last_used_at || Date.now() - new Date(row.token_last_used_at).getTime() > 60_000) {
      await repo.touchApiToken(this.db, row.token_id);
    }
    return toActor(row, 'token');
  }

  // --- sessions --------------------------------------------------------------------

  private async createSession(db: Executor, user: UserLike, meta: RequestMeta, userAgent: string | null): Promise<NewSession> {
    const token = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(Date.now() + this.settings.sessionTtlHours * 3600_000);
    await repo.insertSession(db, { tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt, ip: meta.ip, userAgent });
    await repo.updateUser(db, user.id, { last_sign_in_at: new Date() });
    return { token, csrfToken, expiresAt, user: toActor(user, 'session', { csrfToken }) };
  }

  /** Opens a session for a user found by another means (single sign-on). */
  async sessionFor(userId: string, meta: RequestMeta, userAgent: string | null, previousCookie?: string): Promise<NewSession> {
    return this.db.transaction().execute(async (tx) => {
      if (previousCookie) await repo.deleteSession(tx, sha256(previousCookie));
      const user = await repo.findUserById(tx, userId);
      if (!user || user.status !== 'active') throw new Forbidden('errors.accountDisabled');
      const s = await this.createSession(tx, user, meta, userAgent);
      await recordAudit(tx, s.user, meta, { action: 'auth.sign_in_sso', entityType: 'user', entityId: user.id });
      return s;
    });
  }

  async signIn(email: string, password: string, meta: RequestMeta, userAgent: string | null, previousCookie?: string): Promise<NewSession> {
    const { maxFailures, windowMinutes } = this.settings.signIn;
    const since = new Date(Date.now() - windowMinutes * 60_000);
    const limited = async () => {
      const f = await repo.recentFailures(this.db, email, meta.ip, since);
      if (f.byEmail >= maxFailures || f.byIp >= maxFailures * 4) {
        const oldest = f.oldest ? new Date(f.oldest).getTime() : Date.now();
        const retry = Math.max(60, Math.ceil((oldest + windowMinutes * 60_000 - Date.now()) / 1000));
        return new TooManyRequests('errors.tooManySignIns', { minutes: Math.ceil(retry / 60) }, retry);
      }
      return null;
    };
    const before = await limited();
    if (before) throw before;
    const user = await repo.findUserByEmail(this.db, email);
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!ok || !user) {
      await repo.recordAttempt(this.db, email, meta.ip, false);
      // The attempt that reaches the limit already says so, rather than one more "wrong password".
      const after = await limited();
      if (after) throw after;
      throw new Unauthenticated('errors.badCredentials');
    }
    if (user.status !== 'active') throw new Forbidden('errors.accountDisabled');
    return this.db.transaction().execute(async (tx) => {
      // Session rotation: whatever session the browser had before is ended.
      if (previousCookie) await repo.deleteSession(tx, sha256(previousCookie));
      await repo.clearFailures(tx, email);
      await repo.recordAttempt(tx, email, meta.ip, true);
      const s = await this.createSession(tx, user, meta, userAgent);
      await recordAudit(tx, s.user, meta, { action: 'auth.sign_in', entityType: 'user', entityId: user.id });
      return s;
    });
  }

  async signOut(cookie: string | undefined): Promise<void> {
    if (cookie) await repo.deleteSession(this.db, sha256(cookie));
  }

  // --- one-time links -------------------------------------------------------------

  /**
   * On an installation without any active administrator, issues a set-up link valid 24 h
   * (older unused ones are revoked), unless another instance issued one in the last
   * SETUP_LINK_QUIET_MINUTES. Returns null when an administrator exists.
   */
  async ensureSetupLink(): Promise<SetupLink | null> {
    return this.db.transaction().execute(async (tx) => {
      // Instances starting together take turns here; the second finds the first's link and
      // leaves it alive (a new one would revoke the link the first has just printed).
      await repo.lockSetupLinks(tx);
      if ((await repo.countAdmins(tx)) > 0) return null;
      const recent = await repo.openLinkIssuedSince(tx, 'setup', new Date(Date.now() - SETUP_LINK_QUIET_MINUTES * 60_000));
      if (recent) return { issuedElsewhere: true, retryMinutes: SETUP_LINK_QUIET_MINUTES };
      await repo.revokeOpenLinks(tx, 'setup');
      const token = randomSecret();
      const link = await repo.insertLink(tx, {
        tokenHash: sha256(token),
        purpose: 'setup',
        email: null,
        userId: null,
        role: 'admin',
        countryCode: null,
        organisationId: null,
        locale: 'es',
        createdBy: null,
        expiresAt: new Date(Date.now() + LINK_TTL_HOURS.setup * 3600_000),
      });
      await recordAudit(tx, 'system', null, { action: 'auth.setup_link_issued', entityType: 'one_time_token', entityId: link.id });
      return { issuedElsewhere: false, url: this.linkUrl(token), expiresAt: new Date(link.expires_at) };
    });
  }

  /** Creates an invitation link (used by the admin service and the CLI). */
  async issueInvitation(
    db: Executor,
    actor: Actor | 'system',
    meta: RequestMeta | null,
    inv: { email: string; role: Role; countryCode: string | null; organisationId: string | null; locale: Locale },
  ) {
    if (await repo.findUserByEmail(db, inv.email)) throw new Conflict('errors.emailTaken', { email: inv.email });
    await repo.revokeOpenLinks(db, 'invitation', inv.email);
    const token = randomSecret();
    const link = await repo.insertLink(db, {
      tokenHash: sha256(token),
      purpose: 'invitation',
      email: inv.email,
      userId: null,
      role: inv.role,
      countryCode: inv.countryCode,
      organisationId: inv.organisationId,
      locale: inv.locale,
      createdBy: actor !== 'system' && actor.kind === 'user' ? actor.id : null,
      expiresAt: new Date(Date.now() + LINK_TTL_HOURS.invitation * 3600_000),
    });
    await recordAudit(db, actor, meta, {
      action: 'invitation.create',
      entityType: 'invitation',
      entityId: link.id,
      after: { email: inv.email, role: inv.role, country: inv.countryCode, organisation: inv.organisationId },
    });
    return { id: link.id, url: this.linkUrl(token), expiresAt: new Date(link.expires_at) };
  }

  async sendInvitationMail(to: string, locale: Locale, url: string, inviter: string): Promise<void> {
    await this.mailer.send({
      to,
      subject: t(locale, 'mail.invitation.subject'),
      text: t(locale, 'mail.invitation.body', { url, inviter, days: LINK_TTL_HOURS.invitation / 24 }),
    });
  }

  /**
   * Resolves the same way whether or not the address exists, so the form cannot be used to
   * probe accounts; a failure to send the e-mail is returned (for the log), never thrown.
   */
  async requestPasswordReset(email: string, locale: Locale, meta: RequestMeta): Promise<{ mailError?: unknown }> {
    const user = await repo.findUserByEmail(this.db, email);
    if (!user || user.status !== 'active') return {};
    const token = randomSecret();
    await this.db.transaction().execute(async (tx) => {
      await repo.revokeOpenLinks(tx, 'password_reset', user.email);
      const link = await repo.insertLink(tx, {
        tokenHash: sha256(token),
        purpose: 'password_reset',
        email: user.email,
        userId: user.id,
        role: null,
        countryCode: null,
        organisationId: null,
        locale,
        createdBy: null,
        expiresAt: new Date(Date.now() + LINK_TTL_HOURS.password_reset * 3600_000),
      });
      await recordAudit(tx, ANONYMOUS, meta, { action: 'auth.password_reset_requested', entityType: 'user', entityId: user.id, after: { link: link.id } });
    });
    const lang = isLocale(user.locale) ? user.locale : locale;
    try {
      await this.mailer.send({
        to: user.email,
        subject: t(lang, 'mail.passwordReset.subject'),
        text: t(lang, 'mail.passwordReset.body', { url: this.linkUrl(token), hours: LINK_TTL_HOURS.password_reset }),
      });
    } catch (mailError) {
      return { mailError };
    }
    return {};
  }

  private async openLink(db: Executor, token: string) {
    const link = await repo.findLink(db, sha256(token));
    if (!link) throw new NotFound('errors.linkInvalid');
    // A revoked link has used_at = expires_at (set together by revokeInvitation).
    if (link.used_at && new Date(link.used_at).getTime() >= new Date(link.expires_at).getTime()) throw new Conflict('errors.linkRevoked');
    // A newer link was sent to the same person: point them to it rather than say "used".
    if (link.replaced_at) throw new Conflict('errors.linkReplaced');
    if (link.used_at) throw new Conflict('errors.linkUsed');
    if (new Date(link.expires_at).getTime() < Date.now()) throw new Conflict('errors.linkExpired');
    return link;
  }

  async inspectLink(token: string) {
    const link = await this.openLink(this.db, token);
    return { purpose: link.purpose, email: link.email, role: link.role, countryCode: link.country_code, expiresAt: new Date(link.expires_at).toISOString() };
  }

  /** Sets the password behind a link (creating the account for set-up and invitations) and signs in. */
  async completeLink(
    token: string,
    input: { email?: string; password: string; displayName?: string; locale: Locale },
    meta: RequestMeta,
    userAgent: string | null,
  ): Promise<NewSession> {
    checkPassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction().execute(async (tx) => {
      const link = await this.openLink(tx, token);
      const claimed = await repo.useLink(tx, link.token_hash);
      if (!claimed.numUpdatedRows) throw new Conflict('errors.linkUsed');
      let userId: string;
      if (link.purpose === 'password_reset') {
        if (!link.user_id) throw new NotFound('errors.linkInvalid');
        userId = link.user_id;
        await repo.updateUser(tx, userId, { password_hash: passwordHash });
        await repo.deleteUserSessions(tx, userId);
      } else {
        const email = (link.email ?? input.email ?? '').trim();
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Invalid([{ path: 'email', key: 'errors.emailInvalid' }]);
        if (link.purpose === 'setup' && (await repo.countAdmins(tx)) > 0) throw new Conflict('errors.setupDone');
        if (await repo.findUserByEmail(tx, email)) throw new Conflict('errors.emailTaken', { email });
        const created = await repo.insertUser(tx, {
          email,
          displayName: input.displayName?.trim() ?? '',
          passwordHash,
          role: link.role ?? 'member_viewer',
          countryCode: link.country_code,
          organisationId: link.organisation_id,
          locale: input.locale,
        });
        userId = created.id;
      }
      const user = await repo.findUserById(tx, userId);
      if (!user || user.status !== 'active') throw new Forbidden('errors.accountDisabled');
      const s = await this.createSession(tx, user, meta, userAgent);
      await recordAudit(tx, s.user, meta, {
        action: link.purpose === 'password_reset' ? 'auth.password_reset' : 'user.create',
        entityType: 'user',
        entityId: userId,
        after: link.purpose === 'password_reset' ? undefined : { email: user.email, role: user.role, country: user.country_code, via: link.purpose },
      });
      return s;
    });
  }
}
