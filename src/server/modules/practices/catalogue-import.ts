import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { pick, t, type Locale } from '../../platform/i18n/index.ts';
import type { LANGUAGES } from '../../../shared/practice-schema.ts';
import { MAX_CATALOGUE_ROWS, decodeFile, fold, planColumns, readCells, type ColumnPlan } from './catalogue-read.ts';
import { parseRow, type Countries, type ParsedRow, type RowError } from './catalogue-rows.ts';
import { chosenObjectives, duplicatesOf, suggestMany, type DuplicateOf, type Suggestion } from './catalogue-match.ts';
import { rebuildLexicon } from './seed.ts';
import * as w from './write-repository.ts';

/**
 * A partner's catalogue of practices in bulk (issue 22, item 4). The whole file is read and
 * checked first (preview: every row's practice, its objective suggestions, its likely
 * duplicate, every error — nothing written); the apply repeats the checks inside one
 * transaction, refuses a file that changed since the preview (checksum) or holds any error,
 * and creates drafts for the organisation to review (or published practices when the
 * secretariat chooses). Likely duplicates are left out unless the uploader keeps them.
 */
export interface CatalogueOptions {
  format: 'csv' | 'xlsx';
  content: string;
  /** The catalogue's organisation (its code): a contributor's own, or the secretariat's choice. */
  organisation?: string | null;
  /** Header → field (or `ignore`), when the headers are not recognised. */
  columns?: Record<string, string>;
  /** Language of the texts when the file has no language column. */
  language?: (typeof LANGUAGES)[number];
}
export interface CatalogueItem {
  row: number;
  title: string;
  countries: string[];
  objectives: number[];
  objectivesFrom: 'file' | 'suggestion';
  suggestions: Suggestion[];
  duplicateOf: DuplicateOf | null;
  duplicateOfRow: number | null;
}

function slugify(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'practica'
  );
}

/** The file and the options it is read with: what a preview's checksum stands for. */
function fileChecksum(o: CatalogueOptions, buf: Buffer): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([o.format, o.organisation ?? null, o.columns ?? {}, o.language ?? 'es']))
    .update('\0')
    .update(buf)
    .digest('hex');
}

async function countryKeys(db: Executor): Promise<Countries> {
  const rows = await db.selectFrom('ref_country').select(['code', 'alpha2', 'name']).execute();
  const byKey = new Map<string, string>();
  for (const r of rows) {
    byKey.set(r.code, r.code);
    byKey.set(r.alpha2.toUpperCase(), r.code);
    for (const n of Object.values(r.name as Record<string, string>)) byKey.set(fold(n), r.code);
  }
  return { byKey };
}

/** The whole file checked: what a preview shows and an apply writes. */
interface Plan {
  org: { id: string; code: string; name: Localized };
  columns: ColumnPlan[];
  rows: ParsedRow[];
  items: CatalogueItem[];
  errors: RowError[];
  checksum: string;
}
/** How long, and how many, previews are kept for their apply. */
const PLAN_TTL_MS = 30 * 60 * 1000;
const PLANS_KEPT = 20;

/**
 * The state of the platform's practices a plan was made against: any practice created,
 * changed (every write bumps `version`), published or deleted changes it, and with it the
 * suggestions and duplicates a plan holds.
 */
async function practicesStamp(db: Executor): Promise<string> {
  const r = await sql<{ stamp: string }>`
    select count(*)::text || '/' || coalesce(sum(version), 0)::text || '/' || coalesce(max(created_at)::text, '') || '/' || coalesce(max(updated_at)::text, '') as stamp
    from practice`.execute(db);
  return r.rows[0]!.stamp;
}

export class CatalogueImport {
  /**
   * The plans previews made, by file and person: the apply of the same file, with the
   * practices unchanged since (checked inside its transaction), takes the checks the person
   * saw instead of repeating seconds of reading, suggesting and comparing. Another process,
   * an expired entry or any change to the practices: the checks run again.
   */
  private readonly recent = new Map<string, { at: number; stamp: string; plan: Plan }>();

  constructor(private readonly db: Database) {}

  private planKey(user: UserActor, checksum: string, locale: Locale) {
    return [checksum, user.id, user.role, user.organisationId ?? '', locale].join('|');
  }

