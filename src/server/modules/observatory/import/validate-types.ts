import type { KeyCodec } from '../structure/index.ts';
import type { PeriodLength } from '../structure/index.ts';
import { DIMENSION_IDS, type DimensionId, type Structure } from '../structure/index.ts';
import type { Message, Messages } from './messages.ts';

// What validateRecords (validate.ts) takes and gives, and what staging.ts reads back.

export const TARGETS = [...DIMENSION_IDS, 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'COMMENT'] as const;
export type Target = (typeof TARGETS)[number];

export interface ColumnMapping {
  /** file column (header text) → dimension id, TIME_PERIOD, OBS_VALUE, OBS_STATUS, COMMENT, or '' to ignore */
  columns?: Record<string, string>;
  /** dimension id → the code every row gets (for dimensions that are not columns of the file) */
  constants?: Record<string, string>;
  /** dimension id → { national code → regional code } */
  codes?: Record<string, Record<string, string>>;
  /**
   * What dates like 2024-01-01 mean in a file where some years have only that January
   * (issue 17 item 2): `year` — annual totals, stored as 2024; `month` — really January.
   * Unset: validation asks (error `januaryAmbiguous`).
   */
  januaryDates?: 'year' | 'month';
  /** rows that coincide once mapped are added up (with a notice) instead of refused as the same key twice */
  sumRows?: boolean;
  /** only rows whose `column` holds one of `values` are read; the others are set aside, with a notice naming how many */
  keepRows?: { column: string; values: string[] };
  /**
   * Where a cell's breakdowns disagree and it has no `_T` row: the breakdown whose sum is the
   * total (`CITIZENSHIP`, `SEX+AGE`); the others' differences become `_U` parts (one-total.ts).
   */
  totalFrom?: string;
  /**
   * One column that carries several dimensions: column → { value → { dimension → code } }
   * (`{ "grupo": { "boys": { "SEX": "M", "AGE": "Y_LT18" } } }`). Values are matched without case.
   */
  split?: Record<string, Record<string, Record<string, string>>>;
}

export interface NormalizedRow {
  row: number;
  /** codes in DIMENSION_IDS order */
  dims: string[];
  period: string;
  value: number;
  status: string;
  comment: string | null;
}

export interface ValidationContext {
  structure: Structure;
  /** the uploader's country; rows for another REF_AREA are refused unless anyCountry */
  actorCountry: string | null;
  anyCountry: boolean;
  now: Date;
  /** code mappings the platform keeps (all countries '*', then the uploader's) */
  storedCodes: Record<string, Record<string, string>>;
  /** packs each valid row's key into integers for the staged checks (keys.ts) */
  codec?: KeyCodec;
}

export interface CheckedDimension {
  id: DimensionId;
  /** the file column it is read from */
  col: string;
}

export interface ValidationResult {
  headerRow: number | null;
  rows: number;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly messages: Message[];
  preview: Record<string, string | number>[];
  countries: string[];
  /** breakdown dimensions read from the file: their parts are checked against their totals */
  checked: CheckedDimension[];
  /** rows handed to the sink */
  staged: number;
  /** staged rows with a code that several national codes are mapped to (summed per key, staging.ts `sumMergedRows`) */
  merged: number;
  /** years whose January-dated rows are annual totals (mapping.januaryDates = 'year'): restaged as years */
  januaryYears?: string[];
  /** country × flow × year (joined by U+0000) → the period lengths the file gives it */
  periodLengths?: Map<string, Set<PeriodLength>>;
  collector: Messages;
}

/** Where valid rows go (the staging COPY stream), and how progress is reported. */
export interface RowSink {
  /** one COPY text line per valid row (columns: STAGE_COLUMNS) */
  row(line: string): void;
  /** after each batch of records: may wait (back-pressure, progress) */
  batchDone(rowsRead: number, rowsValid: number): Promise<void>;
}

/** The staging table's columns, in the order of the COPY lines the validator writes. */
export const STAGE_COLUMNS = ['row_number', 'ref_area', 'flow', 'citizenship', 'counterpart_area', 'sex', 'age', 'disability', 'ethnicity', 'location', 'time_period', 'obs_value', 'obs_status', 'comment', 'k', 'loc_id', 'period_id', 'merged'] as const;
