import crypto from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import { suppress } from './disclosure.ts';
import { queryCells, scopeOf, type Access, type DataQuery } from './query.ts';
import type { Structure } from './structure.ts';

/**
 * The data API's answer: cells, disclosure, the releases the figures come from, and the
 * entity tag of public answers.
 *
 * ETag: released figures never change (a correction is a new release), so an answer to the
 * public is a function of the releases in scope and the question. The tag hashes exactly
 * those (plus the format and language of the representation and a version of the method),
 * and is computed from the scope alone — a conditional request that matches costs one
 * small query, not the aggregation.
 */
const METHOD_VERSION = 'cube-1';

export interface DataOptions {
  /** representation, for the entity tag */
  variant?: string;
  ifNoneMatch?: string;
}

export async function answerData(db: Database, s: Structure, access: Access, q: DataQuery, now: Date, opts: DataOptions = {}) {
  const scope = await scopeOf(db, s, q, access, now);
  const releases = scope.releases
    .map((r) => ({ id: r.id, country: r.country, level: r.level, releasedAt: r.releaseAt.toISOString(), cutoff: r.cutoff.toISOString() }))
    .sort((a, b) => a.country.localeCompare(b.country) || a.id.localeCompare(b.id));
  const etag = access.kind === 'public' ? entityTag(s, releases.map((r) => r.id), q, opts.variant ?? '') : null;
  if (etag && opts.ifNoneMatch && matches(opts.ifNoneMatch, etag)) return { structure: s, etag, notModified: true as const };

  const { cells, rollup, cube } = await queryCells(db, s, q, access, now, scope);
  let published: { key: Record<string, string>; value: number; suppressed: boolean }[];
  if (cube) {
    // the release's pattern (protect.ts); a small answer is never published either
    published = cells.map((c) => ({ ...c, suppressed: !!c.hidden || (c.value > 0 && c.value < s.suppressionThreshold) }));
  } else {
    // Unreleased state in scope: the secretariat, or a country's users (their own country alone unsuppressed).
    const own = access.kind === 'all' || (access.kind === 'country' && q.filters.REF_AREA?.length === 1 && q.filters.REF_AREA[0] === access.country);
    published = own ? cells.map((c) => ({ ...c, suppressed: false })) : suppress(cells, q.groupBy, s.suppressionThreshold);
  }
  return {
    structure: s,
    rollup,
    cube,
    etag,
    notModified: false as const,
    body: {
      dataflow: s.urn,
      releases,
      ...(scope.privileged.length || scope.all ? { unreleased: scope.all ? ('all' as const) : scope.privileged } : {}),
      observations: published.map((c) => ({ ...c.key, OBS_VALUE: c.suppressed ? null : c.value, CONF_STATUS: c.suppressed ? ('C' as const) : ('F' as const) })),
    },
  };
}

export type DataAnswer = Extract<Awaited<ReturnType<typeof answerData>>, { notModified: false }>;
export type DataBody = DataAnswer['body'];

function entityTag(s: Structure, releaseIds: string[], q: DataQuery, variant: string): string {
  const filters = Object.entries(q.filters)
    .filter(([, v]) => v?.length)
    .map(([k, v]) => [k, [...v].sort()])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const key = JSON.stringify([METHOD_VERSION, s.urn, s.suppressionThreshold, releaseIds, filters, q.startPeriod ?? null, q.endPeriod ?? null, q.groupBy, q.timeAggregation, q.releaseId ?? null, variant]);
  return `"${crypto.createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`;
}

function matches(header: string, etag: string): boolean {
  return header.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
}
