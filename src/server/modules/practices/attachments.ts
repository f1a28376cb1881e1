import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { metaOf, type Actor, type RequestMeta } from '../../platform/http/context.ts';
import { Forbidden, Invalid, NotFound } from '../../platform/http/errors.ts';
import { hasRole, requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { sniffType, type FileStore } from '../../platform/files.ts';
import { acceptUpload, multipartUpload, type Upload, type UploadRules } from '../../platform/uploads.ts';
import { answers, attachmentParams, idParams } from '../../../shared/contracts/practices.ts';
import * as w from './write-repository.ts';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Every kind the platform recognises; the refusal names the file as it was sent. */
const ATTACHMENT_UPLOADS: UploadRules = {
  maxBytes: MAX_ATTACHMENT_BYTES,
  sniff: sniffType,
  refuseType: (filename) => new Invalid([{ path: 'file', key: 'errors.fileType', params: { name: filename } }]),
  fallbackName: 'archivo',
};

/** Attachments of a practice: PDF, DOCX, XLSX, images; ≤ 20 MB; type checked from content. */
export class AttachmentService {
  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
  ) {}

  private async practice(id: string) {
    const h = /^[0-9a-f-]{36}$/i.test(id) ? await w.head(this.db, id) : undefined;
    if (!h) throw new NotFound('errors.practiceNotFound');
    return h;
  }

  private canEdit(actor: Actor, h: { owner_country: string | null; owner_organisation: string | null }) {
    if (hasRole(actor, 'admin', 'secretariat')) return true;
    if (actor.kind !== 'user') return false;
    if (actor.role === 'focal_point') return h.owner_country !== null && h.owner_country === actor.countryCode;
    if (actor.role === 'contributor') return h.owner_organisation !== null && h.owner_organisation === actor.organisationId;
    return false;
  }

  async add(actor: Actor, meta: RequestMeta, practiceId: string, upload: Upload) {
    const user = requireUser(actor);
    const h = await this.practice(practiceId);
    if (!this.canEdit(user, h)) throw new Forbidden();
    const row = await acceptUpload(this.files, upload, ATTACHMENT_UPLOADS, (file) =>
      this.db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('practice_attachment')
          .values({ practice_id: h.id, sha256: file.sha256, filename: file.filename, media_type: file.mediaType, size_bytes: file.size, created_by: user.id })
          .returning(['id', 'filename', 'media_type', 'size_bytes'])
          .executeTakeFirstOrThrow();
        await recordAudit(tx, actor, meta, { action: 'practice.attachment_add', entityType: 'practice', entityId: h.id, after: { ...r, sha256: file.sha256 } });
        return r;
      }),
    );
    return { id: row.id, filename: row.filename, mediaType: row.media_type, size: row.size_bytes };
  }

  async list(practiceId: string) {
    const rows = await this.db
      .selectFrom('practice_attachment')
      .select(['id', 'filename', 'media_type', 'size_bytes', 'created_at'])
      .where('practice_id', '=', practiceId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, filename: r.filename, mediaType: r.media_type, size: r.size_bytes }));
  }

  async open(actor: Actor, practiceId: string, attachmentId: string) {
    const h = await this.practice(practiceId);
    if (h.workflow !== 'published' && !this.canEdit(actor, h)) throw new NotFound('errors.practiceNotFound');
    const a = await this.db
      .selectFrom('practice_attachment')
      .select(['sha256', 'filename', 'media_type'])
      .where('id', '=', attachmentId)
      .where('practice_id', '=', h.id)
      .executeTakeFirst();
    const stream = a ? await this.files.open(a.sha256) : null;
    if (!a || !stream) throw new NotFound('errors.attachmentNotFound');
    return { stream, filename: a.filename, mediaType: a.media_type };
  }
}

export function attachmentRoutes(service: AttachmentService): FastifyPluginAsyncZod {
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } });
    app.post(
      '/practices/:id/attachments',
      { schema: { tags: ['practices'], summary: 'Attach a file (multipart field "file"; PDF, DOCX, XLSX or image; ≤ 20 MB)', params: idParams, response: { 201: answers.attachment } } },
      async (req, reply) => {
        const saved = await service.add(req.actor, metaOf(req), req.params.id, await multipartUpload(req));
        return reply.status(201).send(saved);
      },
    );
    app.get(
      '/practices/:id/attachments/:attachmentId',
      { schema: { tags: ['practices'], params: attachmentParams, response: { 200: answers.file } } },
      async (req, reply) => {
        const f = await service.open(req.actor, req.params.id, req.params.attachmentId);
        reply.header('content-type', f.mediaType);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
        return reply.send(f.stream);
      },
    );
  };
}
