import { describe, expect, it } from 'vitest';
import { dataQuestion, decodeState, DEFAULT_STATE, encodeState } from './state.ts';
import { formatCoverage, formatMonthName, formatPeriod, formatPeriodCovered } from './format.ts';
import { headlineMonth, periodCoverage, toSeries } from './model.ts';
import type { Observation } from './api.ts';

/** Issue 17 item 2 on the reader's side: partial periods marked, fiscal years asked and named, the headline's month and coverage. */
const obs = (o: Record<string, string | number>): Observation => ({ OBS_VALUE: 1, CONF_STATUS: 'F', ...o });

describe('fiscal years in the explorer', () => {
  it('keeps a fiscal year and its first month in the address, and asks the API for them', () => {
    const s = { ...DEFAULT_STATE, countries: ['MEX'], time: 'fiscalYear' as const, fiscalStart: 7 };
    const qs = encodeState(s).toString();
    expect(qs).toBe('flow=REG_ENTRY&country=MEX&time=fiscalYear&fy=7');
    expect(decodeState(new URLSearchParams(qs))).toEqual(s);
    const q = dataQuestion(s, 'chart');
    expect(q.params).toMatchObject({ timeAggregation: 'fiscalYear', fiscalYearStart: '7' });
    // October (the U.S. federal year) is the default and not written; the month matters only to fiscal years
    expect(encodeState({ ...s, fiscalStart: 10 }).toString()).toBe('flow=REG_ENTRY&country=MEX&time=fiscalYear');
    expect(encodeState({ ...s, time: 'year' }).toString()).toBe('flow=REG_ENTRY&country=MEX&time=year');
    expect(dataQuestion({ ...s, time: 'year' }, 'chart').params.fiscalYearStart).toBeUndefined();
    // a month 13 or a word falls back to the default
    expect(decodeState(new URLSearchParams('time=fiscalYear&fy=13')).fiscalStart).toBe(10);
    expect(decodeState(new URLSearchParams('time=fiscalYear&fy=x')).fiscalStart).toBe(10);
  });

  it('names a fiscal year by its months, in the reader’s language', () => {
    expect(formatPeriod('en', '2022-10/2023-09')).toBe('Oct 2022–Sep 2023');
    expect(formatPeriod('es', '2022-10/2023-09')).toMatch(/^oct 2022–sept? 2023$/);
    expect(formatMonthName('es', 10)).toBe('octubre');
    expect(formatMonthName('en', 10)).toBe('October');
  });
});

describe('partial periods', () => {
  it('labels a period with the months its figures cover', () => {
    expect(formatPeriodCovered('es', '2025', '2025-01/2025-04')).toBe('2025 (ene–abr)');
    expect(formatPeriodCovered('en', '2025', '2025-01/2025-04')).toBe('2025 (Jan–Apr)');
    expect(formatPeriodCovered('en', '2024-Q2', '2024-04/2024-04')).toBe('Q2 2024 (Apr)');
    // across years the months carry their year
    expect(formatPeriodCovered('en', '2022-10/2023-09', '2022-10/2023-03')).toBe('Oct 2022–Sep 2023 (Oct 2022–Mar 2023)');
    expect(formatPeriodCovered('en', '2024', null)).toBe('2024');
    expect(formatCoverage('en', '2024', undefined)).toBe('');
  });

  it('marks a period partial when its figures say so: one range when they agree, mixed when they differ', () => {
    const answer = [
      obs({ REF_AREA: 'MEX', TIME_PERIOD: '2022', TIME_COVERAGE: '2022-10/2022-12' }),
      obs({ REF_AREA: 'PAN', TIME_PERIOD: '2022', TIME_COVERAGE: '2022-10/2022-12' }),
      obs({ REF_AREA: 'MEX', TIME_PERIOD: '2023' }),
      obs({ REF_AREA: 'PAN', TIME_PERIOD: '2023', TIME_COVERAGE: '2023-01/2023-06' }),
      obs({ REF_AREA: 'MEX', TIME_PERIOD: '2024' }),
    ];
    const { periods, series } = toSeries(answer, 'REF_AREA', (c) => c);
    expect(periods).toEqual(['2022', '2023', '2024']);
    expect(periodCoverage(answer, periods)).toEqual(['2022-10/2022-12', 'mixed', null]);
    expect(series.find((s) => s.key === 'PAN')!.coverage).toEqual(['2022-10/2022-12', '2023-01/2023-06', null]);
  });
});

describe('the regional headline', () => {
  const month = (p: string, ...countries: string[]) => countries.map((c) => obs({ REF_AREA: c, TIME_PERIOD: p }));
  const eleven = ['ARG', 'BRA', 'CHL', 'COL', 'CRI', 'ECU', 'GTM', 'MEX', 'PAN', 'PER', 'URY'];

  it('shows the latest month most reporting countries have, and who has it', () => {
    const answer = [...month('2025-02', ...eleven), ...month('2025-03', ...eleven.slice(0, 9)), ...month('2025-04', 'ARG', 'BRA')];
    expect(headlineMonth(answer)).toEqual({ period: '2025-03', covered: eleven.slice(0, 9), reporting: eleven });
  });

  it('steps back past months too few countries have', () => {
    const answer = [...month('2025-01', ...eleven), ...month('2025-02', ...eleven.slice(0, 8)), ...month('2025-03', 'ARG')];
    expect(headlineMonth(answer)?.period).toBe('2025-01');
    // a country silent for over a year does not hold the headline back
    const old = [...month('2023-01', 'VEN'), ...month('2025-03', 'ARG', 'BRA')];
    expect(headlineMonth(old)).toEqual({ period: '2025-03', covered: ['ARG', 'BRA'], reporting: ['ARG', 'BRA'] });
    expect(headlineMonth([])).toBeNull();
  });
});
