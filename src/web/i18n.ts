import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import es from './locales/es.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import type { Locale } from './api/client.ts';

export const LOCALES: Locale[] = ['es', 'en'];
const STORAGE_KEY = 'observatorio.lang';

export function isLocale(v: unknown): v is Locale {
  return v === 'es' || v === 'en';
}

function storedLocale(): Locale {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    // Storage can be blocked; Spanish is the default.
  }
  return 'es';
}

export function rememberLocale(lang: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across visits, but the page still switches.
  }
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : 'es';
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next
    .use(ICU)
    .use(initReactI18next)
    .init({
      resources: { es: { translation: es }, en: { translation: en } },
      lng: storedLocale(),
      fallbackLng: 'es',
      supportedLngs: LOCALES,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  document.documentElement.lang = currentLocale();
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}
