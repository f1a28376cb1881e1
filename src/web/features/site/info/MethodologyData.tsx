import { useTranslation } from 'react-i18next';
import { useCountryName, useLang } from '../../../app/hooks.ts';
import { QueryState } from '../../../components/Loading.tsx';
import { DATAFLOW, useStructure } from '../../explore/api.ts';
import { useFlowSources, type Bilingual } from './api.ts';

/**
 * The part of the methodology nobody writes by hand: the flows and their names from the data
 * structure, the suppression threshold the platform applies, and each country's declared
 * source and definition per flow — as the platform holds them now.
 */
export function MethodologyData() {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const structure = useStructure(DATAFLOW);
  const sources = useFlowSources(DATAFLOW);
  const text = (b: Bilingual | null) => (b ? b[lang] || b.es || b.en : '');
  const flows = structure.data?.dimensions.find((d) => d.id === 'FLOW')?.codes ?? [];
  const declared = (sources.data ?? []).filter((s) => s.producer || s.definition || s.licence).sort((a, b) => countryName(a.country).localeCompare(countryName(b.country), lang) || a.flow.localeCompare(b.flow));
  const flowName = (code: string) => flows.find((f) => f.id === code)?.name ?? code;
  return (
    <section aria-labelledby="methodology-live">
      <h2 id="methodology-live">{t('sitePages.methodology.liveTitle')}</h2>
      {structure.data ? (
        <>
          <p>{t('sitePages.methodology.threshold', { dataflow: structure.data.name, k: structure.data.suppressionThreshold })}</p>
          <h3 id="methodology-flows">{t('sitePages.methodology.flowsTitle')}</h3>
          <div className="table-wrap">
            <table aria-labelledby="methodology-flows">
              <thead>
                <tr>
                  <th scope="col">{t('sitePages.methodology.code')}</th>
                  <th scope="col">{t('sitePages.methodology.flow')}</th>
                </tr>
              </thead>
              <tbody>
                {flows.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <code>{f.id}</code>
                    </td>
                    <td>{f.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <QueryState isLoading={structure.isLoading} error={structure.error} />
      )}
      <h3 id="methodology-sources">{t('sitePages.methodology.sourcesTitle')}</h3>
      {sources.data ? (
        declared.length === 0 ? (
          <p>{t('sitePages.methodology.noSources')}</p>
        ) : (
          <div className="table-wrap">
            <table aria-labelledby="methodology-sources">
              <thead>
                <tr>
                  <th scope="col">{t('sitePages.methodology.country')}</th>
                  <th scope="col">{t('sitePages.methodology.flow')}</th>
                  <th scope="col">{t('sitePages.methodology.producer')}</th>
                  <th scope="col">{t('sitePages.methodology.definition')}</th>
                  <th scope="col">{t('sitePages.methodology.licence')}</th>
                </tr>
              </thead>
              <tbody>
                {declared.map((s) => (
                  <tr key={`${s.country}-${s.flow}`}>
                    <td>{countryName(s.country)}</td>
                    <td>{flowName(s.flow)}</td>
                    <td>
                      {text(s.producer)}
                      {s.compiler ? <> ({t('sitePages.methodology.compiledBy', { name: text(s.compiler) })})</> : null}
                    </td>
                    <td>{text(s.definition) || t('sitePages.methodology.notDeclared')}</td>
                    <td>{s.licence ?? t('sitePages.methodology.notDeclared')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : (
        <QueryState isLoading={sources.isLoading} error={sources.error} />
      )}
    </section>
  );
}
