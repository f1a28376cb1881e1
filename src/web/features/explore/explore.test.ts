import { describe, expect, it } from 'vitest';
import { dataQuestion, decodeState, DEFAULT_STATE, encodeState, questionQuery } from './state.ts';
import { compareText, formatCompact, formatNumber, formatPercent, formatPeriod, lastTwelveMonths, monthsBetween } from './format.ts';
import { bands, flowBands, linePath, linear, niceTicks, PALETTE, pyramidBars, stack } from './charts/geometry.ts';
import { rankItems, toItems, toSeries } from './model.ts';
import { mirrorRow } from './mirror.ts';
import { minimumStatus, pyramidAges, pyramidStatus } from './minimum.ts';
import { corridorOrder, nationalityOrder } from './corridor.ts';
import { decodeArcs, mercator, rings, type Topology } from './map/topo.ts';
import type { Observation } from './api.ts';

describe('explorer URL state', () => {
  it('round-trips a view through its address, and one view has one address', () => {
    const s = { ...DEFAULT_STATE, flow: 'REG_ENTRY', countries: ['CRI'], start: '2024-01', end: '2024-12', breakdown: 'CITIZENSHIP' as const, chart: 'ranking' as const, tab: 'table' as const };
    const qs = encodeState(s).toString();
    expect(qs).toBe('flow=REG_ENTRY&country=CRI&start=2024-01&end=2024-12&by=CITIZENSHIP&chart=ranking&tab=table');
    expect(decodeState(new URLSearchParams(qs))).toEqual(s);
    // Order of countries and of parameters does not change the address.
    const shuffled = decodeState(new URLSearchParams('tab=table&country=PAN,CRI&flow=REG_ENTRY'));
    expect(encodeState(shuffled).toString()).toBe('flow=REG_ENTRY&country=CRI%2CPAN&tab=table');
  });

  it('falls back to the defaults on malformed values and swaps a reversed period', () => {
    const s = decodeState(new URLSearchParams('flow=<script>&country=CR,cri,XX1&start=2024-13&end=2023-05&by=NOPE&chart=pie&tab=x&time=decade'));
    expect(s.flow).toBe('REG_ENTRY');
    expect(s.countries).toEqual(['CRI']);
    expect(s.start).toBe('');
    expect(s.end).toBe('2023-05');
    expect(s.breakdown).toBeNull();
    expect([s.chart, s.tab, s.time]).toEqual(['line', 'chart', 'month']);
    expect(decodeState(new URLSearchParams('start=2024-12&end=2024-01'))).toMatchObject({ start: '2024-01', end: '2024-12' });
  });

  it('asks the data API the question each tab shows', () => {
    const base = { ...DEFAULT_STATE, countries: ['CRI'], start: '2024-01', end: '2024-12', breakdown: 'CITIZENSHIP' as const };
    const ranking = dataQuestion({ ...base, chart: 'ranking' }, 'chart');
    expect(ranking.groupBy).toEqual(['REF_AREA', 'CITIZENSHIP']);
    expect(questionQuery(ranking)).toBe('FLOW=REG_ENTRY&REF_AREA=CRI&endPeriod=2024-12&groupBy=REF_AREA%2CCITIZENSHIP&startPeriod=2024-01');
    const line = dataQuestion({ ...base, countries: ['CRI', 'PAN'], time: 'quarter' }, 'chart');
    expect(line.groupBy).toEqual(['TIME_PERIOD', 'CITIZENSHIP']);
    expect(line.params.timeAggregation).toBe('quarter');
    expect(dataQuestion({ ...base, breakdown: null }, 'chart').groupBy).toEqual(['REF_AREA', 'TIME_PERIOD']);
    expect(dataQuestion(base, 'map').groupBy).toEqual(['REF_AREA', 'CITIZENSHIP']);
    expect(dataQuestion({ ...base, breakdown: 'SEX' }, 'map').groupBy).toEqual(['REF_AREA']);
  });
});