  private remember(key: string, stamp: string, plan: Plan) {
    const now = Date.now();
    for (const [k, v] of this.recent) if (now - v.at > PLAN_TTL_MS) this.recent.delete(k);
    this.recent.delete(key);
    this.recent.set(key, { at: now, stamp, plan });
    while (this.recent.size > PLANS_KEPT) this.recent.delete(this.recent.keys().next().value!);
  }

  /** The plan a preview made of this very file for this person, when the practices did not change since. */
  private async recalled(db: Executor, user: UserActor, o: CatalogueOptions & { checksum: string }, locale: Locale): Promise<Plan | null> {
    const key = this.planKey(user, o.checksum, locale);
    const kept = this.recent.get(key);
    if (!kept || Date.now() - kept.at > PLAN_TTL_MS) return null;
    if ((await practicesStamp(db)) !== kept.stamp) return null;
    // The file sent with the apply must be the previewed one (the checksum covers its bytes and options).
    if (fileChecksum(o, decodeFile(o.content)) !== kept.plan.checksum) return null;
    return kept.plan;
  }

  private async organisation(db: Executor, user: UserActor, asked: string | null | undefined) {
    if (user.role === 'contributor') {
      const own = await db.selectFrom('organisation').select(['id', 'code', 'name']).where('id', '=', user.organisationId ?? '00000000-0000-0000-0000-000000000000').executeTakeFirst();
      if (!own || (asked && asked !== own.code)) throw new Forbidden('errors.catalogue.ownOrganisation');
      return own;
    }
    // A catalogue is always an organisation's: the secretariat names whose it brings in.
    if (!asked) throw new Invalid([{ path: 'organisation', key: 'errors.catalogue.organisationRequired' }]);
    const org = await db.selectFrom('organisation').select(['id', 'code', 'name']).where('code', '=', asked).executeTakeFirst();
    if (!org) throw new Invalid([{ path: 'organisation', key: 'errors.organisationNotFound', params: { code: asked } }]);
    return org;
  }

  /** The whole file checked against the platform as it is in `db`. */
  private async plan(db: Executor, user: UserActor, o: CatalogueOptions, locale: Locale): Promise<Plan> {
    const org = await this.organisation(db, user, o.organisation);
    const buf = decodeFile(o.content);
    const cells = await readCells(o.format, buf);
    const columns = planColumns(cells[0] ?? [], o.columns);
    if (!columns.some((c) => c.field === 'title')) {
      throw new Invalid([{ path: 'content', key: 'errors.catalogue.noTitleColumn', params: { headers: columns.map((c) => c.header).filter(Boolean).join(', ') || '—' } }]);
    }
    if (cells.length - 1 > MAX_CATALOGUE_ROWS) throw new Invalid([{ path: 'content', key: 'errors.importTooManyRows', params: { max: MAX_CATALOGUE_ROWS } }]);
    const ctx = {
      countries: await countryKeys(db),
      organisation: org.code,
      language: o.language ?? 'es',
      locale,
      currentYear: new Date().getUTCFullYear(),
      source: t(o.language === 'en' ? 'en' : 'es', 'catalogue.source', { organisation: pick(org.name, o.language === 'en' ? 'en' : 'es') }),
    };
    const errors: RowError[] = [];
    const rows: ParsedRow[] = [];
    for (let i = 1; i < cells.length; i++) {
      const r = parseRow(cells[i]!, i + 1, columns, ctx, errors);
      if (r) rows.push(r);
    }
    if (rows.length === 0 && errors.length === 0) throw new Invalid([{ path: 'content', key: 'errors.catalogue.noRows' }]);
    const [suggestions, duplicates] = await Promise.all([
      suggestMany(db, rows.map((r) => `${r.title} ${r.title} ${r.summary}`), rows.map((r) => r.themes)),
      duplicatesOf(db, rows.map((r) => r.title)),
    ]);
    const firstRowOf = new Map<string, number>();
    const items: CatalogueItem[] = rows.map((r, i) => {
      const key = fold(r.title);
      const earlier = key ? firstRowOf.get(key) ?? null : null;
      if (key && earlier === null) firstRowOf.set(key, r.row);
      const s = suggestions[i]!;
      const fromFile = r.objectives.length > 0;
      return { row: r.row, title: r.title, countries: r.countries, objectives: fromFile ? r.objectives : chosenObjectives(s), objectivesFrom: fromFile ? 'file' : 'suggestion', suggestions: s, duplicateOf: duplicates[i]!, duplicateOfRow: earlier };
    });
    items.forEach((it, i) => {
      if (rows[i]!.input && it.objectives.length === 0) {
        errors.push({ row: it.row, column: columns.find((c) => c.field === 'objectives')?.header ?? '', value: '', message: t(locale, 'errors.catalogue.noObjective') });
      }
    });
    errors.sort((a, b) => a.row - b.row);
    return { org, columns, rows, items, errors, checksum: fileChecksum(o, buf) };
  }

