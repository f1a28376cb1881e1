import type { PublicAnswer } from '../observatory/index.ts';

/**
 * The home page's figures, computed from the observatory's public answer (released figures
 * only, the same disclosure as the data API) grouped by flow, country and month.
 *
 * A country's year counts only when it is whole (twelve monthly figures, or an annual one)
 * and none of its cells is withheld: a half year or a withheld cell summed into a regional
 * total would make a figure nobody could reproduce from the explorer.
 */
export interface FlowYear {
  year: string;
  /** sum of the whole, fully published years of the countries counted */
  value: number;
  /** how many member countries that sum holds */
  countries: number;
}
export interface FlowFigure {
  flow: string;
  /** the year shown: see `pickYear` */
  year: string;
  value: number;
  countries: number;
  /** member countries that have published this flow in any year (the coverage's "of") */
  reporting: number;
  years: FlowYear[];
}

interface CountryYear {
  value: number;
  months: number;
  withheld: boolean;
}

/** Per flow, per country, per year: the sum, how many months it holds, any withheld cell. */
function collect(observations: PublicAnswer['observations'], members: ReadonlySet<string>) {
  const flows = new Map<string, Map<string, Map<string, CountryYear>>>();
  for (const o of observations) {
    const country = String(o.REF_AREA);
    if (!members.has(country)) continue;
    const flow = String(o.FLOW);
    const period = String(o.TIME_PERIOD);
    const year = period.slice(0, 4);
    const countries = flows.get(flow) ?? new Map<string, Map<string, CountryYear>>();
    const years = countries.get(country) ?? new Map<string, CountryYear>();
    const y = years.get(year) ?? { value: 0, months: 0, withheld: false };
    if (o.OBS_VALUE === null) y.withheld = true;
    else y.value += o.OBS_VALUE;
    // An annual period ('2024') is a whole year; a quarter ('2024-Q1') three months.
    y.months += period.length === 4 ? 12 : period.includes('Q') ? 3 : 1;
    years.set(year, y);
    countries.set(country, years);
    flows.set(flow, countries);
  }
  return flows;
}

/**
 * The year a flow's headline shows: the latest whose coverage is at least half the best any
 * year reached. The very latest year is often one or two countries ahead of the rest; a
 * regional figure from them alone would read as a collapse.
 */
export function pickYear(years: FlowYear[]): FlowYear | null {
  const best = Math.max(0, ...years.map((y) => y.countries));
  if (best === 0) return null;
  return [...years].reverse().find((y) => y.countries * 2 >= best) ?? null;
}

export function flowFigures(observations: PublicAnswer['observations'], members: readonly string[]): FlowFigure[] {
  const out: FlowFigure[] = [];
  for (const [flow, countries] of collect(observations, new Set(members))) {
    const years = new Map<string, FlowYear>();
    for (const perYear of countries.values()) {
      for (const [year, y] of perYear) {
        if (y.withheld || y.months < 12) continue;
        const cur = years.get(year) ?? { year, value: 0, countries: 0 };
        cur.value += y.value;
        cur.countries += 1;
        years.set(year, cur);
      }
    }
    const series = [...years.values()].sort((a, b) => a.year.localeCompare(b.year));
    const shown = pickYear(series);
    if (!shown) continue;
    out.push({ flow, year: shown.year, value: shown.value, countries: shown.countries, reporting: countries.size, years: series });
  }
  // The flows most countries publish first; then by code, so the order never depends on the machine.
  return out.sort((a, b) => b.reporting - a.reporting || a.flow.localeCompare(b.flow));
}
