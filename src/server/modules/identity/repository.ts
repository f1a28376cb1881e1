import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Localized, Role } from '../../platform/db/schema.ts';

/** The only file that touches the identity module's tables. */

const userColumns = [
  'app_user.id',
  'app_user.email',
  'app_user.display_name',
  'app_user.role',
  'app_user.country_code',
  'app_user.organisation_id',
  'app_user.locale',
  'app_user.status',
  'app_user.created_at',
  'app_user.last_sign_in_at',
] as const;

export type UserRow = Awaited<ReturnType<typeof findUserById>> & {};

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('app_user').select(userColumns).where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('app_user')
    .select([...userColumns, 'app_user.password_hash'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function insertUser(
  db: Executor,
  u: { email: string; displayName: string; passwordHash: string | null; role: Role; countryCode: string | null; organisationId: string | null; locale: string },
) {
  return db
    .insertInto('app_user')
    .values({
      email: u.email,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      role: u.role,
      country_code: u.countryCode,
      organisation_id: u.organisationId,
      locale: u.locale,
    })
    .returning(userColumns.map((c) => c.replace('app_user.', '')) as unknown as typeof userColumns)
    .executeTakeFirstOrThrow();
}

export function updateUser(
  db: Executor,
  id: string,
  patch: Partial<{ display_name: string; password_hash: string; role: Role; country_code: string | null; organisation_id: string | null; locale: string; status: 'active' | 'disabled'; last_sign_in_at: Date }>,
) {
  return db.updateTable('app_user').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
}

export function listUsers(db: Executor, f: { q?: string; role?: Role; country?: string; limit: number; offset: number }) {
  let q = db
    .selectFrom('app_user')
    .leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .select([...userColumns, 'organisation.code as organisation_code']);
  if (f.q) q = q.where((eb) => eb.or([eb('app_user.email', 'ilike', `%${f.q}%`), eb('app_user.display_name', 'ilike', `%${f.q}%`)]));
  if (f.role) q = q.where('app_user.role', '=', f.role);
  if (f.country) q = q.where('app_user.country_code', '=', f.country);
  return q.orderBy('app_user.email').limit(f.limit).offset(f.offset).execute();
}

export async function countAdmins(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('app_user')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return r.n;
}

// Sessions ---------------------------------------------------------------

export function insertSession(db: Executor, s: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null }) {
  return db
    .insertInto('user_session')
    .values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent })
    .execute();
}

export function findSession(db: Executor, tokenHash: string) {
  return db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([...userColumns, 'user_session.csrf_token', 'user_session.expires_at', 'user_session.last_seen_at'])
    .where('user_session.token_hash', '=', tokenHash)
    .where('user_session.expires_at', '>', new Date())
    .executeTakeFirst();
}

export function touchSession(db: Executor, tokenHash: string) {
  return db.updateTable('user_session').set({ last_seen_at: new Date() }).where('token_hash', '=', tokenHash).execute();
}

