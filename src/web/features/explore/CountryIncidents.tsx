import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/hooks.ts';
import { DataTable } from './charts/ChartFigure.tsx';
import { formatNumber } from './format.ts';
import type { IncidentSummary } from './api.ts';

/**
 * The country profile's SDG 10.7.3 section: people dead or missing during migration per year
 * in incidents in the country (IOM's Missing Migrants Project and the records verified in the
 * Observatory), the figures as the incidents API sums them, its source line, and a link to
 * the missing-migrants page for the country. `americas`: the page's default region holds the
 * country (else the link asks for the whole world).
 */
export function CountryIncidents({ code, countryName, americas, summary }: { code: string; countryName: string; americas: boolean; summary: IncidentSummary | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = summary?.rows ?? [];
  const href = `/observatory/missing-migrants?${americas ? '' : 'region=world&'}country=${code}`;
  return (
    <section aria-labelledby="cp-incidents" data-testid="country-incidents">
      <h2 id="cp-incidents">{t('explore.country.incidents.heading')}</h2>
      {!summary ? (
        <p>{t('common.loading')}</p>
      ) : rows.length ? (
        <DataTable
          caption={t('explore.country.incidents.caption', { country: countryName })}
          testId="country-incidents-table"
          table={{ head: [t('incidents.sdg.year'), t('incidents.deadAndMissing'), t('incidents.sdg.incidents')], rows: rows.map((r) => ({ key: String(r.year), cells: [String(r.year), formatNumber(lang, r.value), formatNumber(lang, r.incidents)] })) }}
        />
      ) : (
        <p className="obs-empty" data-testid="country-incidents-none">{t('explore.country.incidents.none', { country: countryName })}</p>
      )}
      {summary ? <p className="obs-source">{summary.source}</p> : null}
      <p>
        <Link to={href} data-testid="country-incidents-link">{t('explore.country.incidents.link', { country: countryName })}</Link>
      </p>
    </section>
  );
}
