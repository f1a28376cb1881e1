/**
 * The part of the indicators module's reader (its index.ts, docs: the indicators contract)
 * that objective and country pages use. Written as a port so this module depends on the
 * shape, and the composition root hands it the indicators module's `IndicatorsReader`.
 */
export type ProgressStatus =
  | 'significant_progress'
  | 'moderate_progress'
  | 'moderate_away'
  | 'significant_away'
  | 'insufficient_data'
  | 'no_direction'
  | 'policy_yes'
  | 'policy_partial'
  | 'policy_no';

export interface PortSummary {
  code: string;
  name: { es: string | null; en: string };
  nameEsDraft: boolean;
  objectives: number[];
  sdg: string | null;
  type: string;
  unit: string;
  direction: string;
  official: boolean;
  custodian: string | null;
  computable: boolean;
}
export interface PortPoint {
  country: string;
  period: string;
  value: number | null;
  answer: 'yes' | 'partial' | 'no' | null;
  origin: string;
  status: string;
  revisionId: number;
}
export interface PortProgress {
  code: string;
  country: string;
  baseline: PortPoint | null;
  latest: PortPoint | null;
  status: ProgressStatus;
  cagr: number | null;
  points: number;
}
export interface IndicatorsPort {
  catalogue(o?: { objective?: number }): Promise<PortSummary[]>;
  series(code: string, o?: { country?: string }): Promise<PortPoint[]>;
  progress(o?: { codes?: string[]; objectives?: number[]; countries?: string[] }): Promise<PortProgress[]>;
}

const REGION = 'REG';
const point = (p: PortPoint | null) => (p ? { period: p.period, value: p.value, answer: p.answer, origin: p.origin, revisionId: p.revisionId } : null);
const summary = (s: PortSummary) => ({
  code: s.code,
  name: s.name,
  nameEsDraft: s.nameEsDraft,
  sdg: s.sdg,
  type: s.type,
  unit: s.unit,
  direction: s.direction,
  official: s.official,
  custodian: s.custodian,
  objectives: s.objectives,
});

export interface ObjectiveIndicators {
  items: (ReturnType<typeof summary> & {
    region: { status: ProgressStatus; latest: ReturnType<typeof point>; baseline: ReturnType<typeof point> } | null;
    countries: { country: string; status: ProgressStatus; latest: ReturnType<typeof point>; baseline: ReturnType<typeof point>; points: number }[];
    series: { period: string; value: number | null }[];
  })[];
  /** Countries with at least one value of the objective's indicators. */
  countries: string[];
}

/** The objective's indicators, each with the region's and every country's latest value and status, and the region's series. */
export async function indicatorsOf(port: IndicatorsPort, objective: number): Promise<ObjectiveIndicators> {
  const catalogue = await port.catalogue({ objective });
  const progress = catalogue.length ? await port.progress({ codes: catalogue.map((c) => c.code) }) : [];
  const items = await Promise.all(
    catalogue.map(async (s) => {
      const mine = progress.filter((p) => p.code === s.code);
      const reg = mine.find((p) => p.country === REGION);
      const series = reg ? (await port.series(s.code, { country: REGION })).map((p) => ({ period: p.period, value: p.value })) : [];
      return {
        ...summary(s),
        region: reg ? { status: reg.status, latest: point(reg.latest), baseline: point(reg.baseline) } : null,
        countries: mine
          .filter((p) => p.country !== REGION && p.latest)
          .map((p) => ({ country: p.country, status: p.status, latest: point(p.latest), baseline: point(p.baseline), points: p.points }))
          .sort((a, b) => a.country.localeCompare(b.country)),
        series,
      };
    }),
  );
  return { items, countries: [...new Set(items.flatMap((i) => i.countries.map((c) => c.country)))].sort() };
}

/** Every indicator's latest value and status for one country (null latest: no value yet). */
export async function indicatorsOfCountry(port: IndicatorsPort, country: string) {
  const [catalogue, progress] = await Promise.all([port.catalogue(), port.progress({ countries: [country] })]);
  const by = new Map(progress.filter((p) => p.country === country).map((p) => [p.code, p]));
  return {
    items: catalogue.map((s) => {
      const p = by.get(s.code);
      return { ...summary(s), status: p?.status ?? ('insufficient_data'), latest: point(p?.latest ?? null), baseline: point(p?.baseline ?? null), points: p?.points ?? 0 };
    }),
  };
}