describe('number and period formats', () => {
  it('writes numbers in the reader’s language', () => {
    expect(formatNumber('es', 1234.5)).toBe('1.234,5');
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
    expect(formatNumber('es', 5066194)).toBe('5.066.194');
    expect(formatNumber('en', 5066194)).toBe('5,066,194');
    expect(formatCompact('es', 5066194)).toBe('5,1\u00a0M');
    expect(formatCompact('en', 5066194)).toBe('5.1M');
    expect(formatCompact('es', 2500)).toBe('2.500');
    expect(formatPercent('es', 0.125)).toBe('12,5\u00a0%');
    expect(formatPercent('en', 0.125)).toBe('12.5%');
  });

  it('writes periods as words', () => {
    expect(formatPeriod('es', '2024-08')).toBe('ago 2024');
    expect(formatPeriod('en', '2024-08')).toBe('Aug 2024');
    expect(formatPeriod('es', '2024-Q3')).toBe('T3 2024');
    expect(formatPeriod('en', '2024-Q3')).toBe('Q3 2024');
    expect(formatPeriod('en', '2024')).toBe('2024');
    expect(monthsBetween('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(lastTwelveMonths('2025-04')).toEqual({ start: '2024-05', end: '2025-04' });
  });

  it('orders names as a collator does, without making one', () => {
    const names = ['Perú', 'Panamá', 'Paraguay', 'Ecuador', 'El Salvador', 'Ávila', 'Austria', 'Brasil', 'belice', 'Haití', 'Honduras', 'Côte d’Ivoire', 'Colombia', 'Costa Rica', 'Cuba', 'Chile', 'México', 'Mexico City', 'Estados Unidos', 'España'];
    const collator = new Intl.Collator('es', { sensitivity: 'base' });
    expect([...names].sort(compareText)).toEqual([...names].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : 1)));
  });
});

