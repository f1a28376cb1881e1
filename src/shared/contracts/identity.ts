import { z } from 'zod';
import { timestamp, type Wire } from './time.ts';
import { names } from './reference.ts';

/** Identity: account, sign-in and links, administration (users, invitations, audit), organisations: ADR 0027. */

export const role = z.enum(['admin', 'secretariat', 'focal_point', 'contributor', 'member_viewer']);
export const orgKind = z.enum(['state_institution', 'observer', 'civil_society', 'secretariat']);
const countryCode = z.string().regex(/^[A-Za-z]{3}$/);
const orgCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/);
const email = z.string().trim().max(320).email();
const localizedInput = z.object({ es: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) }).catchall(z.string().max(300));
const paging = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
export const uuidParams = z.object({ id: z.string().uuid() });

// --- account --------------------------------------------------------------------------

export const me = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role,
  countryCode: z.string().nullable(),
  organisation: z.object({ id: z.string(), code: z.string(), name: names }).nullable(),
  locale: z.string(),
  lastSignInAt: z.string().nullable(),
});
export const meAnswer = me.describe('The signed-in person');
export const accountPatch = z.object({ displayName: z.string().max(200).optional(), locale: z.enum(['es', 'en']).optional() }).strict();
export const passwordChange = z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) });

export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const apiTokenList = z.object({ items: z.array(apiToken) }).describe('Your personal API tokens');
export const tokenInput = z.object({ name: z.string().trim().min(1).max(100) });
export const newToken = apiToken.extend({ token: z.string() }).describe('The new token, its secret shown this once');

// --- sign-in and links ----------------------------------------------------------------

export const session = z
  .object({ user: me.nullable(), csrfToken: z.string().nullable(), sso: z.object({ enabled: z.boolean(), label: z.string() }) })
  .describe('Who is signed in');
export const signInInput = z.object({ email, password: z.string().min(1).max(256) });
export const signedIn = z.object({ user: z.object({ id: z.string(), email: z.string(), role }), csrfToken: z.string() }).describe('Signed in');
export const resetInput = z.object({ email });
export const resetAccepted = z.object({ accepted: z.literal(true) }).describe('Accepted (a mail goes out when the address is known)');
export const tokenParams = z.object({ token: z.string().min(20).max(100) });
export const linkInfo = z
  .object({
    purpose: z.enum(['setup', 'invitation', 'password_reset']),
    email: z.string().nullable(),
    role: role.nullable(),
    countryCode: z.string().nullable(),
    expiresAt: z.string(),
  })
  .describe('What the link is for');
export const linkInput = z.object({ email: email.optional(), password: z.string().max(256), displayName: z.string().max(200).optional() });

// --- administration -------------------------------------------------------------------

export const usersQuery = z.object({ q: z.string().max(200).optional(), role: role.optional(), country: countryCode.optional(), ...paging });
export const adminUser = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role,
  countryCode: z.string().nullable(),
  organisationCode: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  locale: z.string(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export const adminUserList = z.object({ items: z.array(adminUser) }).describe('Accounts, a page of them');
export const userPatch = z
  .object({ role: role.optional(), countryCode: countryCode.nullable().optional(), organisationCode: orgCode.nullable().optional(), status: z.enum(['active', 'disabled']).optional() })
  .strict();
export const userUpdated = z
  .object({ id: z.string(), email: z.string(), role, countryCode: z.string().nullable(), status: z.enum(['active', 'disabled']) })
  .describe('The account after the change');

export const invitation = z.object({
  id: z.string(),
  email: z.string().nullable(),
  role: role.nullable(),
  countryCode: z.string().nullable(),
  organisationCode: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['open', 'used', 'replaced', 'expired', 'revoked']),
});
export const invitationList = z.object({ items: z.array(invitation) }).describe('Invitations, newest first');
export const invitationInput = z.object({
  email,
  role,
  countryCode: countryCode.nullable().optional(),
  organisationCode: orgCode.nullable().optional(),
  locale: z.enum(['es', 'en']).default('es'),
});
export const invitationCreated = z
  .object({ id: z.string(), expiresAt: z.string(), emailSent: z.boolean(), link: z.string().optional() })
  .describe('The invitation; its link when no mail could carry it');

export const auditQuery = z.object({
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  actor: z.string().max(320).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  ...paging,
});
export const auditEvent = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The entity's name or title, by language where it has several; null when it is gone or has none. */
  entityLabel: z.union([z.string(), names]).nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export const auditList = z.object({ items: z.array(auditEvent) }).describe('Audit events, newest first');

// --- organisations --------------------------------------------------------------------

export const organisationsQuery = z.object({ kind: orgKind.optional(), country: countryCode.optional() });
export const organisation = z.object({
  id: z.string(),
  code: z.string(),
  kind: orgKind,
  name: z.string(),
  names,
  acronym: z.string().nullable(),
  countryCode: z.string().nullable(),
});
export const organisationList = z.object({ items: z.array(organisation) }).describe('Organisations, by code');
export const organisationInput = z.object({
  code: orgCode,
  kind: orgKind,
  name: localizedInput,
  acronym: z.string().max(40).nullable().default(null),
  countryCode: countryCode.nullable().default(null),
});
export const organisationParams = z.object({ id: z.string().min(2).max(40) });
export const organisationPatch = z
  .object({ kind: orgKind.optional(), name: localizedInput.optional(), acronym: z.string().max(40).nullable().optional(), countryCode: countryCode.nullable().optional() })
  .strict();
/** An organisation as stored (after a creation or an edit). */
export const organisationRow = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: orgKind,
    name: names,
    acronym: z.string().nullable(),
    country_code: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .describe('The organisation as stored');

export type Role = z.infer<typeof role>;
export type OrgKind = z.infer<typeof orgKind>;
export type Me = Wire<typeof me>;
export type Session = Wire<typeof session>;
export type SignedIn = Wire<typeof signedIn>;
export type LinkInfo = Wire<typeof linkInfo>;
export type ApiToken = Wire<typeof apiToken>;
export type NewApiToken = Wire<typeof newToken>;
export type AdminUser = Wire<typeof adminUser>;
export type Invitation = Wire<typeof invitation>;
export type InvitationCreated = Wire<typeof invitationCreated>;
export type AuditEvent = Wire<typeof auditEvent>;
export type Organisation = Wire<typeof organisation>;

// --- first steps, single sign-on --------------------------------------------------------

export const STEP_KEYS = ['secretariat', 'mail', 'organisations', 'focalPoints'] as const;
export const firstStep = z.object({ key: z.enum(STEP_KEYS), state: z.enum(['done', 'invited', 'todo']), link: z.string().nullable() });
export const firstStepList = z.object({ items: z.array(firstStep) }).describe("The administrator's first steps, each ticked from the platform's state");
export const ssoRedirect = z.null().describe('A redirect to the identity provider');
export type FirstStep = Wire<typeof firstStep>;
