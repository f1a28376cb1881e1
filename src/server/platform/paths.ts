import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file so that commands work from any directory. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SEED_DIR = path.join(ROOT_DIR, 'seed');
export const WEB_DIST_DIR = path.join(ROOT_DIR, 'dist', 'web');
