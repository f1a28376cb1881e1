// The texts and labels every view of the explorer shares (charts, the map, the country and
// corridor pages): kept apart from ExplorerView.tsx so that the map, which ExplorerView loads
// lazily, does not import it back (issue 16, item 5: no import cycle).
import { useTranslation } from 'react-i18next';
import { useCountryName, useLang } from '../../app/hooks.ts';
import { useCodeNames } from './api.ts';
import type { ChartText } from './charts/common.tsx';
import type { ExplorerState } from './state.ts';
import { formatCompact, formatCoverage, formatNumber, formatPeriod, formatPeriodCovered } from './format.ts';

export type ExplorerText = ChartText & {
  period: (p: string) => string;
  /** a period's label marking it partial: "2025 (ene–abr)", or "2025 (parcial)" when its figures cover different months */
  periodCovered: (p: string, coverage: string | null) => string;
  /** a cell's months when they are not its column's: "ene–mar" */
  coverage: (p: string, coverage: string | null | undefined) => string;
};

export function useChartText(): ExplorerText {
  const { t } = useTranslation();
  const lang = useLang();
  return {
    xTitle: t('explore.axis.period'),
    yTitle: t('explore.axis.persons'),
    number: (n) => formatNumber(lang, n),
    compact: (n) => formatCompact(lang, n),
    suppressed: t('explore.figure.suppressedShort'),
    period: (p) => formatPeriod(lang, p),
    periodCovered: (p, c) => (c === 'mixed' ? `${formatPeriod(lang, p)} (${t('explore.partial')})` : formatPeriodCovered(lang, p, c)),
    coverage: (p, c) => formatCoverage(lang, p, c),
  };
}

/** "Regular entries · Costa Rica · Jan 2024 – Dec 2024 · by citizenship" */
export function useViewTitle(s: ExplorerState): string {
  const { t } = useTranslation();
  const lang = useLang();
  const { name, dimName } = useCodeNames(s.dataflow);
  const countryName = useCountryName();
  const parts = [name('FLOW', s.flow)];
  parts.push(s.countries.length ? s.countries.map(countryName).join(', ') : t('explore.allCountries'));
  if (s.start || s.end) parts.push(`${s.start ? formatPeriod(lang, s.start) : '…'} – ${s.end ? formatPeriod(lang, s.end) : '…'}`);
  if (s.breakdown) parts.push(t('explore.byDimension', { dimension: dimName(s.breakdown).toLowerCase() }));
  return parts.join(' · ');
}

/** The label of a code of the series dimension: countries by their reference names, other codes from the code list. */
export function useLabeler(dataflow: string) {
  const { name } = useCodeNames(dataflow);
  const countryName = useCountryName();
  return (dim: string) => (code: string) => (dim === 'REF_AREA' ? countryName(code) : name(dim, code));
}
