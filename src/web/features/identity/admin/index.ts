export { AdminLayout } from './AdminLayout.tsx';
export { UsersPage } from './UsersPage.tsx';
export { InvitationsPage } from './InvitationsPage.tsx';
export { OrganisationsPage } from './OrganisationsPage.tsx';
export { AuditPage } from './AuditPage.tsx';
