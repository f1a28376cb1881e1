import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { SEED_DIR } from '../../platform/paths.ts';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/es.json'));
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** Members as listed by the conferences themselves (see shared/PRODUCT.md and the seeds). */
export const CRM_MEMBERS = ['BLZ', 'CAN', 'CRI', 'SLV', 'GTM', 'HND', 'MEX', 'NIC', 'PAN', 'DOM', 'USA'];
export const CSM_MEMBERS = ['ARG', 'BOL', 'BRA', 'CHL', 'COL', 'ECU', 'GUY', 'PRY', 'PER', 'SUR', 'URY', 'VEN'];

interface Taxonomy {
  objectives: { number: number; title_en: string; title_es: string; short_en: string; short_es: string }[];
  guiding_principles: { key: string; para15_letter: string; title_en: string; title_es: string }[];
}

/**
 * Loads the reference vocabularies. Idempotent and additive: rows the secretariat has
 * edited since are left as they are (insert … on conflict do nothing).
 */
export async function seedReference(db: Executor): Promise<void> {
  const alpha3 = Object.keys(countries.getAlpha3Codes());
  const rows = alpha3.map((code) => {
    const memberships = [CRM_MEMBERS.includes(code) ? 'CRM' : null, CSM_MEMBERS.includes(code) ? 'CSM' : null].filter(
      (m): m is string => m !== null,
    );
    return {
      code,
      alpha2: countries.alpha3ToAlpha2(code) ?? '',
      numeric_code: countries.alpha3ToNumeric(code) ?? '',
      name: JSON.stringify({
        es: countries.getName(code, 'es') ?? code,
        en: countries.getName(code, 'en') ?? code,
      }),
      memberships,
    };
  });
  await db.insertInto('ref_country').values(rows).onConflict((oc) => oc.column('code').doNothing()).execute();

  const taxonomy = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'reference', 'gcm-taxonomy.json'), 'utf8')) as Taxonomy;
  await db
    .insertInto('ref_gcm_objective')
    .values(
      taxonomy.objectives.map((o) => ({
        number: o.number,
        title: JSON.stringify({ es: o.title_es, en: o.title_en }),
        short_title: JSON.stringify({ es: o.short_es, en: o.short_en }),
      })),
    )
    .onConflict((oc) => oc.column('number').doNothing())
    .execute();
  await db
    .insertInto('ref_gcm_principle')
    .values(
      taxonomy.guiding_principles.map((p, i) => ({
        code: p.para15_letter,
        position: i + 1,
        title: JSON.stringify({ es: p.title_es, en: p.title_en }),
        description: null,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await sql`analyze ref_country`.execute(db);
}
