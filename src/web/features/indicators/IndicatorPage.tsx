import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { ApiError } from '../../api/client.ts';
import { ChartFigure, DataTable } from '../explore/charts/ChartFigure.tsx';
import { TimeChart } from '../explore/charts/TimeChart.tsx';
import { useChartText } from '../explore/ExplorerView.tsx';
import { formatNumber } from '../explore/format.ts';
import { indicatorName } from '../objectives/api.ts';
import { NotFoundPage } from '../site/NotFoundPage.tsx';
import { downloadUrl, useIndicator, useIndicatorProgress, useIndicatorValues, type IndicatorDetail, type ValuePoint } from './catalogue-api.ts';

const SECRETARIAT = ['admin', 'secretariat'];
const REGION = 'REG';

/**
 * A direction is the platform's proposal (seed/indicators/directions.json) until the
 * secretariat confirms it (its own field, migration 0081: any other edit leaves the mark).
 */
const directionProposed = (d: IndicatorDetail) => d.direction !== 'none' && !d.directionConfirmed;

function useCell() {
  const { t } = useTranslation();
  const lang = useLang();
  return (p: ValuePoint | undefined) => (!p ? '—' : p.answer ? t(`objectives.answer.${p.answer}`) : p.value === null ? t('objectives.noValue') : formatNumber(lang, p.value));
}

function Values({ d }: { d: IndicatorDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const text = useChartText();
  const cell = useCell();
  const values = useIndicatorValues(d.code);
  const name = indicatorName(d, lang).text;
  if (!values.data) return <QueryState isLoading={values.isLoading} error={values.error} />;
  const items = values.data.items;
  if (!items.length) return <p className="obs-empty" data-testid="indicator-no-values">{t('objectives.indicator.noValues')}</p>;
  const years = [...new Set(items.map((p) => p.period))].sort();
  const countries = [...new Set(items.map((p) => p.country))];
  // the region first, then the countries by name in the reader's language
  const order = [...countries.filter((c) => c === REGION), ...countries.filter((c) => c !== REGION).sort((a, b) => countryName(a).localeCompare(countryName(b), lang))];
  const at = new Map(items.map((p) => [`${p.country} ${p.period}`, p]));
  const label = (c: string) => (c === REGION ? t('objectives.indicator.region') : countryName(c));
  const quantitative = d.type !== 'policy_presence';
  // the chart: the region's series when there is one, else the countries with most years (at most six lines)
  const lines = (order.includes(REGION) ? [REGION] : order.filter((c) => items.filter((p) => p.country === c && p.value !== null).length > 1).slice(0, 6)).filter(() => quantitative);
  return (
    <>
      {lines.length && years.length > 1 ? (
        <ChartFigure
          title={t('indicatorsPublic.chartTitle', { name })}
          summary={t('indicatorsPublic.chartSummary', { count: lines.length, from: years[0], to: years[years.length - 1] })}
          legend={lines.length > 1 ? lines.map((c) => ({ key: c, label: label(c) })) : undefined}
          hasSuppressed={false}
          releases={[]}
          source={t('objectives.indicator.source', { code: d.code })}
          table={{ head: [t('objectives.indicator.period'), ...lines.map(label)], rows: years.map((y) => ({ key: y, cells: [y, ...lines.map((c) => cell(at.get(`${c} ${y}`)))] })) }}
          fileName={`gcm-${d.code.toLowerCase()}`}
        >
          {(ids) => <TimeChart kind="line" xLabels={years} series={lines.map((c) => ({ key: c, label: label(c), values: years.map((y) => at.get(`${c} ${y}`)?.value ?? null), suppressed: years.map(() => false) }))} text={{ ...text, yTitle: d.unit }} {...ids} />}
        </ChartFigure>
      ) : null}
      <DataTable
        caption={t('indicatorsPublic.tableCaption', { name, unit: d.unit })}
        testId="indicator-values-table"
        table={{ head: [t('objectives.country'), ...years], numeric: quantitative, rows: order.map((c) => ({ key: c, cells: [label(c), ...years.map((y) => cell(at.get(`${c} ${y}`)))] })) }}
      />
      {items.some((p) => p.status === 'provisional') ? <p className="hint">{t('indicatorsPublic.provisionalNote')}</p> : null}
    </>
  );
}

function Progress({ d }: { d: IndicatorDetail }) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const progress = useIndicatorProgress(d.code);
  if (!progress.data) return <QueryState isLoading={progress.isLoading} error={progress.error} />;
  if (!progress.data.length) return <p className="obs-empty">{t('indicatorsPublic.noProgress')}</p>;
  return (
    <DataTable
      caption={t('indicatorsPublic.progressCaption')}
      testId="indicator-progress-table"
      table={{
        head: [t('objectives.country'), t('objectives.indicator.status'), t('indicatorsPublic.explanation')],
        numeric: false,
        rows: progress.data.map((p) => ({ key: p.country, cells: [p.country === REGION ? t('objectives.indicator.region') : countryName(p.country), t(`objectives.status.${p.status}`), p.explanation] })),
      }}
    />
  );
}

const isUrl = (s: string) => /^https?:\/\//.test(s);

