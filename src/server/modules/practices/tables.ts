import type { ColumnType, Generated } from 'kysely';
import type { Json, Localized, Stamp, Timestamp, UploadedFileColumns } from '../../platform/db/schema.ts';

// The practices module's tables (migrations 0030+), added to the platform's `DB` at the end (why: platform/db/schema.ts).
export interface PracticeTable {
  id: Generated<string>;
  slug: string;
  kind: string;
  title: Json<Localized>;
  summary: Json<Localized>;
  description: string | null;
  original_language: string;
  status: 'planned' | 'ongoing' | 'completed' | null;
  period_start: string | null;
  period_end: string | null;
  source: string | null;
  workflow: Generated<'draft' | 'submitted' | 'changes_requested' | 'published' | 'rejected'>;
  validation: Generated<'state' | 'stakeholder'>;
  created_by: string | null;
  created_at: Stamp;
  updated_at: Stamp;
  published_at: Timestamp | null;
  version: Generated<number>;
  search_es: ColumnType<string, never, never>;
  search_en: ColumnType<string, never, never>;
  title_plain: ColumnType<string, never, never>;
  lead_institution: string | null;
  partners: string | null;
  target_groups: Generated<string[]>;
  links: ColumnType<{ url: string; label: string | null }[], string | undefined, string>;
  benefit: ColumnType<Localized, string | undefined, string>;
  impact: ColumnType<Localized, string | undefined, string>;
  evaluated: boolean | null;
  evaluation_url: string | null;
  contact: string | null;
  owner_country: string | null;
  owner_organisation: string | null;
  review_comment: string | null;
  endorsed_by: string | null;
  endorsed_at: Timestamp | null;
  /** Copies of the link tables, kept by triggers (practices migration 0032): never written by code. */
  country_codes: ColumnType<string[], never, never>;
  organisation_ids: ColumnType<string[], never, never>;
  objective_numbers: ColumnType<number[], never, never>;
  principle_codes: ColumnType<string[], never, never>;
  facet_keys: ColumnType<string[], never, never>;
  /** Texts that are the platform's translation, as 'title:en' / 'summary:en' (migration 0033). */
  platform_translations: ColumnType<string[], string[] | undefined, string[]>;
}
export interface PracticeVersionTable {
  practice_id: string;
  version: number;
  snapshot: Json<unknown>;
  workflow: 'draft' | 'submitted' | 'changes_requested' | 'published' | 'rejected';
  changed_by: string | null;
  changed_by_label: string;
  changed_at: Stamp;
  note: string | null;
}
export interface PracticeAttachmentTable extends UploadedFileColumns {
  id: Generated<string>;
  practice_id: string;
}
export interface PracticeCountryTable {
  practice_id: string;
  country_code: string;
}
export interface PracticeOrganisationTable {
  practice_id: string;
  organisation_id: string;
  role: Generated<'lead' | 'implementer' | 'partner'>;
}
export interface PracticeObjectiveTable {
  practice_id: string;
  objective: number;
  is_primary: Generated<boolean>;
}
export interface PracticePrincipleTable {
  practice_id: string;
  principle: string;
}
export interface PracticeLexiconTable {
  word: string;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    practice: PracticeTable;
    practice_country: PracticeCountryTable;
    practice_organisation: PracticeOrganisationTable;
    practice_objective: PracticeObjectiveTable;
    practice_principle: PracticePrincipleTable;
    practice_lexicon: PracticeLexiconTable;
    practice_version: PracticeVersionTable;
    practice_attachment: PracticeAttachmentTable;
  }
}
