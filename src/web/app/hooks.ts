import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, setCsrfToken, type Country, type Locale, type Organisation, type Session } from '../api/client.ts';
import { isLocale } from '../i18n.ts';

export function useLang(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : 'es';
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

/** Country code → name in the current language. */
export function useCountryName(): (code: string | null | undefined) => string {
  const { data } = useCountries();
  return useMemo(() => {
    const names = new Map((data ?? []).map((c) => [c.code, c.name]));
    return (code) => (code ? (names.get(code) ?? code) : '');
  }, [data]);
}
