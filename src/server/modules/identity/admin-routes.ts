import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../platform/http/context.ts';
import { pick } from '../../platform/i18n/index.ts';
import type { AdminService } from './admin-service.ts';

const role = z.enum(['admin', 'secretariat', 'focal_point', 'contributor', 'member_viewer']);
const countryCode = z.string().regex(/^[A-Za-z]{3}$/);
const orgCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/);
const localized = z.object({ es: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) }).catchall(z.string().max(300));
const orgKind = z.enum(['state_institution', 'observer', 'civil_society', 'secretariat']);
const paging = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };

export function adminRoutes(admin: AdminService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/users',
      { schema: { tags: ['admin'], querystring: z.object({ q: z.string().max(200).optional(), role: role.optional(), country: countryCode.optional(), ...paging }) } },
      async (req) => ({ items: await admin.users(req.actor, req.query) }),
    );
    app.patch(
      '/admin/users/:id',
      {
        schema: {
          tags: ['admin'],
          params: z.object({ id: z.string().uuid() }),
          body: z
            .object({ role: role.optional(), countryCode: countryCode.nullable().optional(), organisationCode: orgCode.nullable().optional(), status: z.enum(['active', 'disabled']).optional() })
            .strict(),
        },
      },
      async (req) => {
        const u = await admin.updateUser(req.actor, metaOf(req), req.params.id, req.body);
        return { id: u.id, email: u.email, role: u.role, countryCode: u.country_code, status: u.status };
      },
    );
    app.get('/admin/invitations', { schema: { tags: ['admin'] } }, async (req) => ({ items: await admin.invitations(req.actor) }));
    app.post(
      '/admin/invitations',
      {
        schema: {
          tags: ['admin'],
          summary: 'Invite a person by e-mail with a role scoped to a country or organisation',
          body: z.object({
            email: z.string().trim().max(320).email(),
            role,
            countryCode: countryCode.nullable().optional(),
            organisationCode: orgCode.nullable().optional(),
            locale: z.enum(['es', 'en']).default('es'),
          }),
        },
      },
      async (req, reply) => reply.status(201).send(await admin.invite(req.actor, metaOf(req), req.body)),
    );
    app.delete('/admin/invitations/:id', { schema: { tags: ['admin'], params: z.object({ id: z.string().uuid() }) } }, async (req, reply) => {
      await admin.revokeInvitation(req.actor, metaOf(req), req.params.id);
      return reply.status(204).send();
    });

    app.get(
      '/organisations',
      { schema: { tags: ['organisations'], summary: 'Organisations: state institutions, observers, civil society, secretariats', querystring: z.object({ kind: orgKind.optional(), country: countryCode.optional() }) } },
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
          body: z.object({ code: orgCode, kind: orgKind, name: localized, acronym: z.string().max(40).nullable().default(null), countryCode: countryCode.nullable().default(null) }),
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
          params: z.object({ id: z.string().min(2).max(40) }),
          body: z.object({ kind: orgKind.optional(), name: localized.optional(), acronym: z.string().max(40).nullable().optional(), countryCode: countryCode.nullable().optional() }).strict(),
        },
      },
      async (req) => admin.updateOrganisation(req.actor, metaOf(req), req.params.id, { ...req.body, countryCode: req.body.countryCode?.toUpperCase() ?? req.body.countryCode }),
    );

    app.get(
      '/admin/audit',
      {
        schema: {
          tags: ['admin'],
          querystring: z.object({
            action: z.string().max(100).optional(),
            entityType: z.string().max(100).optional(),
            actor: z.string().max(320).optional(),
            from: z.coerce.date().optional(),
            to: z.coerce.date().optional(),
            ...paging,
          }),
        },
      },
      async (req) => ({ items: await admin.audit(req.actor, req.query) }),
    );
  };
}
