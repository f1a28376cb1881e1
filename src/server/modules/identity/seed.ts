import fs from 'node:fs';
import path from 'node:path';
import type { Executor } from '../../platform/db/database.ts';
import { SEED_DIR } from '../../platform/paths.ts';

interface SeedOrganisation {
  code: string;
  kind: 'state_institution' | 'observer' | 'civil_society' | 'secretariat';
  name: { es: string | null; en: string | null };
  acronym: { es?: string | null; en?: string | null } | null;
  country: string | null;
}

/**
 * Organisations named in the forum documents (seed/content/organisations.json, extracted
 * by hand and reviewable). Additive: existing codes are left as the secretariat edited them.
 */
export async function seedOrganisations(db: Executor): Promise<number> {
  const file = path.join(SEED_DIR, 'content', 'organisations.json');
  if (!fs.existsSync(file)) return 0;
  const list = JSON.parse(fs.readFileSync(file, 'utf8')) as SeedOrganisation[];
  if (list.length === 0) return 0;
  const rows = list.map((o) => {
    const name: Record<string, string> = {};
    if (o.name.es) name.es = o.name.es;
    if (o.name.en) name.en = o.name.en;
    return {
      code: o.code,
      kind: o.kind,
      name: JSON.stringify(name),
      acronym: o.acronym?.es ?? o.acronym?.en ?? null,
      country_code: o.country,
    };
  });
  const res = await db.insertInto('organisation').values(rows).onConflict((oc) => oc.column('code').doNothing()).execute();
  return Number(res[0]?.numInsertedOrUpdatedRows ?? 0);
}
