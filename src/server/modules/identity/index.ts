import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the identity module. */
export { AuthService, type AuthSettings, type NewSession } from './auth-service.ts';
export { AccountService } from './account-service.ts';
export { AdminService } from './admin-service.ts';
export { registerAuthentication, setSessionCookie, sessionCookie, userAgent, SESSION_COOKIE, CSRF_HEADER } from './http-auth.ts';
export { authRoutes } from './auth-routes.ts';
export { accountRoutes } from './account-routes.ts';
export { adminRoutes } from './admin-routes.ts';
export { seedOrganisations } from './seed.ts';
export { counts as identityCounts, findUserByEmail, linkOidc, findOidcUser, organisationCode, organisationCountry, findUserById, listUsers, listCountryAccounts } from './repository.ts';
export { secretariatContacts, userContact, actorForUser, ensureBuiltInAccount, publishersOf, type Contact } from './contacts.ts';
export { registerOidc } from './oidc.ts';
export const identityMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const identityAuditLabels: Record<string, AuditLabelSource> = {
  user: columnLabel('app_user', 'email'),
  organisation: columnLabel('organisation', 'name'),
  invitation: columnLabel('one_time_token', 'email'),
};
export { FirstSteps, firstStepsRoutes, type FirstStep } from './first-steps.ts';
