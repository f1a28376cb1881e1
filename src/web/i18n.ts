import i18next from 'i18next';
import ICU from 'i18next-icu';
import { IntlMessageFormat } from 'intl-messageformat';
import { initReactI18next } from 'react-i18next';
import type { BackendModule, ResourceKey, ThirdPartyModule } from 'i18next';
import type { Locale } from './api/client.ts';

// Compiling an ICU message asks the browser which of its locales fits (Intl's list of every
// locale it knows: slow to build on a phone, tens of milliseconds on the first message). The
// application's languages are es and en, which every browser has: their Intl.Locale is enough.
const resolvedLocales = new Map<string, Intl.Locale>();
IntlMessageFormat.resolveLocale = (locales) => {
  const tag = (Array.isArray(locales) ? locales[0] : locales) ?? 'es';
  let l = resolvedLocales.get(tag);
  if (!l) {
    l = new Intl.Locale(tag);
    resolvedLocales.set(tag, l);
  }
  return l;
};

type IcuModule = ThirdPartyModule & { parse(res: unknown, ...rest: unknown[]): unknown };
const IcuBase = ICU as unknown as new () => IcuModule;
const SIMPLE_ARG = /\{\s*([A-Za-z_]\w*)\s*\}/g;
/**
 * i18next-icu, without compiling what ICU would return unchanged (compiling costs about a
 * millisecond a message on a phone, and a page has many): a message with no argument and
 * no quote is returned as written; one whose arguments are all plain `{name}` given as text,
 * with no quote, gets the texts put in. Anything else (numbers, plurals, selects, quotes)
 * goes to ICU. i18n-format.test.ts checks both shortcuts against ICU on every message.
 */
export class IcuFormat extends IcuBase {
  static type = 'i18nFormat' as const;
  override parse(res: unknown, ...rest: unknown[]): unknown {
    if (typeof res === 'string' && !res.includes("'")) {
      if (!res.includes('{')) return res;
      const values = rest[0] as Record<string, unknown> | undefined;
      if (!/[{}]/.test(res.replace(SIMPLE_ARG, ''))) {
        let plain = true;
        const out = res.replace(SIMPLE_ARG, (m, name: string) => {
          const v = values?.[name];
          if (typeof v !== 'string') plain = false;
          return typeof v === 'string' ? v : m;
        });
        if (plain) return out;
      }
    }
    return super.parse(res, ...rest);
  }
}

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
/** The same choice as a cookie, so the server renders a page in the language the browser will show (ADR 0008). */
export const LANG_COOKIE = 'obs_lang';

/** The options both the browser and the server's page renderer (entry-server.tsx) give i18next. */
export const I18N_OPTIONS = {
  // No fallback language: both catalogues hold the same keys (i18n.test.ts), so an English
  // reader never needs the Spanish one downloaded.
  fallbackLng: false,
  load: 'languageOnly',
  supportedLngs: LOCALES,
  interpolation: { escapeValue: false },
  returnNull: false,
  // No advertisement in the browser's console or the server's log.
  showSupportNotice: false,
} as const;

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
  rememberForServer(lang);
}

function rememberForServer(lang: Locale): void {
  const cookie = `${LANG_COOKIE}=${lang}`;
  if (document.cookie.split('; ').includes(cookie)) return;
  document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax`;
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : 'es';
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next
    .use(IcuFormat as unknown as ThirdPartyModule)
    .use(lazyCatalogues)
    .use(initReactI18next)
    .init({ ...I18N_OPTIONS, lng: storedLocale() });
  document.documentElement.lang = currentLocale();
  rememberForServer(currentLocale());
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}
