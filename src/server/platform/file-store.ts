import path from 'node:path';
import type { Database } from './db/database.ts';
import { PostgresFileStore } from './file-store-pg.ts';
import { LocalFileStore, type FileStore } from './files.ts';

export type FileStoreKind = 'local' | 'postgres';

/**
 * The store FILE_STORE names. Both use DATA_DIR/files locally: the folder store keeps the
 * files there; the database store only its uploads in progress and a cache of copies.
 */
export function createFileStore(kind: FileStoreKind, db: Database, dataDir: string): FileStore {
  const dir = path.join(dataDir, 'files');
  return kind === 'postgres' ? new PostgresFileStore(db, dir) : new LocalFileStore(dir);
}
