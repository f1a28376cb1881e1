import { describe, expect, it } from 'vitest';
import { childEnv, runNode } from './process.ts';

// main.ts is what `npm start` runs; a wrong value stops it before anything starts.
describe('configuration errors at start', () => {
  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_READ_URL', 'mysql://x'],
  ])('%s=%s exits with code 2 and one line naming the variable', { timeout: 60_000 }, async (name, value) => {
    const r = await runNode('src/server/main.ts', [], childEnv({ [name]: value, DATA_DIR: '/nonexistent/never-created' }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });
});
