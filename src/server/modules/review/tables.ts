import type { Generated } from 'kysely';
import type { Json, Stamp } from '../../platform/db/schema.ts';
import type { ReportModel } from './model.ts';

// The review module's tables (migrations 0078–0079), added to the platform's `DB` (why: platform/db/schema.ts).
export interface ReviewReportTable {
  id: Generated<string>;
  title: string;
  language: 'es' | 'en';
  objectives: number[];
  country_scope: 'all' | 'CRM' | 'CSM' | 'some';
  countries: string[];
  period_from: number;
  period_to: number;
  as_of: Date;
  model: Json<ReportModel>;
  created_by: string | null;
  created_by_label: string;
  created_at: Stamp;
}
export interface ReviewSectionTextTable {
  report_id: string;
  section: string;
  version: number;
  status: 'draft' | 'final';
  body: string;
  author_id: string | null;
  author_label: string;
  created_at: Stamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    review_report: ReviewReportTable;
    review_section_text: ReviewSectionTextTable;
  }
}
