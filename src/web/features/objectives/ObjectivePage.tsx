import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useLang, useTitle } from '../../app/hooks.ts';
import { ChartFigure, DataTable } from '../explore/charts/ChartFigure.tsx';
import { RankingChart } from '../explore/charts/BarCharts.tsx';
import { TimeChart } from '../explore/charts/TimeChart.tsx';
import { useChartText } from '../explore/ExplorerView.tsx';
import { formatNumber } from '../explore/format.ts';
import { indicatorName, useObjective, type ByStatus, type Figure, type ObjectiveIndicator, type ObjectivePageData, type Point } from './api.ts';
import { NotFoundPage } from '../site/NotFoundPage.tsx';

// The map is drawn in the browser only (its shapes are a chunk of their own), beside the table that says the same.
const StatusMap = lazy(() => import('./StatusMap.tsx').then((m) => ({ default: m.StatusMap })));

const ACTION_ORDER = ['not_started', 'in_progress', 'blocked', 'done', 'cancelled'];

export function useValueText() {
  const { t } = useTranslation();
  const lang = useLang();
  return (p: Point | null, unit?: string) => {
    if (!p) return t('objectives.noValue');
    if (p.answer) return t(`objectives.answer.${p.answer}`);
    if (p.value === null) return t('objectives.noValue');
    return unit && unit !== 'persons' && unit !== 'count' ? `${formatNumber(lang, p.value)} ${unit}` : formatNumber(lang, p.value);
  };
}

function StatusCounts({ byStatus, prefix, order }: { byStatus: ByStatus; prefix: string; order: string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const keys = [...order.filter((k) => byStatus[k]), ...Object.keys(byStatus).filter((k) => !order.includes(k))];
  if (!keys.length) return null;
  return (
    <ul className="obj-status-counts plain">
      {keys.map((k) => (
        <li key={k} data-status={k}>
          <strong>{formatNumber(lang, byStatus[k] ?? 0)}</strong> {t(`${prefix}.${k}`)}
        </li>
      ))}
    </ul>
  );
}

function IndicatorBlock({ ind }: { ind: ObjectiveIndicator }) {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const text = useChartText();
  const value = useValueText();
  const name = indicatorName(ind, lang);
  const quantitative = ind.type !== 'policy_presence';
  const withValues = ind.countries.filter((c) => c.latest);
  const series = ind.series.filter((p) => p.value !== null);
  return (
    <article className="obj-indicator" data-testid="objective-indicator" data-code={ind.code}>
      <h3>
        <Link to={`/indicators/${encodeURIComponent(ind.code)}`}>{name.text}</Link> <span className="muted">({ind.code})</span>
      </h3>
      <p className="obj-indicator-facts">
        <span className={`badge ${ind.official ? 'badge-open' : ''}`}>{t(ind.official ? 'objectives.indicator.official' : 'objectives.indicator.proposed')}</span>
        {name.draft ? <span className="badge">{t('objectives.indicator.draftName')}</span> : null}
        {ind.sdg ? <span> {t('objectives.indicator.sdg', { sdg: ind.sdg })}</span> : null}
        {ind.custodian ? <span> · {t('objectives.indicator.custodian', { custodian: ind.custodian })}</span> : null}
        <span> · {t(`objectives.direction.${ind.direction}`, { defaultValue: ind.direction })}</span>
      </p>
      {ind.region ? (
        <p data-testid="indicator-region">
          {t('objectives.indicator.region')}: <strong>{value(ind.region.latest, ind.unit)}</strong>
          {ind.region.latest ? ` (${ind.region.latest.period})` : ''} — <span className="obj-status" data-status={ind.region.status}>{t(`objectives.status.${ind.region.status}`)}</span>
        </p>
      ) : null}
      {series.length > 1 ? (
        <ChartFigure
          title={t('objectives.indicator.seriesTitle', { name: name.text })}
          summary={t('objectives.indicator.seriesSummary', { count: series.length, from: series[0]!.period, to: series[series.length - 1]!.period })}
          hasSuppressed={false}
          releases={[]}
          source={t('objectives.indicator.source', { code: ind.code })}
          table={{ head: [t('objectives.indicator.period'), t('objectives.indicator.value')], rows: series.map((p) => ({ key: p.period, cells: [p.period, formatNumber(lang, p.value!)] })) }}
          fileName={`gcm-${ind.code.toLowerCase()}`}
        >
          {(ids) => <TimeChart kind="line" xLabels={series.map((p) => p.period)} series={[{ key: ind.code, label: name.text, values: series.map((p) => p.value), suppressed: series.map(() => false) }]} text={{ ...text, yTitle: ind.unit }} {...ids} />}
        </ChartFigure>
      ) : quantitative && withValues.length > 1 ? (
        <ChartFigure
          title={t('objectives.indicator.countriesTitle', { name: name.text })}
          summary={t('objectives.indicator.countriesSummary', { count: withValues.length })}
          hasSuppressed={false}
          releases={[]}
          source={t('objectives.indicator.source', { code: ind.code })}
          table={{ head: [t('objectives.country'), t('objectives.indicator.value')], rows: withValues.map((c) => ({ key: c.country, cells: [countryName(c.country), value(c.latest, ind.unit)] })) }}
          fileName={`gcm-${ind.code.toLowerCase()}-paises`}
        >
          {(ids) => (
            <RankingChart
              items={withValues
                .map((c) => ({ key: c.country, label: countryName(c.country), value: c.latest?.value ?? null, suppressed: false }))
                .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))}
              text={{ ...text, yTitle: ind.unit }}
              {...ids}
            />
          )}
        </ChartFigure>
      ) : null}
      {withValues.length ? (
        <DataTable
          caption={t('objectives.indicator.tableCaption', { name: name.text })}
          testId={`indicator-table-${ind.code}`}
          table={{
            head: [t('objectives.country'), t('objectives.indicator.period'), t('objectives.indicator.value'), t('objectives.indicator.status')],
            numeric: false,
            rows: withValues.map((c) => ({ key: c.country, cells: [countryName(c.country), c.latest?.period ?? '—', value(c.latest, ind.unit), t(`objectives.status.${c.status}`)] })),
          }}
        />
      ) : (
        <p className="obs-empty" data-testid="indicator-no-values">{t('objectives.indicator.noValues')}</p>
      )}
    </article>
  );
}

