// The module boundaries of docs/architecture.md, checked on the source itself (issue 16, item 3).
// ESLint guards import paths one folder deep; these checks resolve every import whatever its depth,
// and they also see what lint cannot: a module's SQL naming another module's table.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const modulesDir = path.join(root, 'src/server/modules');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

/** Source files that ship: tests and test-only helpers may reach into anything. */
const isShipped = (f: string) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes(`${path.sep}testing${path.sep}`);
const rel = (f: string) => path.relative(root, f);

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const specs = [...src.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

const moduleNames = fs.readdirSync(modulesDir).filter((n) => fs.statSync(path.join(modulesDir, n)).isDirectory());
const moduleOf = (abs: string): string | undefined => {
  const r = path.relative(modulesDir, abs);
  return r.startsWith('..') ? undefined : r.split(path.sep)[0];
};

/** Which module (or the platform) created each table, read from the migrations. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  const dirs = walk(path.join(root, 'src/server')).filter((f) => f.endsWith('.sql') && f.includes(`${path.sep}migrations${path.sep}`));
  for (const f of dirs) {
    const owner = moduleOf(f) ?? 'platform';
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/create table (?:if not exists )?([a-z_]+)/gi)) owners.set(m[1]!.toLowerCase(), owner);
  }
  return owners;
}

/** Table names a file's SQL touches: Kysely's builders and the raw `sql` templates. */
function tablesNamed(file: string): Set<string> {
  const src = fs.readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of src.matchAll(/(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"]([a-z_]+)/g)) names.add(m[1]!);
  for (const tpl of src.matchAll(/sql(?:<[^>]*>)?`([^`]*)`/gs)) {
    for (const m of tpl[1]!.matchAll(/\b(?:from|join|into|update|references)\s+([a-z_]+)\b/gi)) names.add(m[1]!.toLowerCase());
  }
  return names;
}

/** The "## Uses" section of a module's README: where it declares what it takes from others. */
function usesSection(mod: string): string | undefined {
  const readme = path.join(modulesDir, mod, 'README.md');
  if (!fs.existsSync(readme)) return undefined;
  const text = fs.readFileSync(readme, 'utf8');
  const m = /^## Uses\b[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text);
  return m?.[1];
}

const mentions = (section: string, word: string) => new RegExp(`\\b${word}\\b`).test(section);

describe('module boundaries', () => {
  const files = walk(modulesDir).filter(isShipped);

  it('a module imports another only through its index.ts, at any depth', () => {
    const wrong = files.flatMap((f) =>
      importsOf(f)
        .filter((target) => {
          const other = moduleOf(target);
          return other !== undefined && other !== moduleOf(f) && path.relative(path.join(modulesDir, other), target) !== 'index.ts';
        })
        .map((target) => `${rel(f)} → ${rel(target)}`),
    );
    expect(wrong).toEqual([]);
  });

  it('the application shell and the CLI reach modules only through their index.ts', () => {
    const shell = ['app.ts', 'composition.ts', 'services.ts', 'routes.ts', 'server.ts', 'main.ts'].map((f) => path.join(root, 'src/server', f));
    const cli = walk(path.join(root, 'src/cli')).filter(isShipped);
    const wrong = [...shell, ...cli].flatMap((f) =>
      importsOf(f)
        .filter((t) => {
          const other = moduleOf(t);
          return other !== undefined && path.relative(path.join(modulesDir, other), t) !== 'index.ts';
        })
        .map((t) => `${rel(f)} → ${rel(t)}`),
    );
    expect(wrong).toEqual([]);
  });

  it('the platform imports no module, and the configuration imports nothing of the server', () => {
    const platform = walk(path.join(root, 'src/server/platform')).filter(isShipped);
    const wrong = platform.flatMap((f) => importsOf(f).filter((t) => moduleOf(t) !== undefined).map((t) => `${rel(f)} → ${rel(t)}`));
    const config = importsOf(path.join(root, 'src/server/config.ts')).filter((t) => t.includes(`${path.sep}src${path.sep}server${path.sep}`));
    expect([...wrong, ...config.map((t) => `config.ts → ${rel(t)}`)]).toEqual([]);
  });

  it('every module has a README with a "## Uses" section', () => {
    expect(moduleNames.filter((m) => usesSection(m) === undefined)).toEqual([]);
  });

  it('a module that imports another names it under "Uses", and the imports between modules have no cycle', () => {
    const edges = new Map<string, Set<string>>(moduleNames.map((m) => [m, new Set<string>()]));
    for (const f of files) {
      const from = moduleOf(f)!;
      for (const t of importsOf(f)) {
        const to = moduleOf(t);
        if (to && to !== from) edges.get(from)!.add(to);
      }
    }
    const undeclared = [...edges].flatMap(([from, tos]) => [...tos].filter((to) => !mentions(usesSection(from) ?? '', to)).map((to) => `${from} uses ${to}`));
    expect(undeclared).toEqual([]);

    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (m: string, trail: string[]) => {
      if (state.get(m) === 'done') return;
      if (state.get(m) === 'open') return void cycles.push([...trail.slice(trail.indexOf(m)), m].join(' → '));
      state.set(m, 'open');
      for (const n of edges.get(m) ?? []) visit(n, [...trail, m]);
      state.set(m, 'done');
    };
    for (const m of moduleNames) visit(m, []);
    expect(cycles).toEqual([]);
  });

  it("a module's SQL names another module's table only when its README lists that table under \"Uses\"", () => {
    const owners = tableOwners();
    const undeclared: string[] = [];
    for (const f of files) {
      const mod = moduleOf(f)!;
      for (const table of tablesNamed(f)) {
        const owner = owners.get(table);
        if (!owner || owner === mod || owner === 'platform') continue;
        if (!mentions(usesSection(mod) ?? '', table)) undeclared.push(`${rel(f)} reads ${owner}'s ${table}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('the checks see real edges (they would catch a violation)', () => {
    // A guard against a regex that silently matches nothing: the review module is known to import
    // the indicators module, and the cases module to read the incidents registry's table.
    const reviewImports = walk(path.join(modulesDir, 'review')).filter(isShipped).flatMap(importsOf).map(moduleOf);
    expect(reviewImports).toContain('indicators');
    const casesTables = walk(path.join(modulesDir, 'cases')).filter(isShipped).flatMap((f) => [...tablesNamed(f)]);
    expect(casesTables).toContain('inc_incident');
    expect(tableOwners().get('inc_incident')).toBe('incidents');
  });
});

