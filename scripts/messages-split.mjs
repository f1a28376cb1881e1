#!/usr/bin/env node
// Moves each server message from the central catalogue (src/server/platform/i18n/{es,en}.json)
// into the messages file of the one module that uses it (src/server/modules/<m>/messages.{es,en}.json),
// issue 16 item 4. A key used by the platform, app.ts, the CLI, src/shared, or by more than one
// module, stays central. Usage is read the way test/message-keys.test.ts reads it: a quoted key,
// a key under a prefix the code builds keys from (`observatory.report.${…}`), or under a key
// the code names.
//
// Safe to run again (it is how new central keys reach their module after a merge): a key
// already in the module's file with the same text is fine; with another text it stops.
// Usage: node scripts/messages-split.mjs [--dry-run]
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const central = (locale) => path.join(root, 'src/server/platform/i18n', `${locale}.json`);
const moduleFile = (m, locale) => path.join(root, 'src/server/modules', m, `messages.${locale}.json`);
const dryRun = process.argv.includes('--dry-run');

const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const leaves = (tree, prefix = '') => Object.entries(tree).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
const read = (p) => (fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : {});
const withoutComments = (src) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/[^\n]*/g, '$1');

/** The owner of a source file: a module's name, or 'platform' for everything outside src/server/modules. */
function ownerOf(file) {
  const m = /src\/server\/modules\/([^/]+)\//.exec(path.relative(root, file).split(path.sep).join('/'));
  return m ? m[1] : 'platform';
}

const files = ['src/server', 'src/cli', 'src/shared'].flatMap((d) => walk(path.join(root, d))).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
const uses = files.map((f) => {
  const src = withoutComments(fs.readFileSync(f, 'utf8'));
  return {
    owner: ownerOf(f),
    literals: new Set([...src.matchAll(/['"`]([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)['"`]/g)].map((m) => m[1])),
    prefixes: [
      ...[...src.matchAll(/`([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]*)+)\$\{/g)].map((m) => m[1]),
      ...[...src.matchAll(/['"]([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*\.)['"]\s*\+/g)].map((m) => m[1]),
    ],
  };
});
function owners(key) {
  const found = new Set();
  for (const u of uses) {
    if (u.literals.has(key) || u.prefixes.some((p) => key.startsWith(p)) || [...u.literals].some((l) => key.startsWith(`${l}.`))) found.add(u.owner);
  }
  return found;
}

const get = (tree, key) => key.split('.').reduce((n, p) => (n && typeof n === 'object' ? n[p] : undefined), tree);
function set(tree, key, value) {
  const parts = key.split('.');
  let node = tree;
  for (const p of parts.slice(0, -1)) node = node[p] ??= {};
  node[parts.at(-1)] = value;
}
function remove(tree, key) {
  const [head, ...rest] = key.split('.');
  if (!rest.length) delete tree[head];
  else {
    remove(tree[head], rest.join('.'));
    if (Object.keys(tree[head]).length === 0) delete tree[head];
  }
}

const catalogues = { es: read(central('es')), en: read(central('en')) };
const moved = new Map(); // module -> count
const targets = {}; // `${module}/${locale}` -> tree
for (const key of leaves(catalogues.es)) {
  const who = owners(key);
  if (who.size !== 1 || who.has('platform')) continue;
  const [m] = who;
  for (const locale of ['es', 'en']) {
    const value = get(catalogues[locale], key);
    if (typeof value !== 'string') continue;
    const target = (targets[`${m}/${locale}`] ??= read(moduleFile(m, locale)));
    const there = get(target, key);
    if (there !== undefined && there !== value) throw new Error(`${key} (${locale}) differs in modules/${m}/messages.${locale}.json: settle it by hand`);
    set(target, key, value);
    remove(catalogues[locale], key);
  }
  moved.set(m, (moved.get(m) ?? 0) + 1);
}

if (!dryRun) {
  for (const [id, tree] of Object.entries(targets)) {
    const [m, locale] = id.split('/');
    fs.writeFileSync(moduleFile(m, locale), `${JSON.stringify(tree, null, 2)}\n`);
  }
  for (const locale of ['es', 'en']) fs.writeFileSync(central(locale), `${JSON.stringify(catalogues[locale], null, 2)}\n`);
}
for (const [m, n] of [...moved].sort()) console.log(`${m}: ${n} keys`);
console.log(`central: ${leaves(catalogues.es).length} keys stay${dryRun ? ' (dry run: nothing written)' : ''}`);
