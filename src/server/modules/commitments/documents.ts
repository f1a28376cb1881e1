import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database, Executor } from '../../platform/db/database.ts';
import { metaOf, type Actor, type RequestMeta } from '../../platform/http/context.ts';
import { Invalid, NotFound } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { sniffType, type FileStore } from '../../platform/files.ts';
import { acceptUpload, multipartUpload, type Upload, type UploadRules } from '../../platform/uploads.ts';
import { SEED_DIR } from '../../platform/paths.ts';
import { noContent } from '../../../shared/contracts/common.ts';
import { answers, documentParams, documentQuery, documentUploadParams, DOCUMENT_KINDS, type DocumentKind } from '../../../shared/contracts/commitments.ts';

/** The same limit as evidence files (evidence.ts), not imported to keep the modules acyclic. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export { DOCUMENT_KINDS, type DocumentKind };
export const SEED_DOCUMENTS_DIR = path.join(SEED_DIR, 'content', 'documents');

/** Plain text: valid UTF-8 with no NUL or other control bytes than tab, newlines and form feed. */
export function isPlainText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The evidence files' types (PDF, DOCX, XLSX, images) plus plain text, read from the content. */
export function sniffDocumentType(filePath: string): { mediaType: string; extension: string } | null {
  const known = sniffType(filePath);
  if (known) return known;
  return isPlainTextFile(filePath) ? { mediaType: 'text/plain', extension: 'txt' } : null;
}

/** `isPlainText` a megabyte at a time: a 20 MB upload is never held whole (nor decoded into one string). */
function isPlainTextFile(filePath: string): boolean {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let any = false;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      any = true;
      const chunk = buf.subarray(0, n);
      for (const b of chunk) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return any;
  } catch {
    return false; // not UTF-8
  } finally {
    fs.closeSync(fd);
  }
}

export interface DocumentDto {
  id: string;
  kind: DocumentKind;
  language: string;
  title: string;
  filename: string;
  mediaType: string;
  size: number;
  uploadedAt: string;
}

export async function meetingDocuments(db: Executor, meetingId: string): Promise<DocumentDto[]> {
  const rows = await db
    .selectFrom('meeting_document')
    .select(['id', 'kind', 'language', 'title', 'filename', 'media_type', 'size_bytes', 'uploaded_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('kind')
    .orderBy('language')
    .orderBy('uploaded_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    language: r.language,
    title: r.title,
    filename: r.filename,
    mediaType: r.media_type,
    size: r.size_bytes,
    uploadedAt: new Date(r.uploaded_at).toISOString(),
  }));
}

/** The seed's documents (seed/content/documents) described once the files exist. */
export interface SeedDocument {
  meeting: string;
  file: string;
  kind: DocumentKind;
  language: string;
  title: string;
}

