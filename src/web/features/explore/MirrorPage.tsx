import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useLang, useTitle } from '../../app/hooks.ts';
import { DATAFLOW, useData } from './api.ts';
import { ChartFigure, DataTable } from './charts/ChartFigure.tsx';
import { TimeChart } from './charts/TimeChart.tsx';
import { anySuppressed, periodsOf, pickValue } from './model.ts';
import { compareText, formatPercent, formatPeriod } from './format.ts';
import { useChartText } from './ExplorerView.tsx';
import { ObservatoryNav } from './ObservatoryNav.tsx';
import { mirrorRow, type MirrorRow } from './mirror.ts';

const CODE = /^[A-Z]{3}$/;

/**
 * Mirror comparison: what A reports about entries from B next to what B reports about
 * exits to A. Both figures come from the data API; only their difference (A − B) and its
 * share are worked out here, to set them side by side.
 */
export function MirrorPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const text = useChartText();
  const countryName = useCountryName();
  const [params, setParams] = useSearchParams();
  const a = CODE.test(params.get('a') ?? '') ? params.get('a')! : 'CRI';
  const b = CODE.test(params.get('b') ?? '') ? params.get('b')! : 'COL';
  const period = /^\d{4}$/.test(params.get('period') ?? '') ? params.get('period')! : '';
  const threshold = Math.min(100, Math.max(1, Number(params.get('threshold')) || 10));
  useTitle(t('explore.mirror.title'));
  const range = period ? `&startPeriod=${period}&endPeriod=${period}` : '';
  const reporters = useData(DATAFLOW, 'groupBy=REF_AREA');
  const years = useData(DATAFLOW, 'groupBy=TIME_PERIOD&timeAggregation=year');
  const byCounterpart = useData(DATAFLOW, `COUNTERPART_AREA=${b}&FLOW=REG_ENTRY&REF_AREA=${a}${range}&groupBy=TIME_PERIOD`);
  // Where A does not report the counterpart country, its entries of B's nationals stand in (and the page says so).
  const counterpartReported = !!byCounterpart.data && byCounterpart.data.observations.length > 0;
  const byCitizenship = useData(DATAFLOW, `CITIZENSHIP=${b}&FLOW=REG_ENTRY&REF_AREA=${a}${range}&groupBy=TIME_PERIOD`, !!byCounterpart.data && !counterpartReported);
  const exits = useData(DATAFLOW, `COUNTERPART_AREA=${a}&FLOW=REG_EXIT&REF_AREA=${b}${range}&groupBy=TIME_PERIOD`);
  const entries = counterpartReported ? byCounterpart : byCitizenship;
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set('a', a);
    next.set('b', b);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const countries = [...new Set([...(reporters.data?.observations.map((o) => String(o.REF_AREA)) ?? []), a, b])].sort((x, y) => compareText(countryName(x), countryName(y)));
  const ready = entries.data && exits.data;
  const aObs = entries.data?.observations ?? [];
  const bObs = exits.data?.observations ?? [];
  const periods = periodsOf([...aObs, ...bObs]);
  // An alert only where both figures count the same people: A's entries from B against B's exits to A.
  // A's entries of B's nationals (the stand-in) count them arriving from anywhere, and B's exits
  // to A count everyone leaving for A; their gap says nothing a threshold could flag (issue 21).
  const comparable = counterpartReported;
  const rows: MirrorRow[] = periods.map((p) => mirrorRow(p, pickValue(aObs, { TIME_PERIOD: p })?.OBS_VALUE ?? null, pickValue(bObs, { TIME_PERIOD: p })?.OBS_VALUE ?? null, comparable ? threshold / 100 : Infinity));
  const flagged = rows.filter((r) => r.flagged);
  const basis = counterpartReported ? t('explore.mirror.basisCounterpart', { a: countryName(a), b: countryName(b) }) : t('explore.mirror.basisCitizenship', { a: countryName(a), b: countryName(b) });
  const aLabel = t('explore.mirror.aSeries', { a: countryName(a), b: countryName(b) });
  const bLabel = t('explore.mirror.bSeries', { a: countryName(a), b: countryName(b) });
  const title = t('explore.mirror.chartTitle', { a: countryName(a), b: countryName(b) }) + (period ? ` · ${period}` : '');
  const cell = (v: number | null) => (v === null ? '—' : text.number(v));
  return (
    <>
      <ObservatoryNav />
      <h1>{t('explore.mirror.title')}</h1>
      <p className="lead">{t('explore.mirror.intro')}</p>
      <form className="filters obs-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('explore.controls.label')}>
        {(['a', 'b'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`${id}-${k}`}>{t(`explore.mirror.${k}`)}</label>
            <select id={`${id}-${k}`} value={k === 'a' ? a : b} onChange={(e) => set(k, e.target.value)}>
              {countries.map((c) => (
                <option key={c} value={c}>
                  {countryName(c)}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('explore.mirror.period')}</label>
          <select id={`${id}-period`} value={period} onChange={(e) => set('period', e.target.value)}>
            <option value="">{t('explore.mirror.allPeriods')}</option>
            {(years.data?.observations.map((o) => String(o.TIME_PERIOD)) ?? []).sort().reverse().map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-thr`}>{t('explore.mirror.threshold')}</label>
          <input id={`${id}-thr`} type="number" min={1} max={100} value={threshold} onChange={(e) => set('threshold', e.target.value)} />
        </div>
      </form>
      {!ready ? (
        <QueryState isLoading error={entries.error ?? exits.error ?? null} />
      ) : !periods.length ? (
        <p className="obs-empty" data-testid="no-data">{t('explore.mirror.none')}</p>
      ) : (
        <>
          <p className="obs-basis" data-testid="mirror-basis">
            {basis}
          </p>
          <p data-testid="mirror-flags" className={flagged.length ? 'obs-flag-summary' : undefined}>
            {comparable
              ? t('explore.mirror.flags', { count: flagged.length, total: rows.length, threshold: formatPercent(lang, threshold / 100) })
              : t('explore.mirror.notComparable', { a: countryName(a), b: countryName(b) })}
          </p>
          <ChartFigure
            level={2}
            title={title}
            summary={t(comparable ? 'explore.mirror.summary' : 'explore.mirror.summaryIndicative', { a: aLabel, b: bLabel, from: formatPeriod(lang, periods[0]!), to: formatPeriod(lang, periods[periods.length - 1]!), flagged: flagged.length })}
            legend={[{ key: 'a', label: aLabel }, { key: 'b', label: bLabel }]}
            hasSuppressed={anySuppressed([...aObs, ...bObs])}
            releases={[...(entries.data?.releases ?? []), ...(exits.data?.releases ?? [])].filter((r) => r.country === a || r.country === b)}
            table={{ head: [t('explore.axis.period'), aLabel, bLabel], rows: rows.map((r) => ({ key: r.period, cells: [formatPeriod(lang, r.period), cell(r.a), cell(r.b)] })) }}
            fileName={`observatorio-espejo-${a.toLowerCase()}-${b.toLowerCase()}`}
          >
            {(ids) => (
              <TimeChart
                kind="line"
                xLabels={periods.map(text.period)}
                series={[
                  { key: 'a', label: aLabel, values: rows.map((r) => r.a), suppressed: periods.map((p) => pickValue(aObs, { TIME_PERIOD: p })?.CONF_STATUS === 'C') },
                  { key: 'b', label: bLabel, values: rows.map((r) => r.b), suppressed: periods.map((p) => pickValue(bObs, { TIME_PERIOD: p })?.CONF_STATUS === 'C') },
                ]}
                text={text}
                {...ids}
              />
            )}
          </ChartFigure>
          <h2>{t('explore.mirror.tableTitle')}</h2>
          <DataTable
            caption={title}
            testId="mirror-table"
            table={{
              head: [t('explore.axis.period'), aLabel, bLabel, t('explore.mirror.gap'), t('explore.mirror.share'), t('explore.mirror.flag')],
              rows: rows.map((r) => ({
                key: r.period,
                cells: [formatPeriod(lang, r.period), cell(r.a), cell(r.b), r.gap === null ? '—' : text.number(r.gap), r.share === null ? '—' : formatPercent(lang, r.share), r.flagged ? t('explore.mirror.flagged') : '—'],
              })),
            }}
          />
          <p className="hint">{t('explore.mirror.note')}</p>
        </>
      )}
    </>
  );
}
