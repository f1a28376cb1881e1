import { compareText, formatMonthName } from './format.ts';
import { useId, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useCountryName, useLang, useTitle } from '../../app/hooks.ts';
import { DATAFLOW, dataPath, useCodeNames, useData, useDataflows } from './api.ts';
import { BREAKDOWNS, CHARTS, TIMES, dataQuestion, decodeState, encodeState, questionQuery, type ExplorerState, type Tab } from './state.ts';
import { ChartView, MapTab, TableView, useViewTitle } from './ExplorerView.tsx';
import { Tabs } from './Tabs.tsx';
import { MonthField } from './MonthField.tsx';
import { ObservatoryNav } from './ObservatoryNav.tsx';
import { usePageOrigin } from './hydration.ts';
import { IncidentFlowNote, IncidentFlowView, isIncidentFlow } from './IncidentFlowView.tsx';

/** The data API's download addresses for what a tab shows (people's CSV/XLSX with names and totals; SDMX-CSV and JSON as the API gives them). */
export function downloadLinks(s: ExplorerState, tab: Tab, lang: string) {
  const q = dataQuestion(s, tab === 'map' ? 'map' : 'chart');
  const query = questionQuery(q);
  return {
    csv: `/api/v1/observatory/download/${s.dataflow}?${questionQuery(q, { file: 'csv', lang })}`,
    xlsx: `/api/v1/observatory/download/${s.dataflow}?${questionQuery(q, { file: 'xlsx', lang })}`,
    sdmx: dataPath(s.dataflow, questionQuery(q, { format: 'sdmx-csv' })),
    json: dataPath(s.dataflow, query),
  };
}

