import type { Database, Executor } from '../../platform/db/database.ts';
import type { Localized, Role } from '../../platform/db/schema.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import { requireRole, VOCABULARY_EDITORS } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { auditLabels, snapshotLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import type { AuthService } from './auth-service.ts';
import * as repo from './repository.ts';

/** Identity is a leaf module: it learns whether a country exists through this port, wired by the app. */
export interface CountryLookup {
  countryExists(code: string): Promise<boolean>;
}

export interface ScopeInput {
  role: Role;
  countryCode?: string | null;
  organisationCode?: string | null;
}

/** Replaced before revoked and used: a replaced link also has used_at set (that is what closes it). */
function invitationStatus(r: { used_at: Date | string | null; replaced_at: Date | string | null; expires_at: Date | string }, now: number): 'replaced' | 'revoked' | 'used' | 'expired' | 'open' {
  if (r.replaced_at) return 'replaced';
  if (r.used_at) return new Date(r.used_at).getTime() >= new Date(r.expires_at).getTime() ? 'revoked' : 'used';
  return new Date(r.expires_at).getTime() < now ? 'expired' : 'open';
}

/** Users, invitations, organisations and the audit trail: the administration area. */
export class AdminService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly mailer: Mailer,
    private readonly countries: CountryLookup,
    private readonly auditLabelSources: Record<string, AuditLabelSource> = {},
  ) {}

  /** A role's scope must match the role: a focal point has a country, a contributor an organisation. */
  async resolveScope(db: Executor, s: ScopeInput): Promise<{ countryCode: string | null; organisationId: string | null }> {
    const issues: Issue[] = [];
    let countryCode: string | null = s.countryCode ? s.countryCode.toUpperCase() : null;
    let organisationId: string | null = null;
    if (countryCode) {
      if (!(await this.countries.countryExists(countryCode))) issues.push({ path: 'countryCode', key: 'errors.countryNotFound', params: { code: countryCode } });
    }
    if (s.organisationCode) {
      const o = await repo.findOrganisation(db, s.organisationCode);
      if (!o) issues.push({ path: 'organisationCode', key: 'errors.organisationNotFound', params: { code: s.organisationCode } });
      else {
        organisationId = o.id;
        // A state institution's people act for its country.
        if (!countryCode && o.country_code) countryCode = o.country_code;
      }
    }
    if (s.role === 'focal_point' && !countryCode) issues.push({ path: 'countryCode', key: 'errors.focalPointNeedsCountry' });
    if (s.role === 'contributor' && !organisationId) issues.push({ path: 'organisationCode', key: 'errors.contributorNeedsOrganisation' });
    if (issues.length) throw new Invalid(issues);
    return { countryCode, organisationId };
  }

  async users(actor: Actor, f: { q?: string; role?: Role; country?: string; page: number; pageSize: number }) {
    requireRole(actor, 'admin');
    const rows = await repo.listUsers(this.db, { ...f, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      role: r.role,
      countryCode: r.country_code,
      organisationCode: r.organisation_code,
      status: r.status,
      locale: r.locale,
      createdAt: new Date(r.created_at).toISOString(),
      lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
    }));
  }

  async updateUser(actor: Actor, meta: RequestMeta, id: string, patch: Partial<ScopeInput> & { status?: 'active' | 'disabled' }) {
    const admin = requireRole(actor, 'admin');
    return this.db.transaction().execute(async (tx) => {
      const before = await repo.findUserById(tx, id);
      if (!before) throw new NotFound('errors.userNotFound');
      const role = patch.role ?? before.role;
      const scopeGiven = patch.role !== undefined || patch.countryCode !== undefined || patch.organisationCode !== undefined;
      const scope = scopeGiven
        ? await this.resolveScope(tx, {
            role,
            countryCode: patch.countryCode === undefined ? before.country_code : patch.countryCode,
            organisationCode: patch.organisationCode === undefined ? before.organisation_id : patch.organisationCode,
          })
        : null;
      // Never leave the installation without an active administrator.
      const losesAdmin = before.role === 'admin' && (role !== 'admin' || patch.status === 'disabled');
      if (losesAdmin && (await repo.countAdmins(tx)) <= 1) throw new Conflict('errors.lastAdmin');
      if (id === admin.id && patch.status === 'disabled') throw new Forbidden('errors.cannotDisableSelf');
      await repo.updateUser(tx, id, {
        role,
        ...(scope ? { country_code: scope.countryCode, organisation_id: scope.organisationId } : {}),
        ...(patch.status ? { status: patch.status } : {}),
      });
      if (patch.status === 'disabled') await repo.deleteUserSessions(tx, id);
      const after = await repo.findUserById(tx, id);
      await recordAudit(tx, actor, meta, { action: 'user.update', entityType: 'user', entityId: id, before, after });
      return after!;
    });
  }

  async invitations(actor: Actor) {
    requireRole(actor, 'admin');
    const rows = await repo.listInvitations(this.db);
    const now = Date.now();
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      countryCode: r.country_code,
      organisationCode: r.organisation_code,
      createdBy: r.created_by_email,
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
      status: invitationStatus(r, now),
    }));
  }

  async invite(actor: Actor, meta: RequestMeta, inv: ScopeInput & { email: string; locale: Locale }) {
    const admin = requireRole(actor, 'admin');
    const email = inv.email.trim();
    const created = await this.db.transaction().execute(async (tx) => {
      const scope = await this.resolveScope(tx, inv);
      return this.auth.issueInvitation(tx, actor, meta, { email, role: inv.role, ...scope, locale: inv.locale });
    });
    let emailSent = false;
    if (this.mailer.configured) {
      try {
        await this.auth.sendInvitationMail(email, inv.locale, created.url, admin.displayName || admin.email);
        emailSent = true;
      } catch {
        // The invitation exists; the mail server failed. The administrator gets the link
        // to pass on instead of an error for something that did happen.
      }
    }
    return { id: created.id, expiresAt: created.expiresAt.toISOString(), emailSent, ...(emailSent ? {} : { link: created.url }) };
  }

  async revokeInvitation(actor: Actor, meta: RequestMeta, id: string) {
    requireRole(actor, 'admin');
    await this.db.transaction().execute(async (tx) => {
      const row = await repo.revokeInvitation(tx, id);
      if (!row) throw new NotFound('errors.invitationNotFound');
      await recordAudit(tx, actor, meta, { action: 'invitation.revoke', entityType: 'invitation', entityId: id, before: row });
    });
  }

  organisations(f: { kind?: string; country?: string }) {
    return repo.listOrganisations(this.db, f);
  }

  async createOrganisation(actor: Actor, meta: RequestMeta, o: repo.OrganisationInput) {
    requireRole(actor, ...VOCABULARY_EDITORS);
    return this.db.transaction().execute(async (tx) => {
      await this.checkOrgCountry(tx, o.kind, o.countryCode);
      const row = await repo.insertOrganisation(tx, { ...o, code: o.code.toUpperCase() });
      if (!row) throw new Conflict('errors.organisationCodeTaken', { code: o.code });
      await recordAudit(tx, actor, meta, { action: 'organisation.create', entityType: 'organisation', entityId: row.id, after: row });
      return row;
    });
  }

  async updateOrganisation(actor: Actor, meta: RequestMeta, id: string, patch: Partial<Omit<repo.OrganisationInput, 'code'>> & { name?: Localized }) {
    requireRole(actor, ...VOCABULARY_EDITORS);
    return this.db.transaction().execute(async (tx) => {
      const before = await repo.findOrganisation(tx, id);
      if (!before) throw new NotFound('errors.organisationNotFound', { code: id });
      await this.checkOrgCountry(tx, patch.kind ?? before.kind, patch.countryCode === undefined ? before.country_code : patch.countryCode);
      await repo.updateOrganisation(tx, before.id, patch);
      const after = await repo.findOrganisation(tx, before.id);
      await recordAudit(tx, actor, meta, { action: 'organisation.update', entityType: 'organisation', entityId: before.id, before, after });
      return after!;
    });
  }

  private async checkOrgCountry(_db: Executor, kind: string, countryCode: string | null) {
    if (kind === 'state_institution' && !countryCode) throw new Invalid([{ path: 'countryCode', key: 'errors.institutionNeedsCountry' }]);
    if (countryCode) {
      if (!(await this.countries.countryExists(countryCode))) throw new Invalid([{ path: 'countryCode', key: 'errors.countryNotFound', params: { code: countryCode } }]);
    }
  }

  async audit(actor: Actor, f: { action?: string; entityType?: string; actor?: string; from?: Date; to?: Date; page: number; pageSize: number }) {
    requireRole(actor, 'admin');
    const rows = await repo.listAudit(this.db, { ...f, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
    const labelOf = await auditLabels(this.db, this.auditLabelSources, rows.map((r) => ({ entityType: r.entity_type, entityId: r.entity_id })));
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      // The entity's name or title now, else as the event recorded it (a deleted draft): the id alone means nothing to a reader.
      entityLabel: labelOf(r.entity_type, r.entity_id) ?? snapshotLabel(r.after, r.before),
      before: r.before,
      after: r.after,
      requestId: r.request_id,
    }));
  }
}
