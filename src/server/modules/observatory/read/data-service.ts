import crypto from 'node:crypto';
import type { Locale } from '../../../platform/i18n/index.ts';
import type { Database } from '../../../platform/db/database.ts';
import { checkFilterCodes } from '../structure/index.ts';
import { suppress } from './disclosure.ts';
import { perCapitaScope, withPerCapita } from './population.ts';
import { sourcesOf } from '../structure/index.ts';
import { checkPublicGrouping, queryCells, scopeOf, type Access, type Cell, type DataQuery, type Scope } from './query.ts';
import type { Structure } from '../structure/index.ts';

/**
 * The data API's answer: cells, disclosure, the releases the figures come from, and the
 * entity tag of public answers.
 *
 * ETag: released figures never change (a correction is a new release), so an answer to the
 * public is a function of the releases in scope and the question. The tag hashes exactly
 * those (plus the format and language of the representation, a version of the method and
 * the versions of the sources whose lines it shows), and is computed from the scope and the
 * sources alone — a conditional request that matches costs two small queries, not the aggregation.
 */
const METHOD_VERSION = 'cube-1';

export interface DataOptions {
  /** representation, for the entity tag */
  variant?: string;
  ifNoneMatch?: string;
  /** the reader's language, for the notes of answers from the incidents registry */
  locale?: Locale;
}

export async function answerData(db: Database, s: Structure, access: Access, q: DataQuery, now: Date, opts: DataOptions = {}) {
  // an unknown code is a wrong question (400), not one without figures
  checkFilterCodes(s, q.filters);
  // a rate needs one country and one year per cell: a question that cannot give them is a 400 before any work
  if (q.perCapita) perCapitaScope(q);
  const scope = await scopeOf(db, s, q, access, now);
  const releases = scope.releases
    .map((r) => ({ id: r.id, country: r.country, level: r.level, releasedAt: r.releaseAt.toISOString(), cutoff: r.cutoff.toISOString() }))
    .sort((a, b) => a.country.localeCompare(b.country) || a.id.localeCompare(b.id));
  // who produced the figures (sources.ts): the countries in scope, the flows asked about
  const countries = q.filters.REF_AREA?.length ? q.filters.REF_AREA : scope.all ? [] : [...new Set([...releases.map((r) => r.country), ...scope.privileged])];
  const sources = scope.all || countries.length ? await sourcesOf(db, s.id, countries, q.filters.FLOW ?? []) : [];
  // an edited source changes the answer's source lines: its version is part of the tag
  const sourceStamp = sources.map((x) => `${x.country}:${x.flow}:${x.version}`).join(',');
  const etag = access.kind === 'public' ? entityTag(s, releases.map((r) => r.id), q, `${opts.variant ?? ''}|${sourceStamp}`) : null;
  if (etag && opts.ifNoneMatch && matches(opts.ifNoneMatch, etag)) return { structure: s, etag, notModified: true as const };

  const mixed = !scope.all && scope.privileged.length > 0 && scope.releases.length > 0 && !q.noRollup;
  const { cells, rollup, cube } = mixed ? await mixedCells(db, s, q, now, scope) : await queryCells(db, s, q, access, now, scope);
  let published: { key: Record<string, string>; value: number; suppressed: boolean; coverage?: string | null }[];
  if (mixed) {
    published = cells.map((c) => ({ key: c.key, value: c.value, suppressed: !!c.hidden }));
  } else if (cube) {
    // the release's pattern (protect.ts); a small answer is never published either
    published = cells.map((c) => ({ ...c, suppressed: !!c.hidden || (c.value > 0 && c.value < s.suppressionThreshold) }));
  } else {
    // Unreleased state in scope: the secretariat, or a country's users about their own country alone.
    const own = access.kind === 'all' || (access.kind === 'country' && scope.releases.length === 0);
    published = own ? cells.map((c) => ({ ...c, suppressed: false })) : suppress(cells, q.groupBy, s.suppressionThreshold);
  }
  // a kept period above the month says whether its figures cover it whole (periods.ts coverageSql)
  const withCoverage = q.groupBy.includes('TIME_PERIOD') && q.timeAggregation !== 'month';
  const observations = published.map((c) => ({
    ...c.key,
    OBS_VALUE: c.suppressed ? null : c.value,
    CONF_STATUS: c.suppressed ? ('C' as const) : ('F' as const),
    // only on partial periods: a whole period's answer is as before
    ...(withCoverage && c.coverage ? { TIME_COVERAGE: c.coverage } : {}),
  }));
  const rates = q.perCapita ? await withPerCapita(db, q, q.perCapita, observations) : null;
  return {
    structure: s,
    rollup,
    cube,
    etag,
    notModified: false as const,
    body: {
      dataflow: s.urn,
      releases,
      sources,
      ...(scope.privileged.length || scope.all ? { unreleased: scope.all ? ('all' as const) : scope.privileged } : {}),
      ...(rates ? { perCapita: rates.perCapita } : {}),
      observations: (rates?.observations ?? observations) as (typeof observations[number] & { PER_CAPITA?: number | null; POPULATION_YEAR?: number | null })[],
    },
  };
}

