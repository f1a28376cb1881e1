import type { ColumnType, Generated } from 'kysely';

/**
 * The Kysely `DB` interface: the shape of every table, so queries are checked at compile
 * time. Each module owns its tables (its migrations folder) and describes them in its own
 * `tables.ts`, which adds them to `DB` below by declaration merging (`declare module` on
 * this file): the platform imports no module (docs/architecture.md), yet `Kysely<DB>` knows
 * every table. Here stay the helpers those files share, the types the platform itself
 * uses (`Role`, for authz and the request context) and the platform's own tables.
 */
export type Localized = Record<string, string>;
export type Json<T> = ColumnType<T, T | string, T | string>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Stamp = ColumnType<Date, Date | string | undefined, Date | string | undefined>;

/** A row describing an upload kept in the content-addressed store (platform/uploads.ts). */
export interface UploadedFileColumns {
  sha256: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  created_by: string | null;
  created_at: Stamp;
}

export type Role = 'admin' | 'secretariat' | 'focal_point' | 'contributor' | 'member_viewer';

export interface AuditEventTable {
  id: Generated<number>;
  at: Stamp;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  request_id: string | null;
  ip: string | null;
}
export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Stamp;
}

/** The platform's tables; every module's `tables.ts` adds its own. */
/** The shared file store's tables (platform/files/postgres-store.ts). */
export interface StoredFileTable {
  sha256: string;
  size_bytes: ColumnType<string, number | string, number | string>;
  chunks: number;
  created_at: Stamp;
}
export interface StoredFileChunkTable {
  sha256: string;
  n: number;
  data: Buffer;
}

export interface DB {
  audit_event: AuditEventTable;
  stored_file: StoredFileTable;
  stored_file_chunk: StoredFileChunkTable;
  schema_migration: SchemaMigrationTable;
}