describe('chart geometry', () => {
  it('chooses round ticks that cover the maximum', () => {
    expect(niceTicks(5066194, 5)).toEqual([0, 2_000_000, 4_000_000, 6_000_000]);
    expect(niceTicks(5066194, 10)).toEqual([0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000]);
    expect(niceTicks(87, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('maps values and bands into pixels', () => {
    const y = linear([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
    const b = bands(4, [0, 400], 0.2);
    expect(b.step).toBe(100);
    expect(b.start(1)).toBe(110);
    expect(b.width).toBe(80);
  });

  it('stacks without letting a suppressed cell take height, and breaks lines at it', () => {
    const s = stack([
      [10, null, 5],
      [3, 4, null],
    ]);
    expect(s[0]).toEqual([{ y0: 0, y1: 10 }, { y0: 0, y1: 0 }, { y0: 0, y1: 5 }]);
    expect(s[1]).toEqual([{ y0: 10, y1: 13 }, { y0: 0, y1: 4 }, { y0: 5, y1: 5 }]);
    expect(linePath([{ x: 0, y: 1 }, { x: 10, y: 2 }, null, { x: 30, y: 4 }])).toBe('M0,1L10,2M30,4');
  });

  it('lays out the pyramid on one scale and the corridor bands in proportion', () => {
    const [row] = pyramidBars([{ male: 50, female: 100 }], 220, 20);
    expect(row!.female).toEqual({ x: 120, w: 100 });
    expect(row!.male).toEqual({ x: 50, w: 50 });
    expect(flowBands([400612, 302290, null], 90)).toEqual([90, (302290 / 400612) * 90, 3]);
    expect(PALETTE[0]).toBe('#0072B2');
  });

  it('decodes TopoJSON arcs and projects with Mercator', () => {
    const topo: Topology = { type: 'Topology', transform: { scale: [1, 1], translate: [-80, 0] }, arcs: [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]]], objects: {} };
    const arcs = decodeArcs(topo);
    expect(arcs[0]).toEqual([[-80, 0], [-70, 0], [-70, 10]]);
    expect(rings({ type: 'Polygon', arcs: [[0, 1]] }, arcs)[0]).toEqual([[-80, 0], [-70, 0], [-70, 10], [-80, 10], [-80, 0]]);
    expect(rings({ type: 'Polygon', arcs: [[~1]] }, arcs)[0]![0]).toEqual([-80, 0]);
    const p = mercator({ west: -80, east: -70, south: -10, north: 10 }, 100, 100);
    expect(p([-80, 10])[0]).toBeCloseTo(0);
    expect(p([-80, 10])[1]).toBeCloseTo(0);
    // the box is taller than wide: the height limits the scale, and longitude stays linear
    expect(p([-80, -10])[1]).toBeCloseTo(100);
    expect(p([-75, 0])[0]).toBeCloseTo(p([-70, 0])[0] / 2);
  });
});

describe('arranging the API figures', () => {
  const obs: Observation[] = [
    { CITIZENSHIP: 'USA', TIME_PERIOD: '2024-01', OBS_VALUE: 100, CONF_STATUS: 'F' },
    { CITIZENSHIP: 'USA', TIME_PERIOD: '2024-02', OBS_VALUE: 120, CONF_STATUS: 'F' },
    { CITIZENSHIP: 'NIC', TIME_PERIOD: '2024-01', OBS_VALUE: 300, CONF_STATUS: 'F' },
    { CITIZENSHIP: 'ISL', TIME_PERIOD: '2024-02', OBS_VALUE: null, CONF_STATUS: 'C' },
  ];
  it('groups series by peak and keeps suppressed cells as null', () => {
    const { periods, series, omitted } = toSeries(obs, 'CITIZENSHIP', (c) => c, 2);
    expect(periods).toEqual(['2024-01', '2024-02']);
    expect(series.map((s) => s.key)).toEqual(['NIC', 'USA']);
    expect(series[0]!.values).toEqual([300, null]);
    expect(omitted).toBe(1);
    const all = toSeries(obs, 'CITIZENSHIP', (c) => c).series;
    expect(all.find((s) => s.key === 'ISL')).toMatchObject({ values: [null, null], suppressed: [false, true] });
  });
  it('ranks items with suppressed ones last', () => {
    expect(toItems(obs.filter((o) => o.TIME_PERIOD === '2024-02'), 'CITIZENSHIP', (c) => c).map((i) => [i.key, i.value])).toEqual([
      ['USA', 120],
      ['ISL', null],
    ]);
  });
  it('compares mirror figures without treating a hidden figure as zero', () => {
    expect(mirrorRow('2024-01', 1100, 1000, 0.05)).toEqual({ period: '2024-01', a: 1100, b: 1000, gap: 100, share: 100 / 1100, flagged: true });
    expect(mirrorRow('2024-01', 1000, 1020, 0.05).flagged).toBe(false);
    expect(mirrorRow('2024-01', null, 1020, 0.05)).toMatchObject({ gap: null, share: null, flagged: false });
  });
  it('reads the minimum disaggregation from the codes the API returns', () => {
    expect(minimumStatus([{ SEX: '_T', OBS_VALUE: 5, CONF_STATUS: 'F' }], 'SEX')).toBe('notReported');
    expect(minimumStatus([{ SEX: '_U', OBS_VALUE: 5, CONF_STATUS: 'F' }], 'SEX')).toBe('unknownOnly');
    expect(minimumStatus([{ SEX: 'F', OBS_VALUE: null, CONF_STATUS: 'C' }, { SEX: '_U', OBS_VALUE: 5, CONF_STATUS: 'F' }], 'SEX')).toBe('reported');
    expect(minimumStatus([], 'ETHNICITY')).toBe('notReported');
  });
  it('says the same about sex and age in the pyramid as in the minimum table (issue 17)', () => {
    // The data API's answers (REF_AREA=CRI, 12 months) for a country that sends one table by sex
    // and another by age, never crossed: both are reported, there is just no pyramid.
    const o = (k: Record<string, string>, v: number | null): Observation => ({ ...k, OBS_VALUE: v, CONF_STATUS: v === null ? 'C' : 'F' });
    const bySex = [o({ FLOW: 'REG_ENTRY', SEX: 'F' }, 1000), o({ FLOW: 'REG_ENTRY', SEX: 'M' }, 1200), o({ FLOW: 'REG_ENTRY', SEX: '_T' }, 2200)];
    const byAge = [o({ FLOW: 'REG_ENTRY', AGE: 'Y_GE18' }, 1600), o({ FLOW: 'REG_ENTRY', AGE: 'Y_LT18' }, 600), o({ FLOW: 'REG_ENTRY', AGE: '_T' }, 2200)];
    const separate = [o({ SEX: 'F', AGE: '_T' }, 1000), o({ SEX: 'M', AGE: '_T' }, 1200), o({ SEX: '_T', AGE: 'Y_GE18' }, 1600), o({ SEX: '_T', AGE: 'Y_LT18' }, 600), o({ SEX: '_T', AGE: '_T' }, 2200)];
    const sex = minimumStatus(bySex, 'SEX');
    const age = minimumStatus(byAge, 'AGE');
    expect([sex, age]).toEqual(['reported', 'reported']);
    expect(pyramidStatus(separate, sex, age)).toBe('separate');
    // crossed with children / adults only: a pyramid of those two groups
    const broad = [o({ SEX: 'F', AGE: 'Y_LT18' }, 300), o({ SEX: 'M', AGE: 'Y_LT18' }, 300), o({ SEX: 'F', AGE: 'Y_GE18' }, 700), o({ SEX: 'M', AGE: 'Y_GE18' }, 900)];
    expect(pyramidAges(broad)).toEqual(['Y_LT18', 'Y_GE18']);
    expect(pyramidStatus(broad, sex, age)).toBe('drawn');
    // the fine groups when reported, even beside the broad ones
    expect(pyramidAges([...broad, o({ SEX: 'F', AGE: 'Y_LT5' }, 50)])).toHaveLength(6);
    // crossed, but every cell confidential: reported, and said so
    expect(pyramidStatus([o({ SEX: 'F', AGE: 'Y_LT5' }, null), o({ SEX: 'M', AGE: 'Y_LT5' }, null)], sex, age)).toBe('suppressed');
    // one of them, or neither (the real americas-flows data: only totals)
    expect(pyramidStatus([o({ SEX: 'F', AGE: '_T' }, 10)], 'reported', 'notReported')).toBe('sexOnly');
    expect(pyramidStatus([o({ SEX: '_T', AGE: '_T' }, 10)], minimumStatus([o({ FLOW: 'REG_ENTRY', SEX: '_T' }, 10)], 'SEX'), 'notReported')).toBe('notReported');
  });
  it('orders a corridor from south to north', () => {
    const items = ['MEX', 'PAN', 'HND', 'COL', 'ZZZ'].map((k) => ({ key: k, label: k }));
    expect(corridorOrder(items).map((i) => i.key)).toEqual(['COL', 'PAN', 'HND', 'MEX', 'ZZZ']);
  });
  it('lists nationalities by name, former states (Czechoslovakia, Yugoslavia) last (issue 21)', () => {
    const items = [
      { key: 'VEN', label: 'Venezuela' },
      { key: 'CSK', label: 'Checoslovaquia (antigua)' },
      { key: 'ECU', label: 'Ecuador' },
      { key: 'YUG', label: 'Yugoslavia (antigua)' },
      { key: 'AFG', label: 'Afganistán' },
      { key: 'CUB', label: 'Cuba' },
    ];
    expect(nationalityOrder(items).map((i) => i.key)).toEqual(['AFG', 'CUB', 'ECU', 'VEN', 'CSK', 'YUG']);
  });
});

describe('a ranking of categories (issue 17)', () => {
  it('draws published categories only, never the total, and counts the confidential ones', () => {
    const obs = [
      { CITIZENSHIP: '_T', OBS_VALUE: 9_100, CONF_STATUS: 'F' },
      { CITIZENSHIP: 'VEN', OBS_VALUE: 7_000, CONF_STATUS: 'F' },
      { CITIZENSHIP: 'HTI', OBS_VALUE: null, CONF_STATUS: 'C' },
      { CITIZENSHIP: 'NIC', OBS_VALUE: 2_093, CONF_STATUS: 'F' },
      { CITIZENSHIP: 'GNB', OBS_VALUE: 7, CONF_STATUS: 'F' },
      { CITIZENSHIP: 'TON', OBS_VALUE: null, CONF_STATUS: 'C' },
    ] as unknown as Observation[];
    const r = rankItems(obs, 'CITIZENSHIP', (c) => c);
    expect(r.items.map((i) => i.key)).toEqual(['VEN', 'NIC', 'GNB']);
    expect(r.confidential).toBe(2);
  });
});