/**
 * A country's users asking about their own unreleased figures and other countries' released
 * ones at once. The other countries' part is answered exactly as for any member state (their
 * releases' protected cubes: the same groupings allowed, the same cells hidden), the own part
 * from the live figures, unsuppressed (they are the country's own). Where a cell sums both
 * (the question does not keep REF_AREA), it is hidden when the other countries' part is:
 * the reader knows the own part, so showing the sum would show the hidden one. Nothing is
 * therefore learnt about another country that its release does not publish.
 */
async function mixedCells(db: Database, s: Structure, q: DataQuery, now: Date, scope: Scope) {
  const own = await queryCells(db, s, { ...q, filters: { ...q.filters, REF_AREA: scope.privileged } }, { kind: 'all' }, now, { releases: [], privileged: scope.privileged, all: false });
  checkPublicGrouping(q, scope.privileged);
  const others = await queryCells(
    db,
    s,
    { ...q, filters: { ...q.filters, REF_AREA: scope.releases.map((r) => r.country) } },
    { kind: 'members' },
    now,
    { releases: scope.releases, privileged: [], all: false },
  );
  const small = (c: Cell) => !!c.hidden || (c.value > 0 && c.value < s.suppressionThreshold);
  const cells = new Map<string, Cell>();
  const keyOf = (c: Cell) => q.groupBy.map((d) => c.key[d]).join('\u0000');
  for (const c of others.cells) cells.set(keyOf(c), { key: c.key, value: c.value, hidden: small(c) });
  for (const c of own.cells) {
    const k = keyOf(c);
    const other = cells.get(k);
    cells.set(k, other ? { key: c.key, value: other.value + c.value, hidden: other.hidden } : { key: c.key, value: c.value, hidden: false });
  }
  return { cells: [...cells.values()], rollup: others.rollup, cube: false };
}

export type DataAnswer = Extract<Awaited<ReturnType<typeof answerData>>, { notModified: false }>;
export type DataBody = DataAnswer['body'];

function entityTag(s: Structure, releaseIds: string[], q: DataQuery, variant: string): string {
  const filters = Object.entries(q.filters)
    .filter(([, v]) => v?.length)
    .map(([k, v]) => [k, [...v].sort()])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const key = JSON.stringify([METHOD_VERSION, s.urn, s.suppressionThreshold, releaseIds, filters, q.startPeriod ?? null, q.endPeriod ?? null, q.groupBy, q.timeAggregation, q.fiscalYearStart ?? null, q.releaseId ?? null, variant, ...(q.perCapita ? [q.perCapita] : [])]);
  return `"${crypto.createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`;
}

function matches(header: string, etag: string): boolean {
  return header.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
}
