// The web app's files import each other without a cycle (issue 16, item 5): ExplorerView.tsx and
// map/MapView.tsx did, which made the lazily loaded map chunk depend on the view that loads it.
// Shared texts and helpers go to a file both import (explore/view-text.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** Relative imports, re-exports and lazy `import()`s of each shipped file of src/web. */
function importGraph(): Map<string, string[]> {
  const files = walk(path.join(root, 'src/web')).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    const targets = [...src.matchAll(/(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => path.resolve(path.dirname(f), (m[1] ?? m[2])!));
    graph.set(f, targets);
  }
  return graph;
}

describe('web imports', () => {
  it('have no cycle', () => {
    const graph = importGraph();
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, stack: string[]) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (!graph.has(next)) continue;
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(root, f)).join(' → '));
        else if (!state.has(next)) visit(next, stack);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
