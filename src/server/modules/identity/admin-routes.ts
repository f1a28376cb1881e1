import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import { pick } from '../../platform/i18n/index.ts';
import { noContent } from '../../../shared/contracts/common.ts';
import {
  adminUserList,
  auditList,
  auditQuery,
  invitationCreated,
  invitationInput,
  invitationList,
  organisationInput,
  organisationList,
  organisationParams,
  organisationPatch,
  organisationRow,
  organisationsQuery,
  userPatch,
  usersQuery,
  userUpdated,
  uuidParams,
} from '../../../shared/contracts/identity.ts';
import type { AdminService } from './admin-service.ts';

export function adminRoutes(admin: AdminService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/users',
      { schema: { tags: ['admin'], querystring: usersQuery, response: { 200: adminUserList } } },
      async (req) => ({ items: await admin.users(req.actor, req.query) }),
    );
    app.patch(
      '/admin/users/:id',
      {
        schema: {
          tags: ['admin'],
          params: uuidParams,
          body: userPatch,
          response: { 200: userUpdated },
        },
      },
      async (req) => {
        const u = await admin.updateUser(req.actor, metaOf(req), req.params.id, req.body);
        return { id: u.id, email: u.email, role: u.role, countryCode: u.country_code, status: u.status };
      },
    );
    app.get('/admin/invitations', { schema: { tags: ['admin'], response: { 200: invitationList } } }, async (req) => ({ items: await admin.invitations(req.actor) }));
    app.post(
      '/admin/invitations',
      {
        schema: {
          tags: ['admin'],
          summary: 'Invite a person by e-mail with a role scoped to a country or organisation',
          body: invitationInput,
          response: { 201: invitationCreated },
        },
      },
      async (req, reply) => reply.status(201).send(await admin.invite(req.actor, metaOf(req), req.body)),
    );
    app.delete('/admin/invitations/:id', { schema: { tags: ['admin'], params: uuidParams, response: { 204: noContent } } }, async (req, reply) => {
      await admin.revokeInvitation(req.actor, metaOf(req), req.params.id);
      return reply.status(204).send(null);
    });

    app.get(
      '/organisations',
      { schema: { tags: ['organisations'], summary: 'Organisations: state institutions, observers, civil society, secretariats', querystring: organisationsQuery, response: { 200: organisationList } } },
      async (req) => ({
        items: (await admin.organisations({ kind: req.query.kind, country: req.query.country?.toUpperCase() })).map((o) => ({
          id: o.id,
          code: o.code,
          kind: o.kind,
          name: pick(o.name, req.locale),
          names: o.name,
          acronym: o.acronym,
          countryCode: o.country_code,
        })),
      }),
    );
    app.post(
      '/organisations',
      {
        schema: {
          tags: ['organisations'],
          body: organisationInput,
          response: { 201: organisationRow },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await admin.createOrganisation(req.actor, metaOf(req), { ...req.body, countryCode: req.body.countryCode?.toUpperCase() ?? null })),
    );
    app.patch(
      '/organisations/:id',
      {
        schema: {
          tags: ['organisations'],
          params: organisationParams,
          body: organisationPatch,
          response: { 200: organisationRow },
        },
      },
      async (req) => admin.updateOrganisation(req.actor, metaOf(req), req.params.id, { ...req.body, countryCode: req.body.countryCode?.toUpperCase() ?? req.body.countryCode }),
    );

    app.get(
      '/admin/audit',
      {
        schema: {
          tags: ['admin'],
          querystring: auditQuery,
          response: { 200: auditList },
        },
      },
      async (req) => ({ items: await admin.audit(req.actor, req.query) }),
    );
  };
}
