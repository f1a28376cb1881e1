import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileAnswer } from '../../../shared/contracts/common.ts';
import type { Database } from '../../platform/db/database.ts';
import type { ReferenceService } from '../reference/index.ts';
import { buildProfile } from './build.ts';
import { renderProfilePdf } from './pdf.ts';

/** HTTP only: the schema, then the document. */
export function profileRoutes(db: Database, reference: ReferenceService, opts: { publicUrl: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/observatory/countries/:code/profile.pdf',
      {
        schema: {
          tags: ['observatory'],
          summary: "A country's migration profile as an A4 PDF drawn on the server (latest figures per flow, the last twelve months, top nationalities, the regional minimum disaggregation), from released figures only, in the caller's language (`lang=es|en`); the same released data give the same bytes",
          params: z.object({ code: z.string().regex(/^[A-Za-z]{3}$/) }),
          response: { 200: fileAnswer('application/pdf') },
        },
      },
      async (req, reply) => {
        const model = await buildProfile(db, reference, req.params.code.toUpperCase(), req.locale);
        const body = await renderProfilePdf(model, `${opts.publicUrl}/observatory/countries/${model.code}`);
        // Public figures only: cacheable like the data API's public answers.
        reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
        reply.header('content-disposition', `attachment; filename="observatorio-${model.code.toLowerCase()}-${req.locale}.pdf"`);
        return reply.type('application/pdf').send(body);
      },
    );
  };
}
