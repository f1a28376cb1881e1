import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { Invalid } from './http/errors.ts';
import type { FileStore } from './files.ts';
import { checkOfficeDocument } from './file-limits/xlsx.ts';

/** One uploaded file as a service receives it, whatever the transport. */
export interface Upload {
  filename: string;
  stream: Readable;
  /** True once the transport cut the stream at its size limit. */
  truncated: () => boolean;
}

export interface FileType {
  mediaType: string;
  extension: string;
}

/** A file that passed the checks, still in the temporary area until `save` succeeds. */
export interface AcceptedFile extends FileType {
  sha256: string;
  size: number;
  /** The uploader's name, made safe, with the extension of the real type. */
  filename: string;
}

/** What a module decides about its uploads; the checks and the storage are shared. */
export interface UploadRules {
  /** Shown in the "too large" message; the transport enforces it (`multipartUpload` limits). */
  maxBytes: number;
  /** The kinds the module accepts, read from the bytes; null refuses the file. */
  sniff: (tmpPath: string) => FileType | null;
  /** The module's refusal of a kind it does not accept (its message key and wording). */
  refuseType: (filename: string) => Error;
  /** The stored name when nothing usable is left of the uploader's. */
  fallbackName: string;
}

/**
 * Receives an upload into the content-addressed store, checks size, emptiness and kind, and
 * hands the accepted file to `save` (the module's row and audit, in its transaction). The
 * bytes are committed only after `save` succeeds and discarded on any failure, so a refused
 * upload leaves neither a row nor a file behind.
 */
export async function acceptUpload<T>(files: FileStore, upload: Upload, rules: UploadRules, save: (file: AcceptedFile) => Promise<T>): Promise<T> {
  const stored = await files.receive(upload.stream);
  try {
    if (upload.truncated()) throw new Invalid([{ path: 'file', key: 'errors.fileTooLarge', params: { mb: rules.maxBytes / 1024 / 1024 } }]);
    if (stored.size === 0) throw new Invalid([{ path: 'file', key: 'errors.fileEmpty' }]);
    const type = rules.sniff(stored.tmpPath);
    if (!type) throw rules.refuseType(upload.filename);
    // stored, never parsed here: still, a damaged archive, a zip bomb or a DTD is refused (file-limits)
    if (type.extension === 'docx' || type.extension === 'xlsx') await checkOfficeDocument(stored.tmpPath);
    const result = await save({ sha256: stored.sha256, size: stored.size, filename: storedName(upload.filename, type.extension, rules.fallbackName), ...type });
    await files.commit(stored);
    return result;
  } catch (err) {
    files.discard(stored);
    throw err;
  }
}

/** The stored name keeps what the person called it, with the real extension. */
export function storedName(uploaded: string, extension: string, fallback: string): string {
  const base = path.basename(uploaded).replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N} ._-]+/gu, '_').slice(0, 150) || fallback;
  return `${base}.${extension}`;
}

/** The single file of a multipart request (field "file"), or the "no file" refusal. */
export async function multipartUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new Invalid([{ path: 'file', key: 'errors.fileMissing' }]);
  const file = await req.file();
  if (!file) throw new Invalid([{ path: 'file', key: 'errors.fileMissing' }]);
  return { filename: file.filename, stream: file.file, truncated: () => file.file.truncated };
}
