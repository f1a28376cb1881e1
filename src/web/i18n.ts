import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import type { BackendModule, ResourceKey } from 'i18next';
import type { Locale } from './api/client.ts';

/**
 * Each language's messages are a separate chunk, loaded when that language is used: a reader
 * downloads one catalogue, not both (first-load JavaScript budget, issue 5). i18next waits for
 * the catalogue before switching, so no page shows keys instead of text.
 */
const catalogues: Record<Locale, () => Promise<{ default: ResourceKey }>> = {
  es: () => import('./locales/es.json'),
  en: () => import('./locales/en.json'),
};
const lazyCatalogues: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    const load = isLocale(language) ? catalogues[language] : catalogues.es;
    load().then(
      (m) => callback(null, m.default),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), false),
    );
  },
};

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
    .use(lazyCatalogues)
    .use(initReactI18next)
    .init({
      lng: storedLocale(),
      // No fallback language: both catalogues hold the same keys (i18n.test.ts), so an English
      // reader never needs the Spanish one downloaded.
      fallbackLng: false,
      load: 'languageOnly',
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
