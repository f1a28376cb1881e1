import { SITE_PAGES, type SitePageSlug } from '../../../shared/contracts/site.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { NotFound, Conflict } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';

/** The site's own pages; the list is closed (the migration's CHECK says the same). */
export { SITE_PAGES, type SitePageSlug };

/** A page's name from the address; any other is not found (in the reader's language). */
export function pageSlug(s: string): SitePageSlug {
  if (!(SITE_PAGES as readonly string[]).includes(s)) throw new NotFound('sitepages.notFound');
  return s as SitePageSlug;
}

export interface Bilingual {
  es: string;
  en: string;
}
export interface SitePage {
  slug: SitePageSlug;
  version: number;
  title: Bilingual;
  body: Bilingual;
  editedAt: string;
}
export interface SitePageVersion extends SitePage {
  note: string | null;
  editedBy: string | null;
}
export interface SitePageInput {
  title: Bilingual;
  body: Bilingual;
  note?: string | null;
  /** the version the editor started from: a newer one in between is a conflict, not overwritten */
  baseVersion: number;
}

const EDITORS = ['admin', 'secretariat'] as const;

/**
 * About, methodology and contact: written by the secretariat in both languages, each save a
 * new version. Anyone reads the current version; the secretariat reads the history.
 */
export class SitePages {
  constructor(private readonly db: Database) {}

  async current(slug: SitePageSlug): Promise<SitePage> {
    const row = await this.db.selectFrom('site_page_version').selectAll().where('slug', '=', slug).orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (!row) throw new NotFound('sitepages.notFound');
    return toPage(row);
  }

  async history(actor: Actor, slug: SitePageSlug): Promise<SitePageVersion[]> {
    requireRole(actor, ...EDITORS);
    const rows = await this.db.selectFrom('site_page_version').selectAll().where('slug', '=', slug).orderBy('version', 'desc').execute();
    return rows.map((r) => ({ ...toPage(r), note: r.note, editedBy: r.edited_by_name }));
  }

  async save(actor: Actor, meta: RequestMeta, slug: SitePageSlug, input: SitePageInput): Promise<SitePage> {
    const user = requireRole(actor, ...EDITORS);
    const saved = await this.db.transaction().execute(async (tx) => {
      // One writer at a time per page, so two saves cannot take the same version number.
      const latest = await tx.selectFrom('site_page_version').select('version').where('slug', '=', slug).orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
      const current = latest?.version ?? 0;
      if (input.baseVersion !== current) throw new Conflict('sitepages.editConflict', { version: current });
      const row = await tx
        .insertInto('site_page_version')
        .values({
          slug,
          version: current + 1,
          title_es: input.title.es.trim(),
          title_en: input.title.en.trim(),
          body_es: input.body.es,
          body_en: input.body.en,
          note: input.note?.trim() || null,
          edited_by: user.id,
          edited_by_name: user.displayName || user.email,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, meta, {
        action: 'site_page.update',
        entityType: 'site_page',
        entityId: slug,
        before: { version: current },
        after: { version: row.version, title: { es: row.title_es, en: row.title_en }, note: row.note },
      });
      await announcePublicChange(tx, { kind: 'page' });
      return row;
    });
    return toPage(saved);
  }
}

function toPage(r: { slug: string; version: number; title_es: string; title_en: string; body_es: string; body_en: string; edited_at: Date | string }): SitePage {
  return {
    slug: r.slug as SitePageSlug,
    version: r.version,
    title: { es: r.title_es, en: r.title_en },
    body: { es: r.body_es, en: r.body_en },
    editedAt: new Date(r.edited_at).toISOString(),
  };
}