export function deleteSession(db: Executor, tokenHash: string) {
  return db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export function deleteUserSessions(db: Executor, userId: string, exceptHash?: string) {
  let q = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (exceptHash) q = q.where('token_hash', '<>', exceptHash);
  return q.execute();
}

export function deleteExpiredSessions(db: Executor) {
  return db.deleteFrom('user_session').where('expires_at', '<', new Date()).execute();
}

// Sign-in attempts (rate limiting lives in PostgreSQL so every app instance sees it) ----

export function recordAttempt(db: Executor, email: string, ip: string | null, succeeded: boolean) {
  return db.insertInto('sign_in_attempt').values({ email: email.toLowerCase(), ip, succeeded }).execute();
}

export async function recentFailures(db: Executor, email: string, ip: string | null, since: Date) {
  const r = await db
    .selectFrom('sign_in_attempt')
    .select([
      sql<number>`count(*) filter (where lower(email) = ${email.toLowerCase()})::int`.as('byEmail'),
      sql<number>`count(*) filter (where ip = ${ip})::int`.as('byIp'),
      sql<Date | null>`min(at) filter (where lower(email) = ${email.toLowerCase()})`.as('oldest'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return r;
}

export function clearFailures(db: Executor, email: string) {
  return db.deleteFrom('sign_in_attempt').where(sql<string>`lower(email)`, '=', email.toLowerCase()).where('succeeded', '=', false).execute();
}

// One-time links -----------------------------------------------------------

export function insertLink(
  db: Executor,
  l: {
    tokenHash: string;
    purpose: 'setup' | 'invitation' | 'password_reset';
    email: string | null;
    userId: string | null;
    role: Role | null;
    countryCode: string | null;
    organisationId: string | null;
    locale: string;
    createdBy: string | null;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('one_time_token')
    .values({
      token_hash: l.tokenHash,
      purpose: l.purpose,
      email: l.email,
      user_id: l.userId,
      role: l.role,
      country_code: l.countryCode,
      organisation_id: l.organisationId,
      locale: l.locale,
      created_by: l.createdBy,
      expires_at: l.expiresAt,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export function findLink(db: Executor, tokenHash: string) {
  return db.selectFrom('one_time_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function useLink(db: Executor, tokenHash: string) {
  return db
    .updateTable('one_time_token')
    .set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
}

/** Serialises set-up link issuing across instances (transaction-scoped advisory lock). */
export async function lockSetupLinks(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('identity.setup_link'))`.execute(db);
}

export async function openLinkIssuedSince(db: Executor, purpose: 'setup' | 'invitation' | 'password_reset', since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('one_time_token')
    .select('id')
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

/** Closes the open links a new one replaces (used_at closes them; replaced_at says why, for the listing). */
export function revokeOpenLinks(db: Executor, purpose: 'setup' | 'invitation' | 'password_reset', email?: string) {
  const now = new Date();
  let q = db.updateTable('one_time_token').set({ used_at: now, replaced_at: now }).where('purpose', '=', purpose).where('used_at', 'is', null);
  if (email) q = q.where(sql<string>`lower(email)`, '=', email.toLowerCase());
  return q.execute();
}

export function listInvitations(db: Executor) {
  return db
    .selectFrom('one_time_token')
    .leftJoin('organisation', 'organisation.id', 'one_time_token.organisation_id')
    .leftJoin('app_user as creator', 'creator.id', 'one_time_token.created_by')
    .select([
      'one_time_token.id',
      'one_time_token.email',
      'one_time_token.role',
      'one_time_token.country_code',
      'organisation.code as organisation_code',
      'one_time_token.created_at',
      'one_time_token.expires_at',
      'one_time_token.used_at',
      'one_time_token.replaced_at',
      'creator.email as created_by_email',
    ])
    .where('one_time_token.purpose', '=', 'invitation')
    .orderBy('one_time_token.created_at', 'desc')
    .limit(200)
    .execute();
}

export function revokeInvitation(db: Executor, id: string) {
  // One instant for both: the listing tells "revoked" from "used" by used_at >= expires_at,
  // and two `new Date()` calls can fall on different milliseconds.
  const now = new Date();
  return db
    .updateTable('one_time_token')
    .set({ used_at: now, expires_at: now })
    .where('id', '=', id)
    .where('purpose', '=', 'invitation')
    .where('used_at', 'is', null)
    .returning(['id', 'email'])
    .executeTakeFirst();
}

// API tokens ---------------------------------------------------------------

export function insertApiToken(db: Executor, t: { userId: string; name: string; prefix: string; tokenHash: string }) {
  return db
    .insertInto('api_token')
    .values({ user_id: t.userId, name: t.name, prefix: t.prefix, token_hash: t.tokenHash })
    .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .executeTakeFirstOrThrow();
}

export function listApiTokens(db: Executor, userId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export function revokeApiToken(db: Executor, userId: string, id: string) {
  return db
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name', 'prefix'])
    .executeTakeFirst();
}

export function findApiToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select([...userColumns, 'api_token.id as token_id', 'api_token.last_used_at as token_last_used_at'])
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .executeTakeFirst();
}

export function touchApiToken(db: Executor, id: string) {
  return db.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', id).execute();
}

// Organisations ---------------------------------------------------------------

export interface OrganisationInput {
  code: string;
  kind: 'state_institution' | 'observer' | 'civil_society' | 'secretariat';
  name: Localized;
  acronym: string | null;
  countryCode: string | null;
}

const orgColumns = ['id', 'code', 'kind', 'name', 'acronym', 'country_code', 'created_at', 'updated_at'] as const;

export function listOrganisations(db: Executor, f: { kind?: string; country?: string } = {}) {
  let q = db.selectFrom('organisation').select(orgColumns);
  if (f.kind) q = q.where('kind', '=', f.kind as OrganisationInput['kind']);
  if (f.country) q = q.where('country_code', '=', f.country);
  return q.orderBy('code').execute();
}

export function findOrganisation(db: Executor, idOrCode: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrCode);
  return db
    .selectFrom('organisation')
    .select(orgColumns)
    .where(isUuid ? 'id' : 'code', '=', isUuid ? idOrCode : idOrCode.toUpperCase())
    .executeTakeFirst();
}

export function insertOrganisation(db: Executor, o: OrganisationInput) {
  return db
    .insertInto('organisation')
    .values({ code: o.code, kind: o.kind, name: JSON.stringify(o.name), acronym: o.acronym, country_code: o.countryCode })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(orgColumns)
    .executeTakeFirst();
}

export function updateOrganisation(db: Executor, id: string, o: Partial<OrganisationInput>) {
  return db
    .updateTable('organisation')
    .set({
      ...(o.kind ? { kind: o.kind } : {}),
      ...(o.name ? { name: JSON.stringify(o.name) } : {}),
      ...(o.acronym !== undefined ? { acronym: o.acronym } : {}),
      ...(o.countryCode !== undefined ? { country_code: o.countryCode } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

// OIDC identities ------------------------------------------------------------

export function findOidcUser(db: Executor, issuer: string, subject: string) {
  return db
    .selectFrom('oidc_identity')
    .innerJoin('app_user', 'app_user.id', 'oidc_identity.user_id')
    .select(userColumns)
    .where('oidc_identity.issuer', '=', issuer)
    .where('oidc_identity.subject', '=', subject)
    .executeTakeFirst();
}

export function linkOidc(db: Executor, issuer: string, subject: string, userId: string) {
  return db.insertInto('oidc_identity').values({ issuer, subject, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
}

// Audit (read side; the platform writes it) ------------------------------------------

export function listAudit(db: Executor, f: { action?: string; entityType?: string; actor?: string; from?: Date; to?: Date; limit: number; offset: number }) {
  let q = db.selectFrom('audit_event').selectAll();
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.actor) q = q.where('actor_label', 'ilike', `%${f.actor}%`);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function counts(db: Executor) {
  return db
    .selectFrom('organisation')
    .select([
      sql<number>`count(*)::int`.as('organisations'),
      sql<number>`count(*) filter (where kind = 'observer')::int`.as('observers'),
      sql<number>`(select count(*) from app_user where status = 'active')::int`.as('users'),
    ])
    .executeTakeFirstOrThrow();
}

/** An organisation's short code (e.g. `IOM`), for other modules' rules (a port, exported by index.ts). */
/** The country of an organisation (state institutions have one), for rules scoped to a country. */
export async function organisationCountry(db: Executor, organisationId: string | null): Promise<string | null> {
  if (!organisationId) return null;
  const r = await db.selectFrom('organisation').select('country_code').where('id', '=', organisationId).executeTakeFirst();
  return r?.country_code ?? null;
}

export async function organisationCode(db: Executor, organisationId: string | null): Promise<string | null> {
  if (!organisationId) return null;
  const r = await db.selectFrom('organisation').select('code').where('id', '=', organisationId).executeTakeFirst();
  return r?.code ?? null;
}

/**
 * The active accounts of a country (their own country or their organisation's), for a focal
 * point choosing whom to grant a country-scoped capacity (cases module). Administration and
 * secretariat accounts are left out: they hold no country capacity.
 */
export async function listCountryAccounts(db: Executor, country: string): Promise<{ id: string; email: string; displayName: string }[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .where('u.status', '=', 'active')
    .where('u.role', 'not in', ['admin', 'secretariat'])
    .where((eb) => eb.or([eb('u.country_code', '=', country), eb.and([eb('u.country_code', 'is', null), eb('o.country_code', '=', country)])]))
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name ?? '' }));
}
