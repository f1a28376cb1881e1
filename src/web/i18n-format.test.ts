import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import es from './locales/es.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import { IcuFormat } from './i18n.ts';

function leaves(o: unknown, prefix = ''): [string, string][] {
  if (typeof o === 'string') return [[prefix, o]];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** IcuFormat skips compiling what ICU would return unchanged: it must give what ICU gives. */
describe('IcuFormat', () => {
  it('formats every message of both catalogues as ICU does, given texts for its arguments', () => {
    const differ: string[] = [];
    let shortcuts = 0;
    for (const [locale, catalogue] of [['es', es], ['en', en]] as const) {
      for (const [key, text] of leaves(catalogue)) {
        const names = [...text.matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)].map((m) => m[1]!);
        // Only messages whose arguments are all simple can be given texts for all of them.
        if (text.replace(/\{\s*[A-Za-z_]\w*\s*\}/g, '').match(/[{}]/)) continue;
        const values = Object.fromEntries(names.map((n) => [n, `«${n} {x} # '»`]));
        const fast = new IcuFormat().parse(text, values, locale, 'translation', key, { resolved: { res: text } });
        const icu = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).format(values);
        if (!text.includes("'")) shortcuts++;
        if (fast !== icu) differ.push(`${locale}:${key}: ${String(fast)} ≠ ${String(icu)}`);
      }
    }
    expect(differ).toEqual([]);
    expect(shortcuts).toBeGreaterThan(100);
  });
});
