import type { Database } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Invalid, NotFound, Unauthenticated } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { hashPassword, randomSecret, sha256, verifyPassword } from './crypto.ts';
import { checkPassword } from './auth-service.ts';
import * as repo from './repository.ts';

const TOKEN_PREFIX = 'obs_';

/** What a signed-in person does to their own account: profile, language, password, API tokens. */
export class AccountService {
  constructor(private readonly db: Database) {}

  async me(actor: Actor) {
    const user = requireUser(actor);
    const row = await repo.findUserById(this.db, user.id);
    if (!row) throw new Unauthenticated();
    const org = row.organisation_id ? await repo.findOrganisation(this.db, row.organisation_id) : undefined;
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      countryCode: row.country_code,
      organisation: org ? { id: org.id, code: org.code, name: org.name } : null,
      locale: row.locale,
      lastSignInAt: row.last_sign_in_at ? new Date(row.last_sign_in_at).toISOString() : null,
    };
  }

  async update(actor: Actor, meta: RequestMeta, patch: { displayName?: string; locale?: Locale }) {
    const user = requireUser(actor);
    await this.db.transaction().execute(async (tx) => {
      const before = await repo.findUserById(tx, user.id);
      await repo.updateUser(tx, user.id, {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
        ...(patch.locale ? { locale: patch.locale } : {}),
      });
      const after = await repo.findUserById(tx, user.id);
      await recordAudit(tx, actor, meta, { action: 'account.update', entityType: 'user', entityId: user.id, before, after });
    });
    return this.me(actor);
  }

  async changePassword(actor: Actor, meta: RequestMeta, current: string, next: string) {
    const user = requireUser(actor);
    checkPassword(next);
    const row = await repo.findUserByEmail(this.db, user.email);
    if (!row || !(await verifyPassword(row.password_hash, current))) {
      throw new Invalid([{ path: 'currentPassword', key: 'errors.currentPasswordWrong' }]);
    }
    const hashed = await hashPassword(next);
    await this.db.transaction().execute(async (tx) => {
      await repo.updateUser(tx, user.id, { password_hash: hashed });
      // Other browsers signed in as this person are signed out; this one stays.
      await repo.deleteUserSessions(tx, user.id, user.sessionHash);
      await recordAudit(tx, actor, meta, { action: 'account.password_change', entityType: 'user', entityId: user.id });
    });
  }

  async tokens(actor: Actor) {
    const user = requireUser(actor);
    return (await repo.listApiTokens(this.db, user.id)).map(tokenDto);
  }

  /** The secret is returned once, here, and never again: only its hash is stored. */
  async createToken(actor: Actor, meta: RequestMeta, name: string) {
    const user = requireUser(actor);
    const secret = randomSecret(TOKEN_PREFIX);
    return this.db.transaction().execute(async (tx) => {
      const row = await repo.insertApiToken(tx, { userId: user.id, name: name.trim(), prefix: secret.slice(0, TOKEN_PREFIX.length + 6), tokenHash: sha256(secret) });
      await recordAudit(tx, actor, meta, { action: 'api_token.create', entityType: 'api_token', entityId: row.id, after: { name: row.name, prefix: row.prefix } });
      return { ...tokenDto(row), token: secret };
    });
  }

  async revokeToken(actor: Actor, meta: RequestMeta, id: string) {
    const user = requireUser(actor);
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.revokeApiToken(tx, user.id, id);
      if (!row) throw new NotFound('errors.tokenNotFound');
      await recordAudit(tx, actor, meta, { action: 'api_token.revoke', entityType: 'api_token', entityId: id, before: row });
    });
  }
}

function tokenDto(r: { id: string; name: string; prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { id: r.id, name: r.name, prefix: r.prefix, createdAt: iso(r.created_at), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at) };
}
