import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import es from './locales/es.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import { countFormat, countPlurals, IcuFormat } from './i18n.ts';

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

  it('formats messages with counts and numbers as ICU does (its number and plural formats shared by all messages)', () => {
    const differ: string[] = [];
    let checked = 0;
    for (const [locale, catalogue] of [['es', es], ['en', en]] as const) {
      const fmt = new IcuFormat();
      for (const [key, text] of leaves(catalogue)) {
        if (!/,\s*(plural|number|selectordinal)\b/.test(text)) continue;
        const names = [...new Set([...text.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => m[1]!))];
        for (const n of [0, 1, 2, 5, 21, 101, 1234, 1234.5, 12345, 1000000, 2000001]) {
          const values = Object.fromEntries(names.map((name) => [name, n]));
          const ours = fmt.parse(text, values, locale, 'translation', key, { resolved: { res: text } });
          const icu = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).format(values);
          checked++;
          if (ours !== icu) differ.push(`${locale}:${key}(${n}): ${String(ours)} ≠ ${String(icu)}`);
        }
      }
    }
    expect(differ).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('counts and groups whole numbers as Intl does, without making an Intl format', () => {
    for (const locale of ['es', 'en']) {
      const nf = new Intl.NumberFormat(locale);
      const pr = new Intl.PluralRules(locale);
      const fmt = countFormat(locale);
      const plural = countPlurals(locale);
      for (const n of [0, 1, 2, 7, 10, 999, 1000, 1001, 9999, 10000, 12345, 123456, 1234567, 1000000, 2000000, -1, -1234, -12345, 1.5, 0.25, 1234.5678, 2 ** 53 + 2]) {
        expect(fmt.format(n), `${locale} ${n}`).toBe(nf.format(n));
        // Messages have one and other (=N aside): Intl's "many" (Spanish whole millions) falls back to other.
        const intl = pr.select(n);
        expect(plural.select(n), `${locale} ${n}`).toBe(intl === 'one' ? 'one' : 'other');
      }
    }
  });
});
