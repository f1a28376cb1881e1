import { start } from '../server/server.ts';
import { shutdownHandledByApp } from '../server/platform/db/embedded.ts';
import { parse, type Cli } from './common.ts';

/** `observatorio serve`: the same start as `npm start` (src/server/main.ts). */
export async function run(cli: Cli, args: string[]): Promise<number> {
  if (!parse(cli, 'serve', args, {})) return 0;
  shutdownHandledByApp();
  const running = await start(cli.config());
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.log(cli.say('stopping', { signal }));
    try {
      await running.stop();
      process.exit(0);
    } catch (err) {
      cli.err(err instanceof Error ? err.message : String(err));
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1; // keeps running until a signal
}
