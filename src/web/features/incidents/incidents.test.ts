import { describe, expect, it } from 'vitest';
import { isKnownPage } from '../../../shared/pages.ts';
import { apiQuery, decodeState, DEFAULT_STATE, encodeState, monthlySeries } from './state.ts';
import { AMERICAS_VIEW, boxAround, markRadius, zoomForScale, zoomView } from './map/view.ts';

describe('missing migrants: the selection in the address', () => {
  it('reads and writes the filters, leaving defaults out of the address', () => {
    const s = decodeState(new URLSearchParams('from=2024&to=2024&route=Central+American+Route&country=MEX&origin=HND&page=3'));
    expect(s).toEqual({ ...DEFAULT_STATE, from: 2024, to: 2024, route: 'Central American Route', country: 'MEX', origin: 'HND', page: 3 });
    expect(encodeState(s).toString()).toBe('from=2024&to=2024&route=Central+American+Route&country=MEX&origin=HND&page=3');
    expect(encodeState(DEFAULT_STATE).toString()).toBe('');
  });

  it('drops what is malformed and puts years in order', () => {
    expect(decodeState(new URLSearchParams('from=abc&country=mex&origin=XX&page=-2&region=mars'))).toEqual(DEFAULT_STATE);
    const s = decodeState(new URLSearchParams('from=2024&to=2020'));
    expect([s.from, s.to]).toEqual([2020, 2024]);
  });

  it('asks the API in one order (the cache key), always with the region, never with the page', () => {
    expect(apiQuery({ ...DEFAULT_STATE, cause: 'Drowning', to: 2023, page: 4 })).toBe('region=americas&to=2023&cause=Drowning');
    expect(apiQuery({ ...DEFAULT_STATE, region: 'world' })).toBe('region=world');
  });

  it('spans the months from the first to the last answered, a month without records at 0', () => {
    expect(monthlySeries([{ month: '2023-11', value: 4 }, { month: '2024-02', value: 1 }])).toEqual({ months: ['2023-11', '2023-12', '2024-01', '2024-02'], values: [4, 0, 0, 1] });
    expect(monthlySeries([])).toEqual({ months: [], values: [] });
  });

  it('knows the pages (the server answers 404 for others)', () => {
    for (const p of ['/observatory/missing-migrants', '/observatory/missing-migrants/new', '/observatory/missing-migrants/pending', '/observatory/missing-migrants/import', '/observatory/missing-migrants/0ce1a18e-d20c-4400-9b46-e259478501f2/edit', '/observatory/missing-migrants/0ce1a18e-d20c-4400-9b46-e259478501f2']) expect(isKnownPage(p), p).toBe(true);
    expect(isKnownPage('/observatory/missing-migrants/xyz')).toBe(false);
  });
});

describe('missing migrants: the map view', () => {
  it('clusters at the zoom matching how wide the world is drawn (supercluster: 512 · 2^z)', () => {
    expect(zoomForScale(512 / (2 * Math.PI))).toBe(0);
    expect(zoomForScale((512 * 8) / (2 * Math.PI))).toBe(3);
    expect(zoomForScale((512 * 11) / (2 * Math.PI))).toBe(3);
    expect(zoomForScale(1)).toBe(0);
    expect(zoomForScale(1e12)).toBe(16);
  });

  it('sizes marks by dead and missing, with a floor and a ceiling', () => {
    expect(markRadius(0)).toBe(3);
    expect(markRadius(100)).toBe(19);
    expect(markRadius(10_000)).toBe(22);
    expect(markRadius(4)).toBeLessThan(markRadius(9));
  });

  it('zooms around the centre inside the world, and frames a cluster’s incidents', () => {
    expect(zoomView([-100, -20, -60, 20], 2)).toEqual([-90, -10, -70, 10]);
    expect(zoomView(AMERICAS_VIEW, 0.1)).toEqual([-180, -80, 180, 84]);
    expect(zoomView([170, 0, 180, 10], 0.5)).toEqual([160, -5, 180, 15]);
    expect(boxAround([[-97.5, 25.87], [-92.14, 14.67]])).toEqual([-97.5 - 5.36 / 5, 14.67 - 11.2 / 5, -92.14 + 5.36 / 5, 25.87 + 11.2 / 5].map((v) => expect.closeTo(v, 6)));
    expect(boxAround([[-70, -19]])).toEqual([-70.5, -19.5, -69.5, -18.5]);
    expect(boxAround([])).toBeNull();
  });
});