  private who(actor: Actor) {
    return requireRole(actor, 'admin', 'secretariat', 'contributor');
  }

  async preview(actor: Actor, o: CatalogueOptions, locale: Locale) {
    const user = this.who(actor);
    const stamp = await practicesStamp(this.db);
    const p = await this.plan(this.db, user, o, locale);
    // Kept only when nothing changed while it was made (else the apply simply checks again).
    if ((await practicesStamp(this.db)) === stamp) this.remember(this.planKey(user, p.checksum, locale), stamp, p);
    const duplicates = p.items.filter((i) => i.duplicateOf || i.duplicateOfRow).length;
    return {
      checksum: p.checksum,
      organisation: p.org.code,
      rows: p.items.length,
      canApply: p.errors.length === 0,
      toCreate: p.items.length - duplicates,
      duplicates,
      columns: p.columns,
      items: p.items,
      errors: p.errors,
      // Not errors: the uploader decides (left out unless kept), but each is said in words.
      notes: p.items.flatMap((i) =>
        i.duplicateOf
          ? [{ row: i.row, message: t(locale, 'catalogue.duplicateOf', { title: pick(i.duplicateOf.title, locale), similarity: Math.round(i.duplicateOf.similarity * 100) }) }]
          : i.duplicateOfRow
            ? [{ row: i.row, message: t(locale, 'catalogue.duplicateOfRow', { row: i.duplicateOfRow }) }]
            : [],
      ),
    };
  }

  async apply(actor: Actor, meta: RequestMeta, o: CatalogueOptions & { checksum: string; publish?: boolean; keepRows?: number[] }, locale: Locale) {
    const user = this.who(actor);
    // Partners bring drafts for review; only the secretariat publishes on the spot.
    if (o.publish && user.role === 'contributor') throw new Forbidden('errors.catalogue.publishSecretariat');
    return this.db.transaction().execute(async (tx) => {
      const p = (await this.recalled(tx, user, o, locale)) ?? (await this.plan(tx, user, o, locale));
      if (p.checksum !== o.checksum) throw new Conflict('errors.catalogueStale');
      if (p.errors.length) {
        throw new Invalid(p.errors.slice(0, 200).map((e) => ({ path: `row ${e.row}: ${e.column}`, key: 'errors.importCell', params: { ...e } })));
      }
      const keep = new Set(o.keepRows ?? []);
      const chosen = p.items.map((it, i) => ({ it, r: p.rows[i]! })).filter(({ it }) => keep.has(it.row) || (!it.duplicateOf && !it.duplicateOfRow));
      const taken = await w.slugsLike(tx, chosen.map(({ r }) => slugify(r.title)));
      const now = new Date();
      const ids = await w.insertPractices(
        tx,
        chosen.map(({ it, r }) => {
          const base = slugify(r.title);
          let slug = base;
          for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
          taken.add(slug);
          return {
            p: { ...r.input!, objectives: it.objectives, primaryObjective: it.objectives[0] ?? null },
            slug,
            createdBy: user.id,
            ownerOrganisation: p.org.id,
            // an organisation's account, until a state endorses it (as for a contributor's form)
            validation: 'stakeholder' as const,
            publishedAt: o.publish ? now : null,
          };
        }),
      );
      await w.insertVersions(tx, ids, { id: user.id, label: user.email }, t(locale, 'catalogue.versionNote'));
      await recordAudit(tx, actor, meta, {
        action: 'practice.import',
        entityType: 'organisation',
        entityId: p.org.id,
        after: { checksum: p.checksum, created: ids.length, skippedDuplicates: p.items.length - chosen.length, published: Boolean(o.publish), practices: ids },
      });
      if (o.publish && ids.length) {
        await rebuildLexicon(tx);
        await announcePublicChange(tx, { kind: 'practice' });
      }
      return { created: ids.length, skipped: p.items.length - chosen.length, workflow: o.publish ? ('published' as const) : ('draft' as const), ids };
    });
  }
}
