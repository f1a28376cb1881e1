import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Cache headers of the public indicator reads, as the observatory's public data answers send
 * them: an anonymous reader's answer is the same for every anonymous reader, so any cache may
 * keep it a minute (`public, max-age=60`: also what the drawn pages keep, prerender.ts) and
 * then revalidate it with its ETag, answered 304 without a body when nothing changed. The tag
 * is a digest of the answer itself, so it changes exactly when the answer does (a value
 * validated, a catalogue edit, a recomputation). What a signed-in person sees may hold
 * provisional values: never kept.
 */
export function publicCache(req: FastifyRequest, reply: FastifyReply): void {
  if (req.actor.kind === 'user') {
    reply.header('cache-control', 'private, no-store');
    return;
  }
  reply.header('cache-control', 'public, max-age=60');
  reply.header('vary', 'Accept-Language, Authorization, Cookie');
}

const digest = (data: string | Buffer) => `"${crypto.createHash('sha256').update(data).digest('base64url').slice(0, 32)}"`;

/** Whether the reader's If-None-Match names this tag (then a 304 answers). */
export function holds(req: FastifyRequest, tag: string): boolean {
  const asked = req.headers['if-none-match'];
  return !!asked && asked.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === tag);
}

/**
 * The tag of an answer made from `parts` (the question and the data it was drawn from), for an
 * answer whose body also holds the moment it was asked (values: `asOf` now), which would
 * otherwise give every answer a new tag.
 */
export function tagOf(parts: unknown): string {
  return digest(JSON.stringify(parts));
}

/** `onSend` hook: the ETag of a public 200 answer, a digest of its body, and a 304 when the reader already holds it. */
export async function entityTag(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode !== 200 || req.actor.kind === 'user') return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const tag = digest(payload);
  reply.header('etag', tag);
  if (!holds(req, tag)) return payload;
  reply.code(304);
  reply.removeHeader('content-length');
  return '';
}
