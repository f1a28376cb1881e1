import type { Stamp } from '../../platform/db/schema.ts';

// The site pages module's table (migration 0110), added to the platform's `DB` (why: platform/db/schema.ts).
export interface SitePageVersionTable {
  slug: string;
  version: number;
  title_es: string;
  title_en: string;
  body_es: string;
  body_en: string;
  note: string | null;
  edited_by: string | null;
  edited_by_name: string | null;
  edited_at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    site_page_version: SitePageVersionTable;
  }
}