function Controls({ state, set }: { state: ExplorerState; set: (s: Partial<ExplorerState>) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const dataflows = useDataflows();
  const { structure, dimName } = useCodeNames(state.dataflow);
  const countryName = useCountryName();
  const flows = structure?.dimensions.find((d) => d.id === 'FLOW')?.codes ?? [];
  // The countries offered are those with released figures of this flow (the API says which).
  const reporting = useData(state.dataflow, questionQuery({ params: { FLOW: state.flow, groupBy: 'REF_AREA' }, groupBy: ['REF_AREA'], seriesDim: 'REF_AREA', overTime: false }));
  const countries = [...new Set([...(reporting.data?.observations.map((o) => String(o.REF_AREA)) ?? []), ...state.countries])].sort((a, b) => compareText(countryName(a), countryName(b)));
  const toggle = (c: string) => set({ countries: state.countries.includes(c) ? state.countries.filter((x) => x !== c) : [...state.countries, c] });
  return (
    <form className="obs-controls" aria-label={t('explore.controls.label')} onSubmit={(e) => e.preventDefault()}>
      {(dataflows.data?.length ?? 0) > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-df`}>{t('explore.controls.dataflow')}</label>
          <select id={`${id}-df`} value={state.dataflow} onChange={(e) => set({ dataflow: e.target.value })}>
            {dataflows.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-flow`}>{t('explore.controls.flow')}</label>
        <select id={`${id}-flow`} value={state.flow} onChange={(e) => set({ flow: e.target.value })}>
          {flows.filter((f) => f.id !== '_T').map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="obs-countries">
        <legend>{t('explore.controls.countries')}</legend>
        <p className="hint">{t('explore.controls.countriesHint')}</p>
        <ul className="plain">
          {countries.map((c) => (
            <li key={c}>
              <input type="checkbox" id={`${id}-c-${c}`} checked={state.countries.includes(c)} onChange={() => toggle(c)} /> <label htmlFor={`${id}-c-${c}`}>{countryName(c)}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="obs-period">
        <div className="field">
          <label htmlFor={`${id}-start`}>{t('explore.controls.start')}</label>
          <MonthField id={`${id}-start`} value={state.start} onChange={(start) => set({ start })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-end`}>{t('explore.controls.end')}</label>
          <MonthField id={`${id}-end`} value={state.end} onChange={(end) => set({ end })} />
        </div>
      </div>
      {/* MISSING and DEAD come from the incidents registry, which has no breakdown (IncidentFlowView). */}
      {isIncidentFlow(state.flow) ? null : <div className="field">
        <label htmlFor={`${id}-by`}>{t('explore.controls.breakdown')}</label>
        <select id={`${id}-by`} value={state.breakdown ?? ''} onChange={(e) => set({ breakdown: (e.target.value || null) as ExplorerState['breakdown'] })}>
          <option value="">{t('explore.controls.noBreakdown')}</option>
          {BREAKDOWNS.map((b) => (
            <option key={b} value={b}>
              {dimName(b)}
            </option>
          ))}
        </select>
      </div>}
      <fieldset className="obs-radios">
        <legend>{t('explore.controls.chart')}</legend>
        {CHARTS.map((c) => (
          <span key={c}>
            <input type="radio" name={`${id}-chart`} id={`${id}-chart-${c}`} checked={state.chart === c} onChange={() => set({ chart: c })} /> <label htmlFor={`${id}-chart-${c}`}>{t(`explore.chart.${c}`)}</label>
          </span>
        ))}
      </fieldset>
      {state.chart !== 'ranking' ? (
        <div className="field">
          <label htmlFor={`${id}-time`}>{t('explore.controls.time')}</label>
          <select id={`${id}-time`} value={state.time} onChange={(e) => set({ time: e.target.value as ExplorerState['time'] })}>
            {TIMES.filter((x) => x !== 'fiscalYear' || !isIncidentFlow(state.flow)).map((x) => (
              <option key={x} value={x}>
                {t(`explore.time.${x}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {state.chart !== 'ranking' && state.time === 'fiscalYear' && !isIncidentFlow(state.flow) ? (
        <div className="field">
          <label htmlFor={`${id}-fy`}>{t('explore.controls.fiscalStart')}</label>
          <select id={`${id}-fy`} value={state.fiscalStart} onChange={(e) => set({ fiscalStart: Number(e.target.value) })}>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
              <option key={m} value={m}>
                {formatMonthName(lang, m)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </form>
  );
}

/** The iframe code for other sites. The site's address is the browser's (a server-drawn page gets it once adopted). */
function EmbedCode({ query, lang, title }: { query: string; lang: string; title: string }) {
  const { t } = useTranslation();
  const origin = usePageOrigin();
  const embed = `<iframe src="${origin}/observatory/embed?${query}&lang=${lang}" title="${title.replace(/"/g, '&quot;')}" width="100%" height="560" style="border:0" loading="lazy"></iframe>`;
  return (
    <>
      <label htmlFor="obs-embed-code" className="visually-hidden">{t('explore.embed.code')}</label>
      <textarea id="obs-embed-code" readOnly value={embed} rows={3} className="obs-embed-code" data-testid="embed-code" />
      <p>
        <CopyButton value={embed} label={t('explore.embed.copy')} /> <Link to={`/observatory/embed?${query}`} data-testid="embed-preview">{t('explore.embed.preview')}</Link>
      </p>
    </>
  );
}

export function ExplorerPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const state = decodeState(params);
  const title = useViewTitle(state);
  useTitle(t('explore.explorer.title'));
  // Each change builds on the previous one even before the page re-renders (two quick edits both count).
  const latest = useRef(params);
  const seen = useRef(params);
  if (seen.current !== params) {
    seen.current = params;
    latest.current = params;
  }
  const set = (change: Partial<ExplorerState>) => {
    const next = encodeState({ ...decodeState(latest.current), ...change });
    latest.current = next;
    setParams(next);
  };
  const links = downloadLinks(state, state.tab, lang);
  const embedQuery = encodeState({ ...state, tab: 'chart' }).toString();
  const tabs: { id: Tab; label: string }[] = [
    { id: 'chart', label: t('explore.tab.chart') },
    { id: 'table', label: t('explore.tab.table') },
    { id: 'map', label: t('explore.tab.map') },
  ];
  return (
    <>
      <ObservatoryNav />
      <h1>{t('explore.explorer.title')}</h1>
      <p className="lead">{t('explore.explorer.intro')}</p>
      <div className="obs-explorer">
        <Controls state={state} set={set} />
        <section className="obs-view" aria-labelledby="obs-view-title">
          <h2 id="obs-view-title" data-testid="view-title">
            {title}
          </h2>
          <Tabs label={t('explore.tab.label')} tabs={tabs} selected={state.tab} onSelect={(tab) => set({ tab })} idPrefix="obs" />
          <div role="tabpanel" id="obs-panel" aria-labelledby={`obs-tab-${state.tab}`} className="obs-panel" data-testid={`panel-${state.tab}`}>
            {isIncidentFlow(state.flow) ? (
              state.tab === 'map' ? <IncidentFlowNote flow={state.flow} /> : <IncidentFlowView state={{ ...state, breakdown: null }} />
            ) : state.tab === 'chart' ? (
              <ChartView state={state} />
            ) : state.tab === 'table' ? (
              <TableView state={state} />
            ) : (
              <MapTab state={state} />
            )}
          </div>
          <section className="obs-downloads" aria-labelledby="obs-dl">
            <h3 id="obs-dl">{t('explore.downloads.title')}</h3>
            <p className="hint">{t('explore.downloads.hint')}</p>
            <ul className="plain obs-links">
              <li>
                <a href={links.csv} download data-testid="download-csv">{t('explore.downloads.csv')}</a>
              </li>
              <li>
                <a href={links.xlsx} download data-testid="download-xlsx">{t('explore.downloads.xlsx')}</a>
              </li>
              <li>
                <a href={links.sdmx} download data-testid="download-sdmx">{t('explore.downloads.sdmx')}</a>
              </li>
              <li>
                <a href={links.json} data-testid="download-json">{t('explore.downloads.json')}</a>
              </li>
            </ul>
            <h3>{t('explore.embed.title')}</h3>
            <p className="hint">{t('explore.embed.hint')}</p>
            <EmbedCode query={embedQuery} lang={lang} title={title} />
          </section>
        </section>
      </div>
      <p className="muted">{t('explore.explorer.dataflowNote', { dataflow: DATAFLOW })}</p>
    </>
  );
}