/** Rows for the seed's documents; the bytes are put in the file store by `storeSeedDocuments`. */
export async function seedMeetingDocuments(db: Executor, docs: SeedDocument[], dir = SEED_DOCUMENTS_DIR): Promise<number> {
  let n = 0;
  for (const d of docs) {
    const file = path.join(dir, d.file);
    if (!fs.existsSync(file)) continue;
    const meeting = await db.selectFrom('meeting').select('id').where('key', '=', d.meeting).executeTakeFirst();
    if (!meeting) continue;
    const bytes = fs.readFileSync(file);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const r = await db
      .insertInto('meeting_document')
      .values({ meeting_id: meeting.id, kind: d.kind, language: d.language, title: d.title, sha256, filename: d.file, media_type: 'text/plain', size_bytes: bytes.length })
      .onConflict((oc) => oc.columns(['meeting_id', 'sha256']).doNothing())
      .executeTakeFirst();
    n += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

/**
 * Meetings' documents: listed with the meeting (public), downloaded by anyone, uploaded
 * and deleted by the secretariat. Same checks as evidence files, plus plain text.
 */
export class MeetingDocuments {
  constructor(
    private readonly db: Database,
    private readonly files: FileStore,
  ) {}

  /**
   * The seed writes only rows (it runs without a file store); the first download of a
   * seeded document (no uploader) whose bytes the store lacks puts them there from
   * seed/content/documents, when the file is there and still has the row's SHA-256.
   */
  private async restoreSeedFile(filename: string, sha256: string): Promise<boolean> {
    const file = path.join(SEED_DOCUMENTS_DIR, path.basename(filename));
    if (!fs.existsSync(file)) return false;
    const stored = await this.files.receive(fs.createReadStream(file));
    if (stored.sha256 !== sha256) {
      this.files.discard(stored);
      return false;
    }
    await this.files.commit(stored);
    return true;
  }

  private async meetingId(key: string): Promise<string> {
    const m = await this.db.selectFrom('meeting').select('id').where('key', '=', key).executeTakeFirst();
    if (!m) throw new NotFound('errors.meetingNotFound');
    return m.id;
  }

  /** Who may upload is decided before a byte is read. */
  async authorise(actor: Actor, key: string) {
    const user = requireRole(actor, 'admin', 'secretariat');
    return { user, meetingId: await this.meetingId(key) };
  }

  async upload(
    actor: Actor,
    meta: RequestMeta,
    key: string,
    info: { kind: DocumentKind; language: string; title: string },
    upload: Upload,
  ): Promise<DocumentDto> {
    const { user, meetingId } = await this.authorise(actor, key);
    const rules: UploadRules = {
      maxBytes: MAX_DOCUMENT_BYTES,
      sniff: sniffDocumentType,
      refuseType: (name) => new Invalid([{ path: 'file', key: 'errors.documentFileType', params: { name: path.basename(name) } }]),
      fallbackName: 'documento',
    };
    const row = await acceptUpload(this.files, upload, rules, (file) =>
      this.db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('meeting_document')
          .values({ meeting_id: meetingId, kind: info.kind, language: info.language, title: info.title, sha256: file.sha256, filename: file.filename, media_type: file.mediaType, size_bytes: file.size, uploaded_by: user.id })
          .onConflict((oc) => oc.columns(['meeting_id', 'sha256']).doNothing())
          .returning(['id'])
          .executeTakeFirst();
        if (!r) throw new Invalid([{ path: 'file', key: 'errors.documentDuplicate' }]);
        await recordAudit(tx, actor, meta, { action: 'meeting_document.upload', entityType: 'meeting', entityId: meetingId, after: { id: r.id, ...info, filename: file.filename, mediaType: file.mediaType, size: file.size, sha256: file.sha256 } });
        return r;
      }),
    );
    return (await meetingDocuments(this.db, meetingId)).find((d) => d.id === row.id)!;
  }

  async open(key: string, id: string) {
    const f = await this.db
      .selectFrom('meeting_document as d')
      .innerJoin('meeting as m', 'm.id', 'd.meeting_id')
      .select(['d.sha256', 'd.filename', 'd.media_type', 'd.uploaded_by'])
      .where('m.key', '=', key)
      .where('d.id', '=', id)
      .executeTakeFirst();
    let stream = f ? await this.files.open(f.sha256) : null;
    if (f && !stream && f.uploaded_by === null && (await this.restoreSeedFile(f.filename, f.sha256))) stream = await this.files.open(f.sha256);
    if (!f || !stream) throw new NotFound('errors.documentNotFound');
    return { stream, filename: f.filename, mediaType: f.media_type };
  }

  /** Removes the description; the bytes stay in the content-addressed store (other rows may share them). */
  async remove(actor: Actor, meta: RequestMeta, key: string, id: string): Promise<void> {
    requireRole(actor, 'admin', 'secretariat');
    const meetingId = await this.meetingId(key);
    await this.db.transaction().execute(async (tx) => {
      const r = await tx.deleteFrom('meeting_document').where('id', '=', id).where('meeting_id', '=', meetingId).returning(['id', 'kind', 'language', 'title', 'filename', 'sha256']).executeTakeFirst();
      if (!r) throw new NotFound('errors.documentNotFound');
      await recordAudit(tx, actor, meta, { action: 'meeting_document.delete', entityType: 'meeting', entityId: meetingId, before: r });
    });
  }
}

export function meetingDocumentRoutes(service: MeetingDocuments): FastifyPluginAsyncZod {
  return async (app) => {
    const { default: multipart } = await import('@fastify/multipart');
    await app.register(multipart, { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 5 } });
    app.post(
      '/meetings/:key/documents',
      {
        schema: {
          tags: ['commitments'],
          summary: 'Attach a document to a meeting (secretariat; multipart field "file"; PDF, DOCX, XLSX, image or plain text; ≤ 20 MB); kind, language and title in the query',
          params: documentUploadParams,
          querystring: documentQuery,
          response: { 201: answers.document },
        },
      },
      async (req, reply) => {
        await service.authorise(req.actor, req.params.key);
        const saved = await service.upload(req.actor, metaOf(req), req.params.key, req.query, await multipartUpload(req));
        return reply.status(201).send(saved);
      },
    );
    app.get(
      '/meetings/:key/documents/:id',
      { schema: { tags: ['commitments'], summary: 'A document of a meeting (public, like meetings)', params: documentParams, response: { 200: answers.file } } },
      async (req, reply) => {
        const f = await service.open(req.params.key, req.params.id);
        reply.header('content-type', f.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : f.mediaType);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
        reply.header('x-content-type-options', 'nosniff');
        return reply.send(f.stream);
      },
    );
    app.delete(
      '/meetings/:key/documents/:id',
      { schema: { tags: ['commitments'], summary: 'Remove a document from a meeting (secretariat)', params: documentParams, response: { 204: noContent } } },
      async (req, reply) => {
        await service.remove(req.actor, metaOf(req), req.params.key, req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
