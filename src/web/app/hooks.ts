import { useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getI18n, I18nContext, useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { get, setCsrfToken, type Country, type Locale, type Organisation, type Session } from '../api/client.ts';
import { isLocale } from '../i18n.ts';
import { labelledOrganisations } from './organisations.ts';

/** One subscription function per i18next instance: re-renders its readers when the language changes. */
const languageSubscriptions = new WeakMap<I18n, (changed: () => void) => () => void>();
function subscribeToLanguage(i18n: I18n) {
  let subscribe = languageSubscriptions.get(i18n);
  if (!subscribe) {
    subscribe = (changed) => {
      i18n.on('languageChanged', changed);
      return () => i18n.off('languageChanged', changed);
    };
    languageSubscriptions.set(i18n, subscribe);
  }
  return subscribe;
}

/**
 * The reader's language. Read straight from the i18next instance (re-rendering when it changes,
 * as `useTranslation` does) instead of through `useTranslation`, which sets up a dozen hooks
 * and copies the instance per caller: nearly every component of a data page asks for the
 * language, and a page adopting a server drawing (ADR 0008) mounts them all at once.
 */
export function useLang(): Locale {
  const i18n = useContext(I18nContext)?.i18n ?? getI18n();
  const read = () => i18n.language;
  const language = useSyncExternalStore(subscribeToLanguage(i18n), read, read);
  return isLocale(language) ? language : 'es';
}

/** Who is signed in. Also keeps the API client's CSRF token current. */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const s = await get<Session>('/api/v1/auth/session');
      setCsrfToken(s.csrfToken);
      return s;
    },
    staleTime: 60_000,
  });
}

export function useTitle(page: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.pageTitle', { page });
  }, [page, t]);
}

/** Numbers and dates in the reader's language. */
export function useFormat() {
  const lang = useLang();
  return useMemo(() => {
    const nf = new Intl.NumberFormat(lang);
    const df = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
    const dtf = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    const parse = (v: string | Date | null | undefined) => (v ? new Date(v) : null);
    return {
      number: (n: number) => nf.format(n),
      date: (v: string | Date | null | undefined) => {
        const d = parse(v);
        return d ? df.format(d) : '';
      },
      dateTime: (v: string | Date | null | undefined) => {
        const d = parse(v);
        return d ? dtf.format(d) : '';
      },
    };
  }, [lang]);
}

export function useCountries() {
  const lang = useLang();
  return useQuery({
    queryKey: ['countries', lang],
    queryFn: () => get<{ items: Country[] }>('/api/v1/reference/countries').then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useOrganisations() {
  const lang = useLang();
  return useQuery({
    queryKey: ['organisations', lang],
    queryFn: () => get<{ items: Organisation[] }>('/api/v1/organisations').then((r) => r.items),
  });
}

/** The organisations as the app names them (name, acronym, country), sorted for the reader's language. */
export function useOrganisationList() {
  const { data } = useOrganisations();
  const countryName = useCountryName();
  const lang = useLang();
  return useMemo(() => labelledOrganisations(data ?? [], countryName, lang), [data, countryName, lang]);
}

/** Organisation code → its label; the code itself while the list loads or for an unknown code. */
export function useOrganisationLabel(): (code: string | null | undefined) => string {
  const list = useOrganisationList();
  return useMemo(() => {
    const labels = new Map(list.map((o) => [o.code, o.label]));
    return (code) => (code ? (labels.get(code) ?? code) : '');
  }, [list]);
}

/** Country code → name in the current language. */
export function useCountryName(): (code: string | null | undefined) => string {
  const { data } = useCountries();
  return useMemo(() => {
    const names = new Map((data ?? []).map((c) => [c.code, c.name]));
    return (code) => (code ? (names.get(code) ?? code) : '');
  }, [data]);
}
