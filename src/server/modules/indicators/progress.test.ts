import { describe, expect, it } from 'vitest';
import { assessProgress, type IndicatorPoint } from './index.ts';

/**
 * The progress method (docs/adr/0012) against hand calculations, one per status.
 * CAGR = (latest / baseline)^(1 / years) − 1, baseline 2018 or the first value after it.
 */
const pt = (period: string, value: number | null, answer: IndicatorPoint['answer'] = null): IndicatorPoint => ({
  country: 'CRI',
  period,
  disaggregation: {},
  value,
  answer,
  origin: 'reported',
  status: 'validated',
  revisionId: Number(period),
  recordedAt: '2025-01-01T00:00:00.000Z',
  source: {},
});
const run = (direction: 'increase' | 'decrease' | 'none', values: [string, number][], type: 'share' | 'count' = 'share') =>
  assessProgress({ code: 'X', country: 'CRI', type, direction, points: values.map(([p, v]) => pt(p, v)) });

describe('progress: Eurostat growth-rate rule', () => {
  it('significant progress: 50 → 60 over 2018–2022, increase desired', () => {
    // (60/50)^(1/4) − 1 = 1.2^0.25 − 1 = 0.046635 → +4.66 % a year > 1 %
    const p = run('increase', [['2018', 50], ['2020', 55], ['2022', 60]]);
    expect(p.cagr).toBeCloseTo(0.046635, 5);
    expect(p).toMatchObject({ status: 'significant_progress', points: 3 });
    expect([p.baseline?.period, p.latest?.period]).toEqual(['2018', '2022']);
  });

  it('moderate progress: 100 → 102 over 2019–2023, increase desired (no 2018 value: baseline 2019)', () => {
    // (102/100)^(1/4) − 1 = 0.004963 → +0.50 % a year, within (0, 1 %]
    const p = run('increase', [['2016', 10], ['2019', 100], ['2021', 101], ['2023', 102]]);
    expect(p.baseline?.period).toBe('2019');
    expect(p.cagr).toBeCloseTo(0.004963, 5);
    expect(p).toMatchObject({ status: 'moderate_progress', points: 3 });
  });

  it('moderate movement away: 1000 → 1020 over 2018–2020, decrease desired', () => {
    // (1020/1000)^(1/2) − 1 = 0.009950 → +0.995 % a year; decrease desired → −0.995 %, within [−1 %, 0]
    const p = run('decrease', [['2018', 1000], ['2019', 1010], ['2020', 1020]], 'count');
    expect(p.cagr).toBeCloseTo(0.00995, 5);
    expect(p.status).toBe('moderate_away');
  });

  it('significant movement away: 80 → 64 over 2018–2020, increase desired', () => {
    // (64/80)^(1/2) − 1 = 0.8^0.5 − 1 = −0.105573 → −10.56 % a year < −1 %
    const p = run('increase', [['2018', 80], ['2019', 70], ['2020', 64]]);
    expect(p.cagr).toBeCloseTo(-0.105573, 5);
    expect(p.status).toBe('significant_away');
  });

  it('a fall is progress when the desired direction is decrease', () => {
    // (81/100)^(1/2) − 1 = −0.1 → +10 % in the desired direction
    expect(run('decrease', [['2018', 100], ['2019', 90], ['2020', 81]], 'count').status).toBe('significant_progress');
  });

  it('insufficient data: fewer than three values from 2018 on, or a zero end — and no status made up', () => {
    const two = run('increase', [['2015', 1], ['2016', 2], ['2017', 3], ['2019', 50], ['2022', 60]]);
    expect(two).toMatchObject({ status: 'insufficient_data', points: 2, cagr: null });
    const zero = run('increase', [['2018', 0], ['2019', 5], ['2020', 9]]);
    expect(zero).toMatchObject({ status: 'insufficient_data', cagr: null });
    expect(run('increase', []).status).toBe('insufficient_data');
  });

  it('no direction: the growth rate is given, never judged', () => {
    const p = run('none', [['2018', 100], ['2019', 150], ['2020', 400]], 'count');
    expect(p.cagr).toBeCloseTo(1, 10); // (400/100)^(1/2) − 1 = 1 → +100 % a year
    expect(p.status).toBe('no_direction');
  });
});

describe('progress: policy presence', () => {
  const policy = (answers: [string, 'yes' | 'partial' | 'no'][]) =>
    assessProgress({ code: 'P', country: 'CRI', type: 'policy_presence', direction: 'none', points: answers.map(([p, a]) => pt(p, null, a)) });

  it('the latest answer is the status, with its change', () => {
    expect(policy([['2019', 'no'], ['2022', 'yes']])).toMatchObject({ status: 'policy_yes', previousAnswer: 'no', change: 'better' });
    expect(policy([['2019', 'yes'], ['2023', 'partial']])).toMatchObject({ status: 'policy_partial', previousAnswer: 'yes', change: 'worse' });
    expect(policy([['2020', 'no']])).toMatchObject({ status: 'policy_no', previousAnswer: null, change: null });
    expect(policy([['2020', 'no'], ['2021', 'no']])).toMatchObject({ status: 'policy_no', change: 'same' });
    expect(policy([]).status).toBe('insufficient_data');
  });
});
