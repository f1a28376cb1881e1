// Message keys used in the code but missing from a catalogue, and keys defined but used nowhere
// (issue 16, item 4). `t()` answers a missing key with the key itself, so a typo would otherwise
// reach a person as "errors.somethng"; an unused key is a message nobody can ever read.
// The parity of Spanish and English is checked by src/web/i18n.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../src/server/platform/i18n/index.ts';
import { catalogueParts, mergeCatalogue, messageKeySource } from '../src/server/platform/i18n/catalog.ts';

const root = path.resolve(import.meta.dirname, '..');
type Tree = { [k: string]: unknown };

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? leaves(v as Tree, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8')) as Tree;

interface Usage {
  /** quoted strings shaped like a dotted key */
  literals: Set<string>;
  /** the fixed start of keys built at run time: `explore.publisher.${role}` gives `explore.publisher.` */
  prefixes: Set<string>;
}
/** Comments name keys as examples; they are not uses. (`//` after a colon is a URL, kept.) */
const withoutComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/[^\n]*/g, '$1');

function usage(files: string[]): Usage {
  const literals = new Set<string>();
  const prefixes = new Set<string>();
  for (const f of files) {
    const src = withoutComments(fs.readFileSync(f, 'utf8'));
    for (const m of src.matchAll(/['"`]([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)['"`]/g)) literals.add(m[1]!);
    for (const m of src.matchAll(/`([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]*)+)\$\{/g)) prefixes.add(m[1]!);
    for (const m of src.matchAll(/['"]([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*\.)['"]\s*\+/g)) prefixes.add(m[1]!);
  }
  return { literals, prefixes };
}

const code = (dirs: string[]) => dirs.flatMap((d) => walk(path.join(root, d))).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));

// The server's catalogue is the platform's file merged with every module's messages.{es,en}.json.
const catalogues = [
  { name: 'server', es: catalogs.es as Tree, en: catalogs.en as Tree, code: ['src/server', 'src/cli', 'src/shared'] },
  { name: 'web', es: readJson('src/web/locales/es.json'), en: readJson('src/web/locales/en.json'), code: ['src/web'] },
];

/**
 * Strings that look like keys but are not messages: audit actions (`action: 'practice.publish'`,
 * labelled under `admin.audit.actions`), advisory-lock names, and job names, which are
 * `entity.snake_case` by convention.
 */
function notMessages(files: string[]): Set<string> {
  const found = new Set<string>();
  for (const f of files) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:action:\s*|hashtext\(\s*)['"]([^'"]+)['"]/g)) found.add(m[1]!);
  }
  return found;
}
const snakeCased = (key: string) => /_/.test(key.split('.').at(-1)!);

const languages = catalogues.flatMap((c) => (['es', 'en'] as const).map((lang) => ({ ...c, lang, tree: c[lang] })));

describe.each(languages)('message keys: $name ($lang)', (c) => {
  const keys = new Set(leaves(c.tree));
  const namespaces = new Set(Object.keys(c.tree));
  const files = code(c.code);
  const { literals, prefixes } = usage(files);
  const identifiers = notMessages(files);

  it('every key the code names exists', () => {
    const missing = [...literals]
      .filter((k) => namespaces.has(k.split('.')[0]!) && !snakeCased(k) && !identifiers.has(k))
      .filter((k) => !keys.has(k) && ![...keys].some((d) => d.startsWith(`${k}.`)));
    expect(missing.sort()).toEqual([]);
  });

  it('every key in the catalogue is used, literally or under a prefix the code builds keys from', () => {
    const unused = [...keys].filter(
      (k) => !literals.has(k) && ![...prefixes].some((p) => k.startsWith(p)) && ![...literals].some((l) => k.startsWith(`${l}.`)),
    );
    expect(unused.sort()).toEqual([]);
  });
});

describe('server catalogue parts (platform and modules)', () => {
  it('refuses a key defined twice, naming both files', () => {
    const parts = [
      { source: 'platform/i18n/es.json', tree: { errors: { notFound: 'No' } } },
      { source: 'modules/a/messages.es.json', tree: { errors: { notFound: 'Otro' } } },
    ];
    expect(() => mergeCatalogue(parts)).toThrow(/errors\.notFound.*platform\/i18n\/es\.json.*modules\/a\/messages\.es\.json/);
    expect(() => mergeCatalogue([{ source: 'a', tree: { x: { y: 'text' } } }, { source: 'b', tree: { x: 'text' } }])).toThrow(/message key x is defined twice/);
  });

  it('merges the parts of each language without a key defined twice', () => {
    for (const lang of ['es', 'en']) expect(() => mergeCatalogue(catalogueParts(lang))).not.toThrow();
  });

  it("keeps in a module's messages file only keys that module's code uses (shared keys stay in the platform's)", () => {
    const modulesDir = path.join(root, 'src/server/modules');
    const misplaced = fs.readdirSync(modulesDir).flatMap((m) => {
      const file = path.join(modulesDir, m, 'messages.es.json');
      if (!fs.existsSync(file)) return [];
      const { literals, prefixes } = usage(code([`src/server/modules/${m}`]));
      const used = (k: string) => literals.has(k) || [...prefixes].some((p) => k.startsWith(p)) || [...literals].some((l) => k.startsWith(`${l}.`));
      return leaves(JSON.parse(fs.readFileSync(file, 'utf8')) as Tree)
        .filter((k) => !used(k))
        .map((k) => `${m}: ${k}`);
    });
    expect(misplaced).toEqual([]);
  });

  it('has its generated MessageKey type up to date (run `npm run messages:types`)', () => {
    const file = fs.readFileSync(path.join(root, 'src/server/platform/i18n/keys.generated.ts'), 'utf8');
    expect(file).toBe(messageKeySource(catalogs.es, catalogs.en));
  });
});