export function IndicatorPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const session = useSession();
  const q = useIndicator(code);
  const d = q.data;
  const name = d ? indicatorName(d, lang) : null;
  useTitle(name ? `${d!.code} — ${name.text}` : t('indicatorsPublic.listTitle'));
  if (q.error instanceof ApiError && q.error.status === 404) return <NotFoundPage />;
  if (!d || !name) return <QueryState isLoading={q.isLoading} error={q.error} />;
  const canEdit = session.data?.user && SECRETARIAT.includes(session.data.user.role);
  const definition = (lang === 'es' ? d.definition.es : null) ?? d.definition.en;
  const facts: [string, ReactNode][] = [
    [t('indicatorsPublic.fields.code'), d.code],
    [t('indicatorsPublic.fields.kind'), t(d.official ? 'objectives.indicator.official' : 'objectives.indicator.proposed')],
    [t('indicatorsPublic.fields.officialStatus'), d.officialStatus ?? t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.sdg'), d.sdg ? `${d.sdg}${d.sdgSeries.length ? ` (${d.sdgSeries.join(', ')})` : ''}` : t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.type'), t(`indicatorsPublic.type.${d.type}`)],
    [t('indicatorsPublic.fields.unit'), d.unit || t('indicatorsPublic.notStated')],
    [
      t('indicatorsPublic.fields.direction'),
      <>
        {t(`objectives.direction.${d.direction}`)}
        {directionProposed(d) ? (
          <>
            {' '}
            <span className="badge" data-testid="direction-proposal">{t('indicatorsPublic.directionProposal')}</span>
          </>
        ) : null}
        {d.directionBasis ? <span className="muted"> — {d.directionBasis}</span> : null}
      </>,
    ],
    [t('indicatorsPublic.fields.custodian'), d.custodian ?? t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.typicalSource'), d.typicalSource ?? t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.arrival'), d.arrival.length ? d.arrival.map((a) => t(`indicatorsPublic.origin.${a}`)).join(', ') : t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.disaggregations'), d.disaggregations.join(', ') || t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.inA79590'), d.inA79590 ?? t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.confidence'), d.confidence ?? t('indicatorsPublic.notStated')],
    [t('indicatorsPublic.fields.mappingBasis'), d.mappingBasis ?? t('indicatorsPublic.notStated')],
  ];
  return (
    <div className="ind-page" data-testid="indicator-page" data-code={d.code}>
      <nav aria-label={t('indicatorsPublic.navLabel')} className="obj-nav">
        <Link to="/indicators">{t('indicatorsPublic.all')}</Link>
        {d.objectives.map((n) => (
          <Link key={n} to={`/objectives/${n}`}>
            {t('indicatorsPublic.objectiveN', { number: n })}
          </Link>
        ))}
      </nav>
      <p className="obj-kicker">{d.code}</p>
      <h1>
        {name.text} {name.draft ? <span className="badge">{t('objectives.indicator.draftName')}</span> : null}
      </h1>
      {lang === 'es' && !d.name.es ? <p className="hint">{t('indicatorsPublic.noSpanishName')}</p> : null}
      {d.retired ? <p className="notice" role="note">{t('indicatorsPublic.retired')}</p> : null}
      {canEdit ? (
        <p>
          <Link to={`/indicators/${encodeURIComponent(d.code)}/edit`} data-testid="indicator-edit-link">{t('indicatorsPublic.edit.link')}</Link>
        </p>
      ) : null}

      <section aria-labelledby="ind-definition">
        <h2 id="ind-definition">{t('indicatorsPublic.definition')}</h2>
        <p lang={lang === 'es' && !d.definition.es ? 'en' : undefined}>{definition}</p>
        {lang === 'es' && !d.definition.es ? <p className="hint">{t('indicatorsPublic.noSpanishDefinition')}</p> : null}
        <dl className="ind-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {d.migFlows.how || d.migFlows.gaps ? (
          <>
            <h3>{t('indicatorsPublic.migFlows', { computable: t(`indicatorsPublic.computable.${d.migFlows.computable}`) })}</h3>
            {d.migFlows.how ? <p lang="en">{d.migFlows.how}</p> : null}
            {d.migFlows.gaps ? <p lang="en" className="muted">{d.migFlows.gaps}</p> : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="ind-values" data-testid="indicator-values">
        <h2 id="ind-values">{t('indicatorsPublic.values')}</h2>
        <Values d={d} />
        <p className="ind-downloads">
          {t('indicatorsPublic.download')}{' '}
          <a href={downloadUrl(d.code, 'csv', lang)} download data-testid="indicator-download-csv">CSV</a>{' · '}
          <a href={downloadUrl(d.code, 'xlsx', lang)} download data-testid="indicator-download-xlsx">XLSX</a>
        </p>
      </section>

      <section aria-labelledby="ind-progress">
        <h2 id="ind-progress">{t('indicatorsPublic.progress')}</h2>
        <p className="hint">
          {t('indicatorsPublic.progressMethod')} <Link to="/methodology">{t('indicatorsPublic.methodLink')}</Link>
        </p>
        <Progress d={d} />
      </section>

      <section aria-labelledby="ind-sources">
        <h2 id="ind-sources">{t('indicatorsPublic.sources')}</h2>
        {d.sources.length ? (
          <ul className="ind-sources">
            {d.sources.map((s) => (
              <li key={s}>{isUrl(s) ? <a href={s} rel="noopener noreferrer">{s}</a> : <span lang="en">{s}</span>}</li>
            ))}
          </ul>
        ) : (
          <p className="obs-empty">{t('indicatorsPublic.noSources')}</p>
        )}
        {d.notes ? <p lang="en" className="muted">{d.notes}</p> : null}
        <h3>{t('indicatorsPublic.citation')}</h3>
        <p data-testid="indicator-citation">{t('indicatorsPublic.citationText', { code: d.code, name: name.text, version: d.version })}</p>
      </section>
    </div>
  );
}
