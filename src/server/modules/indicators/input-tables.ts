import type { Generated } from 'kysely';
import type { Json, Stamp } from '../../platform/db/schema.ts';

// The tables of values that arrive from people and files (migration 0085), added to the platform's `DB`.
export interface IndEvidenceFileTable {
  id: Generated<string>;
  country: string;
  sha256: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  created_by: string;
  created_at: Stamp;
  revision_id: number | null;
}
export interface IndReviewTable {
  id: Generated<number>;
  revision_id: number;
  decision: 'validated' | 'rejected';
  reason: string | null;
  decided_by: string;
  decided_at: Stamp;
}
export interface IndInputFileTable {
  id: Generated<string>;
  kind: 'template' | 'sdg';
  filename: string;
  sha256: string;
  country: string | null;
  summary: Json<Record<string, number>>;
  applied_by: string;
  applied_at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    ind_evidence_file: IndEvidenceFileTable;
    ind_review: IndReviewTable;
    ind_input_file: IndInputFileTable;
  }
}
