import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Invalid } from '../../../platform/http/errors.ts';
import { requireRole } from '../../../platform/authz.ts';
import { tempFile } from '../import/index.ts';
import type { ObservatoryService } from '../service.ts';
import { inspectFile, MAX_INSPECT_BYTES, SUBMITTERS } from '../import/index.ts';
import { inspection } from '../../../../shared/contracts/observatory.ts';


/** `POST /submissions/inspect` (multipart `file`, optional field `dataflow`). */
export function inspectRoutes(service: ObservatoryService): FastifyPluginAsyncZod {
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_INSPECT_BYTES, files: 1, fields: 5 } });
    app.post(
      '/submissions/inspect',
      {
        schema: {
          tags: ['observatory'],
          summary:
            'The columns of a file about to be submitted (multipart field "file": CSV or XLSX; optional field "dataflow", default MIG_FLOWS): the header (found past title rows), the first 5 rows, and the dimension each column seems to be by its name. Nothing is stored. A CSV may be sent cut to its first megabyte.',
          response: { 200: inspection },
        },
      },
      async (req) => {
        requireRole(req.actor, ...SUBMITTERS);
        if (!req.isMultipart()) throw new Invalid([{ path: 'file', key: 'errors.fileMissing' }]);
        const fields: Record<string, string> = {};
        let tmpPath: string | null = null;
        let truncated = false;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              if (tmpPath) {
                part.file.resume();
                continue;
              }
              tmpPath = tempFile('');
              await pipeline(part.file, fs.createWriteStream(tmpPath));
              truncated = part.file.truncated;
            } else fields[part.fieldname] = String(part.value);
          }
          if (!tmpPath) throw new Invalid([{ path: 'file', key: 'errors.fileMissing' }]);
          if (truncated) throw new Invalid([{ path: 'file', key: 'errors.fileTooLarge', params: { mb: MAX_INSPECT_BYTES / 1024 / 1024 } }]);
          if (fs.statSync(tmpPath).size === 0) throw new Invalid([{ path: 'file', key: 'errors.fileEmpty' }]);
          const dataflow = /^[A-Z0-9_]{1,60}$/.test(fields.dataflow ?? '') ? fields.dataflow! : 'MIG_FLOWS';
          const s = await service.structure(dataflow);
          const out = await inspectFile(tmpPath, s);
          if (!out.columns.length) throw new Invalid([{ path: 'file', key: 'errors.fileEmpty' }]);
          return out;
        } finally {
          if (tmpPath) fs.rmSync(tmpPath, { force: true });
        }
      },
    );
  };
}
