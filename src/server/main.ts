import { ConfigError, loadConfig, type Config } from './config.ts';
import { start } from './server.ts';
import { shutdownHandledByApp } from './platform/db/embedded.ts';

/** `npm start`: read the configuration once, start everything, stop cleanly on a signal. */
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

// The handlers below stop the embedded PostgreSQL after the HTTP server and the pool.
shutdownHandledByApp();
// Signals are handled from the first moment: one that arrives while starting waits for the
// start to finish (or fail) and then stops everything that was started.
const starting = start(config);
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`received ${signal}, stopping`);
  try {
    const running = await starting;
    await running.stop();
    process.exit(0);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
try {
  await starting;
} catch (err) {
  console.error(`Observatorio could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