function Indicators({ data }: { data: ObjectivePageData }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [pick, setPick] = useState(0);
  const items = data.indicators.items;
  const mappable = items.filter((i) => i.countries.some((c) => c.latest));
  const chosen = mappable[Math.min(pick, mappable.length - 1)];
  return (
    <section aria-labelledby="obj-indicators" data-testid="objective-indicators">
      <h2 id="obj-indicators">{t('objectives.indicators.heading')}</h2>
      {!data.indicators.available ? (
        <p className="obs-empty">{t('objectives.indicators.unavailable')}</p>
      ) : !items.length ? (
        <p className="obs-empty">{t('objectives.indicators.none')}</p>
      ) : (
        <>
          <p>
            {t('objectives.indicators.intro', { count: items.length })} <Link to={`/indicators?objective=${data.number}`} data-testid="objective-catalogue-link">{t('indicatorsPublic.ofObjective', { number: data.number })}</Link>
          </p>
          {chosen ? (
            <div className="obj-map" data-testid="objective-map">
              {mappable.length > 1 ? (
                <p className="field">
                  <label htmlFor="obj-map-pick">{t('objectives.map.pick')}</label>
                  <select id="obj-map-pick" value={Math.min(pick, mappable.length - 1)} onChange={(e) => setPick(Number(e.target.value))}>
                    {mappable.map((i, k) => (
                      <option key={i.code} value={k}>
                        {indicatorName(i, lang).text}
                      </option>
                    ))}
                  </select>
                </p>
              ) : null}
              <Suspense fallback={<p>{t('common.loading')}</p>}>
                <StatusMap indicator={chosen} />
              </Suspense>
            </div>
          ) : null}
          {items.map((i) => (
            <IndicatorBlock key={i.code} ind={i} />
          ))}
        </>
      )}
    </section>
  );
}

