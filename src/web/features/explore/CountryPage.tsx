import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCountries, useCountryName, useLang, useTitle } from '../../app/hooks.ts';
import { DATAFLOW, latestPeriod, useCodeNames, useCountryIncidents, useData, type Observation } from './api.ts';
import { CountryIncidents } from './CountryIncidents.tsx';
import { CountryGcm } from './CountryGcm.tsx';
import { useCountryGcm } from '../objectives/api.ts';
import { Pyramid, RankingChart, Sparkline } from './charts/BarCharts.tsx';
import { ChartFigure } from './charts/ChartFigure.tsx';
import { TimeChart } from './charts/TimeChart.tsx';
import { compareText, formatNumber, formatPeriod, lastTwelveMonths } from './format.ts';
import { anySuppressed, pickValue, rankItems, releasesFor, toItems, toSeries } from './model.ts';
import { useChartText } from './ExplorerView.tsx';
import { ObservatoryNav } from './ObservatoryNav.tsx';
import { MINIMUM, minimumStatus, pyramidAges, pyramidStatus, type MinimumDim } from './minimum.ts';

const TOP = 10;

function q(params: Record<string, string>): string {
  const p = new URLSearchParams();
  for (const k of Object.keys(params).sort()) p.set(k, params[k]!);
  return p.toString();
}

