import type { Config } from '../../config.ts';
import { createDatabase, type DatabaseHandle } from './database.ts';
import { startEmbedded, type EmbeddedHandle } from './embedded.ts';

/**
 * Opens the configured database: the server at DATABASE_URL, or the embedded
 * PostgreSQL under DATA_DIR. `close()` ends the pool and stops the embedded server.
 */
export interface OpenDatabase extends DatabaseHandle {
  url: string;
  embedded: boolean;
}

export async function openDatabase(config: Config, log: (m: string) => void = () => {}): Promise<OpenDatabase> {
  let embedded: EmbeddedHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
    url = embedded.url;
  }
  const handle = createDatabase(url);
  return {
    ...handle,
    url,
    embedded: embedded !== undefined,
    async close() {
      await handle.close();
      await embedded?.stop();
    },
  };
}
