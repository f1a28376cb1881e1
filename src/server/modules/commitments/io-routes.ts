import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metaOf } from '../../platform/http/context.ts';
import { t } from '../../platform/i18n/index.ts';
import { answers, importApplied, importPreview, progressFile as file, progressFileApply, uuidParams as id } from '../../../shared/contracts/commitments.ts';
import type { ActionsProgressIO } from './progress-io.ts';

// 5 MB of file is about 6.7 MB of base64; larger bodies are refused before they are read.
const BODY_LIMIT = 8 * 1024 * 1024;

/** Export and re-import of actions' progress (CSV/XLSX, same columns both ways). */
export function progressIoRoutes(io: ActionsProgressIO): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/roadmaps/:id/actions/export.csv', { schema: { tags: ['commitments'], summary: 'The roadmap’s actions as CSV (the import reads the same columns)', params: id, response: { 200: answers.csv } } }, async (req, reply) => {
      const body = await io.csv(req.actor, req.params.id, req.locale);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${t(req.locale, 'commitments.export.file')}.csv"`);
      return body;
    });
    app.get('/roadmaps/:id/actions/export.xlsx', { schema: { tags: ['commitments'], summary: 'The roadmap’s actions as XLSX (the import reads the same columns)', params: id, response: { 200: answers.xlsx } } }, async (req, reply) => {
      const body = await io.xlsx(req.actor, req.params.id, req.locale);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${t(req.locale, 'commitments.export.file')}.xlsx"`);
      return body;
    });
    app.post(
      '/roadmaps/:id/actions/import',
      { bodyLimit: BODY_LIMIT, schema: { tags: ['commitments'], summary: 'Secretariat: validate a progress file and preview the changes (nothing is written)', params: id, body: file, response: { 200: importPreview } } },
      async (req) => io.preview(req.actor, req.params.id, req.body.format, req.body.content, req.locale),
    );
    app.post(
      '/roadmaps/:id/actions/import/apply',
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          tags: ['commitments'],
          summary: 'Secretariat: apply a previewed file in one transaction (409 when the file or the actions changed since the preview)',
          params: id,
          body: progressFileApply,
          response: { 200: importApplied },
        },
      },
      async (req) => io.apply(req.actor, metaOf(req), req.params.id, req.body.format, req.body.content, req.body.checksum, req.locale),
    );
  };
}