function FigureBlock({ f }: { f: Figure }) {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const text = useChartText();
  if (f.kind === 'incidents') {
    const recent = f.series.slice(-12);
    return (
      <article className="obj-figure" data-testid="figure-incidents">
        <h3>{f.title} ({f.indicator})</h3>
        {recent.length ? (
          <ChartFigure
            title={t('objectives.figures.incidentsTitle')}
            summary={t('objectives.figures.incidentsSummary', { from: recent[0]!.year, to: recent[recent.length - 1]!.year })}
            hasSuppressed={false}
            releases={[]}
            source={f.source}
            table={{ head: [t('objectives.figures.year'), t('objectives.figures.deadMissing'), t('objectives.figures.incidents')], rows: recent.map((r) => ({ key: String(r.year), cells: [String(r.year), formatNumber(lang, r.value), formatNumber(lang, r.incidents)] })) }}
            fileName="gcm-objetivo-8-ods-10-7-3"
          >
            {(ids) => <TimeChart kind="bars" xLabels={recent.map((r) => String(r.year))} series={[{ key: 'sdg', label: f.title, values: recent.map((r) => r.value), suppressed: recent.map(() => false) }]} text={text} {...ids} />}
          </ChartFigure>
        ) : (
          <p className="obs-empty">{t('objectives.figures.noIncidents')}</p>
        )}
        <p>
          <Link to={f.link} data-testid="figure-incidents-link">{t('objectives.figures.incidentsLink')}</Link>
        </p>
      </article>
    );
  }
  return (
    <article className="obj-figure" data-testid={`figure-${f.flow}`}>
      <h3>{f.title}</h3>
      {f.countries.length ? (
        <>
          <DataTable
            caption={t('objectives.figures.flowCaption', { flow: f.title })}
            table={{
              head: [t('objectives.country'), t('objectives.figures.year'), t('objectives.figures.persons'), t('objectives.figures.months')],
              numeric: false,
              rows: f.countries.map((c) => ({ key: c.country, cells: [countryName(c.country), c.year, c.value === null ? t('explore.figure.suppressedShort') : formatNumber(lang, c.value), c.months >= 12 ? t('objectives.figures.fullYear') : t('objectives.figures.someMonths', { count: c.months })] })),
            }}
          />
          <p>
            <Link to={f.link}>{t('objectives.figures.explore', { flow: f.title })}</Link>
          </p>
        </>
      ) : (
        <p className="obs-empty" data-testid={`figure-${f.flow}-none`}>{t('objectives.figures.noFlowData', { flow: f.title })}</p>
      )}
    </article>
  );
}

