import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import webEs from './locales/es.json' with { type: 'json' };
import webEn from './locales/en.json' with { type: 'json' };
// The server's catalogue as the server merges it: the platform's file and each module's messages.{es,en}.json.
import { catalogs as server } from '../server/platform/i18n/index.ts';

import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

type Tree = { [k: string]: unknown };

/** The arguments a message uses, in every branch of its plurals and selects. */
function argumentNames(elements: MessageFormatElement[]): string[] {
  return elements.flatMap((e): string[] => {
    const own = 'value' in e && e.type !== TYPE.literal && e.type !== TYPE.tag ? [e.value] : [];
    const branches = 'options' in e ? Object.values(e.options).flatMap((o) => argumentNames(o.value)) : [];
    const children = 'children' in e ? argumentNames(e.children) : [];
    return [...own, ...branches, ...children];
  });
}

/** Every leaf of a message tree as [dotted key, value]. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Tree, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

const catalogs: { name: string; es: Tree; en: Tree }[] = [
  { name: 'web (src/web/locales)', es: webEs, en: webEn },
  { name: 'server (platform/i18n and modules/*/messages)', es: server.es, en: server.en },
];

describe.each(catalogs)('message catalogues: $name', ({ es, en }) => {
  const esKeys = new Map(leaves(es));
  const enKeys = new Map(leaves(en));

  it('has every Spanish key in English', () => {
    expect([...esKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('has every English key in Spanish', () => {
    expect([...enKeys.keys()].filter((k) => !esKeys.has(k))).toEqual([]);
  });

  it('has only non-empty strings as messages', () => {
    const bad = [...leaves(es).map(([k, v]) => [`es:${k}`, v]), ...leaves(en).map(([k, v]) => [`en:${k}`, v])].filter(
      ([, v]) => typeof v !== 'string' || v.trim() === '',
    );
    expect(bad).toEqual([]);
  });

  it('has only messages that parse as ICU MessageFormat', () => {
    const broken: string[] = [];
    for (const [locale, map] of [['es', esKeys], ['en', enKeys]] as const) {
      for (const [key, text] of map) {
        try {
          new IntlMessageFormat(String(text), locale);
        } catch (err) {
          broken.push(`${locale}:${key}: ${(err as Error).message}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    // The parser's own tree, so that the text of a plural's branch (`{country}`) is not taken for a placeholder.
    const names = (text: unknown) => [...new Set(argumentNames(parse(String(text))))].sort();
    const differ = [...esKeys].filter(([k, v]) => enKeys.has(k) && names(v).join() !== names(enKeys.get(k)).join()).map(([k]) => k);
    expect(differ).toEqual([]);
  });
});
