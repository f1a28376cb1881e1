import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import es from '../../../locales/es.json' with { type: 'json' };
import en from '../../../locales/en.json' with { type: 'json' };
import { markName, moveCell } from './keyboard.tsx';
import { formatNumber } from '../format.ts';
import { pathBox } from '../map/topo.ts';

describe('chart keyboard: moving between marks', () => {
  it('starts at the first mark from none (End at the last) and ignores keys that are not its own', () => {
    expect(moveCell(null, 'ArrowRight', 1, 5)).toEqual({ row: 0, col: 0 });
    expect(moveCell(null, 'ArrowLeft', 3, 5)).toEqual({ row: 0, col: 0 });
    expect(moveCell(null, 'End', 1, 5)).toEqual({ row: 0, col: 4 });
    expect(moveCell(null, 'Tab', 1, 5)).toBeNull();
    expect(moveCell({ row: 0, col: 2 }, ' ', 1, 5)).toBeNull();
    expect(moveCell(null, 'ArrowRight', 1, 0)).toBeNull();
  });

  it('walks along the row with Left/Right, stopping at the ends, and Home/End jump', () => {
    let c = moveCell(null, 'ArrowRight', 1, 3);
    c = moveCell(c, 'ArrowRight', 1, 3);
    expect(c).toEqual({ row: 0, col: 1 });
    c = moveCell(c, 'ArrowRight', 1, 3);
    expect(moveCell(c, 'ArrowRight', 1, 3)).toEqual({ row: 0, col: 2 });
    expect(moveCell({ row: 0, col: 0 }, 'ArrowLeft', 1, 3)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 1, col: 1 }, 'Home', 2, 3)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 1, col: 1 }, 'End', 2, 3)).toEqual({ row: 1, col: 2 });
  });

  it('moves between series with Up/Down, and along the one series when there is only one', () => {
    expect(moveCell({ row: 0, col: 4 }, 'ArrowDown', 3, 6)).toEqual({ row: 1, col: 4 });
    expect(moveCell({ row: 2, col: 4 }, 'ArrowDown', 3, 6)).toEqual({ row: 2, col: 4 });
    expect(moveCell({ row: 0, col: 4 }, 'ArrowUp', 3, 6)).toEqual({ row: 0, col: 4 });
    expect(moveCell({ row: 0, col: 4 }, 'ArrowDown', 1, 6)).toEqual({ row: 0, col: 5 });
    expect(moveCell({ row: 0, col: 4 }, 'ArrowUp', 1, 6)).toEqual({ row: 0, col: 3 });
  });

  it('keeps a mark that the data no longer has inside the chart', () => {
    expect(moveCell({ row: 5, col: 9 }, 'ArrowLeft', 2, 4)).toEqual({ row: 1, col: 2 });
  });

  it('rings a map country by the extent of its drawn path', () => {
    expect(pathBox('M10,20L30.5,5L12,-2ZM40,8L41,9Z')).toEqual({ x: 10, y: -2, w: 31, h: 22 });
    expect(pathBox('')).toEqual({ x: 0, y: 0, w: 0, h: 0 });
  });
});

describe('chart keyboard: the name of a mark', () => {
  const tOf = (catalogue: typeof es, lang: 'es' | 'en') =>
    ((key: string, values?: Record<string, string>) => {
      const msg = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], catalogue) as string;
      return String(new IntlMessageFormat(msg, lang).format(values));
    }) as unknown as Parameters<typeof markName>[0];

  it('says who, when and the figure in the reader’s language; a confidential cell never as zero', () => {
    const tEs = tOf(es, 'es');
    const tEn = tOf(en, 'en');
    expect(markName(tEs, { label: 'Venezuela', at: '2024', value: 12345, suppressed: false }, (n) => formatNumber('es', n))).toBe('Venezuela, 2024: 12.345');
    expect(markName(tEn, { label: 'Venezuela', at: '2024', value: 12345, suppressed: false }, (n) => formatNumber('en', n))).toBe('Venezuela, 2024: 12,345');
    expect(markName(tEs, { label: 'Nicaragua', value: null, suppressed: true }, String)).toBe('Nicaragua: confidencial (cifra oculta, no es cero)');
    expect(markName(tEn, { label: 'Belize', value: null, suppressed: false }, String)).toBe('Belize: no figure');
  });
});