export function ObjectivePage() {
  const { n = '' } = useParams();
  const num = /^\d{1,2}$/.test(n) ? Number(n) : NaN;
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const q = useObjective(num);
  useTitle(q.data ? t('objectives.pageTitle', { number: q.data.number, title: q.data.shortTitle }) : t('objectives.listTitle'));
  if (!(num >= 1 && num <= 23)) return <NotFoundPage />;
  if (!q.data) return <QueryState isLoading={q.isLoading} error={q.error} />;
  const d = q.data;
  const c = d.commitments;
  return (
    <div className="obj-page" data-testid="objective-page">
      <nav aria-label={t('objectives.navLabel')} className="obj-nav">
        <Link to="/objectives">{t('objectives.all')}</Link>
        {d.previous ? <Link to={`/objectives/${d.previous}`} rel="prev">{t('objectives.previous', { number: d.previous })}</Link> : null}
        {d.next ? <Link to={`/objectives/${d.next}`} rel="next">{t('objectives.next', { number: d.next })}</Link> : null}
      </nav>
      <p className="obj-kicker">{t('objectives.kicker', { number: d.number })}</p>
      <h1>{d.title}</h1>
      <p className="hint">{t('objectives.officialText')}</p>

      <Indicators data={d} />

      <section aria-labelledby="obj-practices" data-testid="objective-practices">
        <h2 id="obj-practices">{t('objectives.practices.heading')}</h2>
        {d.practices.total ? (
          <>
            <p>{t('objectives.practices.summary', { count: d.practices.total, countries: d.practices.countries.length })}</p>
            <h3>{t('objectives.practices.newest')}</h3>
            <ul>
              {d.practices.newest.map((p) => (
                <li key={p.id}>
                  <Link to={`/practices/${p.slug}`}>{p.title}</Link> {p.countries.length ? <span className="muted">({p.countries.map(countryName).join(', ')})</span> : null}
                </li>
              ))}
            </ul>
            <h3>{t('objectives.practices.byCountry')}</h3>
            <ul className="obj-chips plain">
              {d.practices.countries.map((x) => (
                <li key={x.country}>
                  <Link to={`/practices?objective=${d.number}&country=${x.country}`}>{x.name}</Link> <span className="muted">{formatNumber(lang, x.practices)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="obs-empty">{t('objectives.practices.none')}</p>
        )}
        <p>
          <Link to={d.practices.searchUrl} data-testid="objective-practices-link">{t('objectives.practices.link', { count: d.practices.total })}</Link>
        </p>
      </section>

      <section aria-labelledby="obj-commitments" data-testid="objective-commitments">
        <h2 id="obj-commitments">{t('objectives.commitments.heading')}</h2>
        <h3>{t('objectives.commitments.outcomes')}</h3>
        {c.outcomes.total ? (
          <>
            <p>{t('objectives.commitments.outcomesSummary', { count: c.outcomes.total })}</p>
            <ul>
              {c.outcomes.items.map((o) => (
                <li key={o.id} lang={o.textLanguage ?? undefined}>
                  <Link to={`/outcomes/${o.key ?? o.id}`}>{o.text.length > 160 ? `${o.text.slice(0, 157)}…` : o.text}</Link> <span className="muted">— {o.meeting.title}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="obs-empty">{t('objectives.commitments.noOutcomes')}</p>
        )}
        <h3>{t('objectives.commitments.roadmaps')}</h3>
        {c.roadmaps.length ? (
          <>
            <p>{t('objectives.commitments.actionsSummary', { count: c.actions.total, roadmaps: c.roadmaps.length })}</p>
            <StatusCounts byStatus={c.actions.byStatus} prefix="objectives.actionStatus" order={ACTION_ORDER} />
            <ul>
              {c.roadmaps.map((r) => (
                <li key={r.id}>
                  <Link to={`/roadmaps/${r.id}`}>{r.title}</Link> <span className="muted">({t('objectives.commitments.actionsCount', { count: r.actions.total })})</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="obs-empty">{t('objectives.commitments.noRoadmaps')}</p>
        )}
        <h3>{t('objectives.commitments.pledges')}</h3>
        {c.pledges.total ? (
          <>
            <StatusCounts byStatus={c.pledges.byStatus} prefix="objectives.actionStatus" order={ACTION_ORDER} />
            <ul>
              {c.pledges.items.map((p) => (
                <li key={p.id}>
                  <Link to={`/pledges/${p.id}`}>{p.title}</Link> {p.countries.length ? <span className="muted">({p.countries.map(countryName).join(', ')})</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="obs-empty">{t('objectives.commitments.noPledges')}</p>
        )}
      </section>

      <section aria-labelledby="obj-figures" data-testid="objective-figures">
        <h2 id="obj-figures">{t('objectives.figures.heading')}</h2>
        {d.figures.length ? d.figures.map((f) => <FigureBlock key={f.kind === 'flow' ? f.flow : f.kind} f={f} />) : <p className="obs-empty">{t('objectives.figures.none')}</p>}
      </section>

      <section aria-labelledby="obj-countries" data-testid="objective-countries">
        <h2 id="obj-countries">{t('objectives.countries.heading')}</h2>
        <h3>{t('objectives.countries.active', { count: d.countries.active.length })}</h3>
        {d.countries.active.length ? (
          <ul className="obj-chips plain" data-testid="objective-active">
            {d.countries.active.map((a) => (
              <li key={a.country}>
                <Link to={`/observatory/countries/${a.country}`}>{a.name}</Link>{' '}
                <span className="muted">
                  {[
                    a.practices ? t('objectives.countries.practices', { count: a.practices }) : null,
                    a.roadmaps ? t('objectives.countries.roadmaps', { count: a.roadmaps }) : null,
                    a.pledges ? t('objectives.countries.pledges', { count: a.pledges }) : null,
                    a.figures ? t('objectives.countries.figures', { count: a.figures }) : null,
                    a.indicators ? t('objectives.countries.indicators', { count: a.indicators }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="obs-empty">{t('objectives.countries.noneActive')}</p>
        )}
        <h3>{t('objectives.countries.gap', { count: d.countries.gap.length })}</h3>
        {d.countries.gap.length ? (
          <>
            <p className="hint">{t('objectives.countries.gapHint')}</p>
            <ul className="obj-chips plain" data-testid="objective-gap">
              {d.countries.gap.map((g) => (
                <li key={g.country}>{g.name}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('objectives.countries.noGap')}</p>
        )}
      </section>
      <p className="obs-source">{d.source}</p>
    </div>
  );
}