/** The regional minimum disaggregation (sex, age, nationality, disability, ethnicity): which flows report it. */
function Minimum({ code, flows, range, answers }: { code: string; flows: string[]; range: { start: string; end: string }; answers: Record<MinimumDim, Observation[] | undefined> }) {
  const { t } = useTranslation();
  const { name, dimName } = useCodeNames();
  const caption = t('explore.country.minimumCaption', { from: range.start, to: range.end });
  return (
    // The scrolling region is named after its table, not the section's heading: two landmarks
    // with one name cannot be told apart by a screen reader's landmark list.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table data-testid="minimum">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('explore.country.flow')}</th>
            {MINIMUM.map((d) => (
              <th scope="col" key={d}>
                {dimName(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flows.map((f) => (
            <tr key={f}>
              <th scope="row">{name('FLOW', f)}</th>
              {MINIMUM.map((d) => {
                const answer = answers[d];
                // Until the API has answered, nothing is claimed about the country.
                if (!answer) return <td key={d}>{t('common.loading')}</td>;
                const st = minimumStatus(answer.filter((o) => o.FLOW === f), d);
                return (
                  <td key={d} data-status={st} data-testid={`minimum-${f}-${d}`}>
                    {t(`explore.country.status.${st}`)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('explore.country.minimumNote', { country: code })}</p>
    </div>
  );
}

/**
 * A part of the page drawn as a step of its own: React can let the browser respond between
 * steps while it draws (or adopts a server-drawn) page, instead of one long task (ADR 0008).
 */
function Part({ render }: { render: () => ReactNode }) {
  return render();
}

export function CountryPage() {
  const { code = '' } = useParams();
  const c = code.toUpperCase();
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const { name, dimName } = useCodeNames();
  const text = useChartText();
  const [params, setParams] = useSearchParams();
  useTitle(t('explore.country.title', { country: countryName(c) }));
  const trend = useData(DATAFLOW, q({ REF_AREA: c, groupBy: 'FLOW,TIME_PERIOD', timeAggregation: 'month' }));
  // SDG 10.7.3 (issue 19): asked with the first question, so a server drawing needs no extra pass.
  const incidents = useCountryIncidents(c);
  // The country's GCM picture (issue 18), asked with the first question too.
  const gcm = useCountryGcm(c);
  const latest = trend.data ? latestPeriod(trend.data.observations) : null;
  const range = latest ? lastTwelveMonths(latest) : { start: '', end: '' };
  const win = { REF_AREA: c, startPeriod: range.start, endPeriod: range.end };
  const ready = !!latest;
  const byDim = {
    SEX: useData(DATAFLOW, q({ ...win, groupBy: 'FLOW,SEX' }), ready),
    AGE: useData(DATAFLOW, q({ ...win, groupBy: 'FLOW,AGE' }), ready),
    CITIZENSHIP: useData(DATAFLOW, q({ ...win, groupBy: 'FLOW,CITIZENSHIP' }), ready),
    DISABILITY: useData(DATAFLOW, q({ ...win, groupBy: 'FLOW,DISABILITY' }), ready),
    ETHNICITY: useData(DATAFLOW, q({ ...win, groupBy: 'FLOW,ETHNICITY' }), ready),
  };
  const flows = trend.data ? toSeries(trend.data.observations, 'FLOW', (x) => name('FLOW', x), Number.MAX_SAFE_INTEGER).series.map((s) => s.key) : [];
  const flow = params.get('flow') && flows.includes(params.get('flow')!) ? params.get('flow')! : (flows[0] ?? '');
  const pyramid = useData(DATAFLOW, q({ ...win, FLOW: flow, groupBy: 'SEX,AGE' }), ready && !!flow);
  const countries = useCountries();
  const known = countries.data?.some((x) => x.code === c);
  const sdg = (
    <>
      <Part render={() => <CountryIncidents code={c} countryName={countryName(c)} americas={!!countries.data?.find((x) => x.code === c)?.memberships.length} summary={incidents.data} />} />
      <Part render={() => <CountryGcm countryName={countryName(c)} gcm={gcm.data} />} />
    </>
  );

  if (countries.data && !known) return <><ObservatoryNav /><h1>{t('explore.country.unknown', { code: c })}</h1><p><Link to="/observatory/countries">{t('explore.nav.countries')}</Link></p></>;
  const head = (
    <>
      <ObservatoryNav />
      <h1>{t('explore.country.title', { country: countryName(c) })}</h1>
    </>
  );
  if (!trend.data) return <>{head}<QueryState isLoading={trend.isLoading} error={trend.error} /></>;
  if (!latest) return <>{head}<p className="obs-empty" data-testid="no-data">{t('explore.country.noData', { country: countryName(c) })}</p>{sdg}</>;
  const obs = trend.data.observations;
  const { periods, series } = toSeries(obs, 'FLOW', (x) => name('FLOW', x), Number.MAX_SAFE_INTEGER);
  const recent = periods.slice(-24);
  const recentSeries = series.map((s) => ({ ...s, values: s.values.slice(-24), suppressed: s.suppressed.slice(-24) }));
  const pyr = pyramid.data?.observations ?? [];
  const answers = Object.fromEntries(MINIMUM.map((d) => [d, byDim[d].data?.observations])) as Record<MinimumDim, Observation[] | undefined>;
  const periodText = `${formatPeriod(lang, range.start)} – ${formatPeriod(lang, range.end)}`;
  const reported = (d: 'DISABILITY' | 'ETHNICITY') => (byDim[d].data?.observations ?? []).filter((o) => o.FLOW === flow && o[d] !== '_U' && o[d] !== '_T');

  return (
    <>
      {head}
      <p className="lead">{t('explore.country.intro', { period: formatPeriod(lang, latest) })}</p>
      {/* A plain link: the server draws the PDF (src/server/modules/profiles), no script needed. */}
      <p className="obs-links no-print" data-testid="profile-pdf">
        <a href={`/api/v1/observatory/countries/${c}/profile.pdf?lang=${lang}`} download>
          {t('explore.country.pdf')}
        </a>
        <button type="button" className="link-button" onClick={() => window.print()}>
          {t('explore.country.print')}
        </button>
        <span className="hint">{t('explore.country.pdfHint')}</span>
      </p>
      <Part render={() => <section aria-labelledby="cp-latest">
        <h2 id="cp-latest">{t('explore.country.latest')}</h2>
        <ul className="obs-tiles plain" data-testid="country-tiles">
          {series.map((s) => {
            const o = pickValue(obs, { FLOW: s.key, TIME_PERIOD: latest });
            return (
              <li key={s.key} className="obs-tile" data-flow={s.key}>
                <h3>{s.label}</h3>
                <p className="obs-tile-value">{o ? (o.OBS_VALUE === null ? t('explore.figure.suppressedShort') : formatNumber(lang, o.OBS_VALUE)) : t('explore.home.notReported')}</p>
                <p className="obs-tile-period">{formatPeriod(lang, latest)}</p>
                <Sparkline values={s.values.slice(-24)} />
              </li>
            );
          })}
        </ul>
      </section>} />
      <Part render={() => <section aria-labelledby="cp-trend">
        <h2 id="cp-trend">{t('explore.country.trends')}</h2>
        <ChartFigure
          title={t('explore.country.trendTitle', { country: countryName(c) })}
          summary={t('explore.summary.time', { series: series.length, from: text.period(recent[0] ?? ''), to: text.period(recent[recent.length - 1] ?? '') })}
          legend={series.map((s) => ({ key: s.key, label: s.label }))}
          hasSuppressed={anySuppressed(obs)}
          releases={releasesFor(trend.data.releases, [], [c])}
          table={{ head: [t('explore.country.flow'), ...recent.map(text.period)], rows: recentSeries.map((s) => ({ key: s.key, cells: [s.label, ...s.values.map((v, i) => (v === null ? (s.suppressed[i] ? text.suppressed : '—') : text.number(v)))] })) }}
          fileName={`observatorio-${c.toLowerCase()}-tendencias`}
        >
          {(ids) => <TimeChart kind="line" xLabels={recent.map(text.period)} series={recentSeries} text={text} {...ids} />}
        </ChartFigure>
      </section>} />
      <section aria-labelledby="cp-breakdowns">
        <h2 id="cp-breakdowns">{t('explore.country.breakdowns', { period: periodText })}</h2>
        {flows.length > 1 ? (
          <p className="field">
            <label htmlFor="cp-flow">{t('explore.country.flowPick')}</label>
            <select id="cp-flow" value={flow} onChange={(e) => setParams({ flow: e.target.value })}>
              {flows.map((f) => (
                <option key={f} value={f}>
                  {name('FLOW', f)}
                </option>
              ))}
            </select>
          </p>
        ) : null}
        <Part render={() => {
        const nat = (byDim.CITIZENSHIP.data?.observations ?? []).filter((o) => o.FLOW === flow);
        const ranking = rankItems(nat, 'CITIZENSHIP', (x) => name('CITIZENSHIP', x));
        const natItems = ranking.items.filter((i) => i.key !== '_U');
        return <>
        <h3>{t('explore.country.topNationalities')}</h3>
        {natItems.length ? (
          <ChartFigure
            title={t('explore.country.topTitle', { flow: name('FLOW', flow), country: countryName(c), period: periodText })}
            summary={t('explore.summary.ranking', { count: natItems.length, label: natItems[0]!.label, value: natItems[0]!.value === null ? text.suppressed : text.number(natItems[0]!.value) })}
            hasSuppressed={false}
            confidentialCategories={ranking.confidential}
            releases={releasesFor(byDim.CITIZENSHIP.data?.releases ?? [], [], [c])}
            table={{ head: [dimName('CITIZENSHIP'), text.yTitle], rows: natItems.slice(0, TOP).map((i) => ({ key: i.key, cells: [i.label, i.value === null ? text.suppressed : text.number(i.value)] })) }}
            fileName={`observatorio-${c.toLowerCase()}-nacionalidades`}
          >
            {(ids) => <RankingChart items={natItems.slice(0, TOP)} text={text} {...ids} />}
          </ChartFigure>
        ) : (
          <p data-testid="no-nationality">{t('explore.country.notReported', { dimension: dimName('CITIZENSHIP') })}</p>
        )}
        </>;
        }} />
        <Part render={() => {
        const groups = pyramidAges(pyr).map((a) => ({ key: a, label: name('AGE', a), male: pickValue(pyr, { SEX: 'M', AGE: a })?.OBS_VALUE ?? null, female: pickValue(pyr, { SEX: 'F', AGE: a })?.OBS_VALUE ?? null }));
        // the same answers as the minimum table below, so the page says one thing about sex and age
        const forFlow = (d: 'SEX' | 'AGE') => minimumStatus((byDim[d].data?.observations ?? []).filter((o) => o.FLOW === flow), d);
        const answered = !!pyramid.data && !!byDim.SEX.data && !!byDim.AGE.data;
        const status = pyramidStatus(pyr, forFlow('SEX'), forFlow('AGE'));
        return <>
        <h3>{t('explore.country.pyramid')}</h3>
        {!answered ? (
          <p>{t('common.loading')}</p>
        ) : status === 'drawn' ? (
          <ChartFigure
            title={t('explore.country.pyramidTitle', { flow: name('FLOW', flow), country: countryName(c), period: periodText })}
            summary={t('explore.country.pyramidSummary', { groups: groups.length })}
            hasSuppressed={anySuppressed(pyr)}
            releases={releasesFor(pyramid.data?.releases ?? [], [], [c])}
            table={{ head: [dimName('AGE'), name('SEX', 'M'), name('SEX', 'F')], rows: groups.map((g) => ({ key: g.key, cells: [g.label, g.male === null ? '—' : text.number(g.male), g.female === null ? '—' : text.number(g.female)] })) }}
            fileName={`observatorio-${c.toLowerCase()}-piramide`}
          >
            {(ids) => <Pyramid groups={groups} maleLabel={name('SEX', 'M')} femaleLabel={name('SEX', 'F')} text={text} {...ids} />}
          </ChartFigure>
        ) : (
          <p data-testid="no-pyramid" data-status={status}>
            {status === 'separate'
              ? t('explore.country.pyramidSeparate', { a: dimName('SEX'), b: dimName('AGE') })
              : status === 'suppressed'
                ? t('explore.country.pyramidSuppressed', { a: dimName('SEX'), b: dimName('AGE') })
                : status === 'sexOnly' || status === 'ageOnly'
                  ? t('explore.country.notReported', { dimension: dimName(status === 'sexOnly' ? 'AGE' : 'SEX') })
                  : t('explore.country.notReportedBoth', { a: dimName('SEX'), b: dimName('AGE') })}
          </p>
        )}
        </>;
        }} />
        {(['DISABILITY', 'ETHNICITY'] as const).map((d) => <Part key={d} render={() => {
          const items = toItems(reported(d), d, (x) => name(d, x));
          return (
            <div>
              <h3>{dimName(d)}</h3>
              {items.length ? (
                <ChartFigure
                  title={t('explore.country.dimTitle', { dimension: dimName(d), country: countryName(c), period: periodText })}
                  summary={t('explore.summary.ranking', { count: items.length, label: items[0]!.label, value: items[0]!.value === null ? text.suppressed : text.number(items[0]!.value) })}
                  hasSuppressed={items.some((i) => i.suppressed)}
                  releases={releasesFor(byDim[d].data?.releases ?? [], [], [c])}
                  table={{ head: [dimName(d), text.yTitle], rows: items.map((i) => ({ key: i.key, cells: [i.label, i.value === null ? text.suppressed : text.number(i.value)] })) }}
                  fileName={`observatorio-${c.toLowerCase()}-${d.toLowerCase()}`}
                >
                  {(ids) => <RankingChart items={items} text={text} {...ids} />}
                </ChartFigure>
              ) : (
                <p data-testid={`no-${d.toLowerCase()}`}>{t('explore.country.notReported', { dimension: dimName(d) })}</p>
              )}
            </div>
          );
        }} />)}
      </section>
      <section aria-labelledby="cp-minimum">
        <h2 id="cp-minimum">{t('explore.country.minimum')}</h2>
        <Minimum code={countryName(c)} flows={flows} range={range} answers={answers} />
      </section>
      {sdg}
    </>
  );
}

export function CountriesPage() {
  const { t } = useTranslation();
  const countries = useCountries();
  const withData = useData(DATAFLOW, 'groupBy=REF_AREA');
  useTitle(t('explore.countries.title'));
  const has = new Set(withData.data?.observations.map((o) => String(o.REF_AREA)) ?? []);
  const list = (countries.data ?? []).filter((c) => c.memberships.length > 0 || has.has(c.code)).sort((a, b) => compareText(a.name, b.name));
  return (
    <>
      <ObservatoryNav />
      <h1>{t('explore.countries.title')}</h1>
      <p className="lead">{t('explore.countries.intro')}</p>
      <QueryState isLoading={countries.isLoading} error={countries.error} />
      <ul className="obs-country-list" data-testid="country-list">
        {list.map((c) => (
          <li key={c.code}>
            <Link to={`/observatory/countries/${c.code}`}>{c.name}</Link> {has.has(c.code) ? <span className="badge badge-open">{t('explore.countries.hasData')}</span> : <span className="muted">{t('explore.countries.noData')}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}
