import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import { catalogueApplied, catalogueApply, catalogueFile, cataloguePreview } from '../../../shared/contracts/catalogue.ts';
import type { CatalogueImport } from './catalogue-import.ts';

const tags = ['practices'];
// 5 MB of file is about 6.7 MB of base64; larger bodies are refused before they are read.
const BODY_LIMIT = 8 * 1024 * 1024;
/** A partner's catalogue of practices: preview (nothing written), then apply in one transaction. */
export function catalogueRoutes(io: CatalogueImport): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/practices/catalogue/preview',
      { bodyLimit: BODY_LIMIT, schema: { tags, summary: 'Contributor or secretariat: read a catalogue (CSV/XLSX), recognise its columns, suggest objectives, flag likely duplicates and report every error (nothing is written)', body: catalogueFile, response: { 200: cataloguePreview } } },
      async (req) => io.preview(req.actor, req.body, req.locale),
    );
    app.post(
      '/practices/catalogue/apply',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags,
          summary: 'Apply a previewed catalogue in one transaction: drafts for the organisation (published when the secretariat chooses); likely duplicates left out unless kept; 409 when the file changed',
          body: catalogueApply,
          response: { 201: catalogueApplied },
        },
      },
      async (req, reply) => reply.status(201).send(await io.apply(req.actor, metaOf(req), req.body, req.locale)),
    );
  };
}
