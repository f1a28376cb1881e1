import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { metaOf, type Actor, type RequestMeta } from '../../platform/http/context.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/http/errors.ts';
import { requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { sniffType, type FileStore } from '../../platform/files.ts';
import { acceptUpload, multipartUpload, type Upload, type UploadRules } from '../../platform/uploads.ts';
import { answers, evidenceParams, uuidParams } from '../../../shared/contracts/commitments.ts';
import * as repo from './repository.ts';
import { ownsAction } from './editing-service.ts';
import { publicOnly } from './service.ts';

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

/** Every kind the platform recognises; the refusal names the file without any folder part. */
const EVIDENCE_UPLOADS: UploadRules = {
  maxBytes: MAX_EVIDENCE_BYTES,
  sniff: sniffType,
  refuseType: (filename) => new Invalid([{ path: 'file', key: 'errors.fileType', params: { name: path.basename(filename) } }]),
  fallbackName: 'evidencia',
};

/**
 * Evidence files of progress updates (PDF, DOCX, XLSX, images; ≤ 20 MB; the type is read
 * from the content, never from the name). A file is uploaded first, by someone who may
 * report on the action, and is then cited by the update (`evidenceFile` in POST
 * /actions/:id/updates), so a refused file never leaves a half-made update behind.
 * Until an update cites it, only its uploader can fetch it.
 */
export class EvidenceFiles {
  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
  ) {}

  /** Who may upload is decided before a byte is read. */
  async authorise(actor: Actor, actionId: string) {
    const user = requireUser(actor);
    const a = repo.isUuid(actionId) ? (await repo.actions(this.db, { id: actionId }))[0] : undefined;
    if (!a) throw new NotFound('errors.actionNotFound');
    if (!ownsAction(user, a)) throw new Forbidden('errors.actionNotYours');
    return { user, action: a };
  }

  async upload(actor: Actor, meta: RequestMeta, actionId: string, upload: Upload) {
    const { user, action } = await this.authorise(actor, actionId);
    const row = await acceptUpload(this.files, upload, EVIDENCE_UPLOADS, (file) =>
      this.db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('action_evidence_file')
          .values({ action_id: action.id, sha256: file.sha256, filename: file.filename, media_type: file.mediaType, size_bytes: file.size, created_by: user.id })
          .returning(['id', 'filename', 'media_type', 'size_bytes'])
          .executeTakeFirstOrThrow();
        await recordAudit(tx, actor, meta, { action: 'action_evidence.upload', entityType: 'roadmap_action', entityId: action.id, after: { ...r, sha256: file.sha256 } });
        return r;
      }),
    );
    return { id: row.id, filename: row.filename, mediaType: row.media_type, size: row.size_bytes };
  }

  async open(actor: Actor, actionId: string, fileId: string) {
    const f = await this.db
      .selectFrom('action_evidence_file as f')
      .innerJoin('roadmap_action as a', 'a.id', 'f.action_id')
      .innerJoin('roadmap as r', 'r.id', 'a.roadmap_id')
      .select(['f.sha256', 'f.filename', 'f.media_type', 'f.update_id', 'f.created_by', 'r.is_public'])
      .where('f.id', '=', fileId)
      .where('f.action_id', '=', actionId)
      .executeTakeFirst();
    const visible = f && (!publicOnly(actor) || f.is_public) && (f.update_id !== null || (actor.kind === 'user' && actor.id === f.created_by));
    const stream = visible ? await this.files.open(f.sha256) : null;
    if (!f || !stream) throw new NotFound('errors.attachmentNotFound');
    return { stream, filename: f.filename, mediaType: f.media_type };
  }
}

export function evidenceRoutes(service: EvidenceFiles): FastifyPluginAsyncZod {
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5 } });
    app.post(
      '/actions/:id/evidence',
      {
        schema: {
          tags: ['commitments'],
          summary: 'Upload an evidence file for an action (multipart field "file"; PDF, DOCX, XLSX or image; ≤ 20 MB); cite it with evidenceFile in the update',
          params: uuidParams,
          response: { 201: answers.evidence },
        },
      },
      async (req, reply) => {
        await service.authorise(req.actor, req.params.id);
        const saved = await service.upload(req.actor, metaOf(req), req.params.id, await multipartUpload(req));
        return reply.status(201).send(saved);
      },
    );
    app.get(
      '/actions/:id/evidence/:fileId',
      { schema: { tags: ['commitments'], summary: 'An evidence file (public roadmaps for everyone, others for members)', params: evidenceParams, response: { 200: answers.file } } },
      async (req, reply) => {
        const f = await service.open(req.actor, req.params.id, req.params.fileId);
        reply.header('content-type', f.mediaType);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
        reply.header('x-content-type-options', 'nosniff');
        return reply.send(f.stream);
      },
    );
  };
}