describe("the observatory's rooms (issue 16, item 2)", () => {
  // Lower rooms first: a room may import only rooms before it, and only through their index.ts.
  // The module's root (service.ts, jobs.ts, real-data.ts, index.ts) composes the rooms; http/ holds
  // the thin route files and sits above the service. tables.ts at the root is a leaf of types.
  const ORDER = ['structure', 'read', 'import', 'release', 'service', 'http', 'face'];
  const obs = path.join(modulesDir, 'observatory');
  const roomOf = (abs: string): string => {
    const parts = path.relative(obs, abs).split(path.sep);
    if (parts.length > 1 && ORDER.includes(parts[0]!)) return parts[0]!;
    if (parts[0] === 'index.ts') return 'face'; // the module's index.ts, what other modules see
    return parts[0] === 'tables.ts' ? 'tables' : 'service';
  };
  const shipped = walk(obs).filter((f) => isShipped(f) && !f.includes(`${path.sep}migrations${path.sep}`));

  it('each room has an index.ts, and a file reaches another room only through it', () => {
    for (const r of ORDER.filter((o) => o !== 'service' && o !== 'face')) expect(fs.existsSync(path.join(obs, r, 'index.ts')), `${r}/index.ts`).toBe(true);
    const past: string[] = [];
    for (const f of shipped) {
      for (const target of importsOf(f).filter((t) => t.startsWith(obs + path.sep))) {
        const [from, to] = [roomOf(f), roomOf(target)];
        if (from === to || ['tables', 'service', 'face'].includes(to)) continue;
        if (path.basename(target) !== 'index.ts') past.push(`${rel(f)} → ${rel(target)}`);
      }
    }
    expect(past, 'imports past a room’s index.ts').toEqual([]);
  });

  it('the imports between rooms all point one way (structure ← read ← import ← release ← service ← http ← index.ts)', () => {
    const upward: string[] = [];
    const edges = new Set<string>();
    for (const f of shipped) {
      for (const target of importsOf(f).filter((t) => t.startsWith(obs + path.sep))) {
        const [from, to] = [roomOf(f), roomOf(target)];
        if (from === to || to === 'tables') continue;
        edges.add(`${from}→${to}`);
        if (ORDER.indexOf(to) > ORDER.indexOf(from)) upward.push(`${rel(f)} (${from}) → ${rel(target)} (${to})`);
      }
    }
    expect(upward).toEqual([]);
    // The check sees real edges: the import room reads structures, http calls the service.
    expect(edges).toContain('import→structure');
    expect(edges).toContain('http→service');
  });
});
