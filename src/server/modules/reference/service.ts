import type { Database } from '../../platform/db/database.ts';
import type { Localized } from '../../platform/db/schema.ts';
import type { Actor, RequestMeta } from '../../platform/http/context.ts';
import { NotFound, Invalid } from '../../platform/http/errors.ts';
import { requireRole, VOCABULARY_EDITORS } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { pick, type Locale } from '../../platform/i18n/index.ts';
import * as repo from './repository.ts';

export interface CountryDto {
  code: string;
  alpha2: string;
  numeric: string;
  name: string;
  names: Localized;
  memberships: string[];
}

function countryDto(c: repo.CountryRow, locale: Locale): CountryDto {
  return { code: c.code, alpha2: c.alpha2, numeric: c.numeric_code, name: pick(c.name, locale), names: c.name, memberships: c.memberships };
}

export class ReferenceService {
  constructor(private readonly db: Database) {}

  async countries(locale: Locale, membership?: 'CRM' | 'CSM'): Promise<CountryDto[]> {
    const rows = await repo.listCountries(this.db, membership);
    return rows.map((r) => countryDto(r, locale)).sort((a, b) => a.name.localeCompare(b.name, locale));
  }

  async country(code: string, locale: Locale): Promise<CountryDto> {
    const row = await repo.findCountry(this.db, code.toUpperCase());
    if (!row) throw new NotFound('errors.countryNotFound', { code });
    return countryDto(row, locale);
  }

  /** Used by other modules to validate a country code they are given. */
  async countryExists(code: string): Promise<boolean> {
    return (await repo.findCountry(this.db, code)) !== undefined;
  }

  async objectives(locale: Locale) {
    const rows = await repo.listObjectives(this.db);
    return rows.map((o) => ({ number: o.number, title: pick(o.title, locale), shortTitle: pick(o.short_title, locale), titles: o.title, shortTitles: o.short_title }));
  }

  async principles(locale: Locale) {
    const rows = await repo.listPrinciples(this.db);
    return rows.map((p) => ({ code: p.code, position: p.position, title: pick(p.title, locale), titles: p.title }));
  }

  async updateCountry(actor: Actor, meta: RequestMeta, code: string, patch: { name?: Localized; memberships?: ('CRM' | 'CSM')[] }) {
    requireRole(actor, ...VOCABULARY_EDITORS);
    if (patch.name && (!patch.name.es?.trim() || !patch.name.en?.trim())) {
      throw new Invalid([{ path: 'name', key: 'errors.nameEsEnRequired' }]);
    }
    return this.db.transaction().execute(async (tx) => {
      const before = await repo.findCountry(tx, code);
      if (!before) throw new NotFound('errors.countryNotFound', { code });
      await repo.updateCountry(tx, code, patch);
      const after = await repo.findCountry(tx, code);
      await recordAudit(tx, actor, meta, { action: 'country.update', entityType: 'country', entityId: code, before, after });
      return after!;
    });
  }

  async updateObjective(actor: Actor, meta: RequestMeta, n: number, patch: { title?: Localized; shortTitle?: Localized }) {
    requireRole(actor, ...VOCABULARY_EDITORS);
    return this.db.transaction().execute(async (tx) => {
      const before = await repo.findObjective(tx, n);
      if (!before) throw new NotFound('errors.objectiveNotFound', { number: n });
      await repo.updateObjective(tx, n, { title: patch.title, short_title: patch.shortTitle });
      const after = await repo.findObjective(tx, n);
      await recordAudit(tx, actor, meta, { action: 'gcm_objective.update', entityType: 'gcm_objective', entityId: String(n), before, after });
      return after!;
    });
  }

  counts() {
    return repo.counts(this.db);
  }
}
