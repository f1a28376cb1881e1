import { useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useCountryName, useLang } from '../../app/hooks.ts';
import { formatDate, formatPeriod } from '../explore/format.ts';
import { CAUSES, type Incident } from './api.ts';
import type { IncidentState } from './state.ts';

/**
 * Words for the incidents' codes in the reader's language. IOM's causes and route names are
 * English in the data; the interface translates the known ones and shows any other as written.
 */
export function useIncidentLabels() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  return useMemo(() => {
    const oneCause = (c: string) => {
      const i = CAUSES.indexOf(c as (typeof CAUSES)[number]);
      return i >= 0 ? t(`incidents.cause.c${i}`) : c;
    };
    /** IOM joins several causes with commas (and one cause has commas of its own): the known ones are picked out. */
    const cause = (raw: string | null) => {
      if (!raw) return t('incidents.notGiven');
      const known = CAUSES.filter((c) => raw.includes(c));
      return known.length ? known.map(oneCause).join(' · ') : raw;
    };
    const route = (name: string | null) => {
      if (!name) return t('incidents.notGiven');
      const key = `incidents.routeName.${name}`;
      return i18n.exists(key) ? t(key) : name;
    };
    /** A date as precise as the source: a day, or only a month. */
    const date = (i: Pick<Incident, 'date' | 'precision'>) => (i.precision === 'month' ? formatPeriod(lang, i.date.slice(0, 7)) : formatDate(lang, i.date));
    const country = (code: string | null) => (code ? countryName(code) : t('incidents.notGiven'));
    /** "Américas · 2020–2024 · Ruta centroamericana · …": what the page shows, for titles. */
    const selection = (s: IncidentState) =>
      [
        s.region === 'world' ? t('incidents.filters.world') : t('incidents.filters.americas'),
        s.from !== null || s.to !== null ? (s.from === s.to ? String(s.from) : `${s.from ?? '…'}–${s.to ?? '…'}`) : null,
        s.route ? route(s.route) : null,
        s.cause ? oneCause(s.cause) : null,
        s.country ? t('incidents.filters.inCountry', { country: countryName(s.country) }) : null,
        s.origin ? t('incidents.filters.fromOrigin', { country: countryName(s.origin) }) : null,
      ]
        .filter(Boolean)
        .join(' · ');
    return { cause, oneCause, route, date, country, selection };
  }, [t, i18n, lang, countryName]);
}

const never = () => () => {};
/**
 * false on the server and while the browser adopts a server-drawn page, true afterwards: the
 * map (large answers, browser-only libraries) is drawn only then, so both drawings match (ADR 0008).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
