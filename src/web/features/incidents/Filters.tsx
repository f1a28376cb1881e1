import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useCountries } from '../../app/hooks.ts';
import { compareText } from '../explore/format.ts';
import { CAUSES, useRoutes, useSummary } from './api.ts';
import { useIncidentLabels } from './labels.ts';
import type { IncidentState } from './state.ts';

/**
 * The selection: region, years, route, cause, country of incident and of origin. Every change
 * goes to the address (the page reads its state from there) and back to the first page.
 */
export function Filters({ state, onChange }: { state: IncidentState; onChange: (next: IncidentState) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const labels = useIncidentLabels();
  const routes = useRoutes();
  const countries = useCountries();
  // The years that have records in the region (whatever else is chosen), for the year lists.
  const years = useSummary(`region=${state.region}`, 'year');
  const yearList = [...new Set([...(years.data?.rows.map((r) => r.year) ?? []), ...[state.from, state.to].filter((y): y is number => y !== null)])].sort((a, b) => a - b);
  const countryList = [...(countries.data ?? [])].sort((a, b) => compareText(a.name, b.name));
  const routeList = [...(routes.data ?? [])].map((r) => ({ name: r.name, label: labels.route(r.name) })).sort((a, b) => compareText(a.label, b.label));
  const set = (patch: Partial<IncidentState>) => onChange({ ...state, ...patch, page: 1 });
  const year = (v: string) => (v ? Number(v) : null);
  return (
    <form className="filters inc-filters" onSubmit={(e) => e.preventDefault()} aria-label={t('incidents.filters.label')}>
      <div className="field">
        <label htmlFor={`${id}-region`}>{t('incidents.filters.region')}</label>
        <select id={`${id}-region`} value={state.region} onChange={(e) => set({ region: e.target.value === 'world' ? 'world' : 'americas' })}>
          <option value="americas">{t('incidents.filters.americas')}</option>
          <option value="world">{t('incidents.filters.world')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('incidents.filters.from')}</label>
        <select id={`${id}-from`} value={state.from ?? ''} onChange={(e) => set({ from: year(e.target.value) })}>
          <option value="">{t('incidents.filters.anyYear')}</option>
          {yearList.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('incidents.filters.to')}</label>
        <select id={`${id}-to`} value={state.to ?? ''} onChange={(e) => set({ to: year(e.target.value) })}>
          <option value="">{t('incidents.filters.anyYear')}</option>
          {yearList.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-route`}>{t('incidents.filters.route')}</label>
        <select id={`${id}-route`} value={state.route} onChange={(e) => set({ route: e.target.value })}>
          <option value="">{t('incidents.filters.anyRoute')}</option>
          {state.route && !routeList.some((r) => r.name === state.route) ? <option value={state.route}>{labels.route(state.route)}</option> : null}
          {routeList.map((r) => (
            <option key={r.name} value={r.name}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-cause`}>{t('incidents.filters.cause')}</label>
        <select id={`${id}-cause`} value={state.cause} onChange={(e) => set({ cause: e.target.value })}>
          <option value="">{t('incidents.filters.anyCause')}</option>
          {CAUSES.map((c) => (
            <option key={c} value={c}>
              {labels.oneCause(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-country`}>{t('incidents.filters.country')}</label>
        <select id={`${id}-country`} value={state.country} onChange={(e) => set({ country: e.target.value })}>
          <option value="">{t('incidents.filters.anyCountry')}</option>
          {countryList.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-origin`}>{t('incidents.filters.origin')}</label>
        <select id={`${id}-origin`} value={state.origin} onChange={(e) => set({ origin: e.target.value })}>
          <option value="">{t('incidents.filters.anyCountry')}</option>
          {countryList.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
