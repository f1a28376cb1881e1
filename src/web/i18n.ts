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

type IcuModule = ThirdPartyModule & {
  parse(res: unknown, ...rest: unknown[]): unknown;
  options: { parseErrorHandler: (err: unknown, key: unknown, res: unknown, options: unknown) => unknown; parseLngForICU: (lng: string) => string };
  formats: unknown;
};
const IcuBase = ICU as unknown as new () => IcuModule;
const SIMPLE_ARG = /\{\s*([A-Za-z_]\w*)\s*\}/g;

/**
 * The number, date and plural formats ICU messages use, made once per language and options for
 * all messages (intl-messageformat makes its own for every message: a number format costs a
 * phone milliseconds, and a page's first messages with a count each made one).
 */
function shared<T>(make: (...args: never[]) => T): (...args: unknown[]) => T {
  const made = new Map<string, T>();
  return (...args) => {
    const key = JSON.stringify(args);
    let f = made.get(key);
    if (!f) {
      f = (make as (...a: unknown[]) => T)(...args);
      made.set(key, f);
    }
    return f;
  };
}

/**
 * What ICU needs of a count in the application's languages, without making an Intl format
 * (each costs a phone several milliseconds; a page's summaries only count whole things):
 * English and Spanish cardinal plurals are "one" for exactly 1 and otherwise "other" as far as
 * the catalogues' messages go (Spanish "many", for whole millions, falls back to "other"), and
 * whole numbers are grouped as Intl groups them (Spanish from five digits: 1234, 12.345).
 * Anything else is Intl's. i18n-format.test.ts checks both against Intl and ICU.
 */
const SEPARATOR: Record<string, string> = { es: '.', en: ',' };
export function countFormat(locale: string): Pick<Intl.NumberFormat, 'format'> {
  const sep = SEPARATOR[locale];
  if (!sep) return new Intl.NumberFormat(locale);
  let intl: Intl.NumberFormat | undefined;
  return {
    format(value: number | bigint | Intl.StringNumericLiteral) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return (intl ??= new Intl.NumberFormat(locale)).format(value as number);
      const digits = String(Math.abs(value));
      const grouped = locale === 'es' && digits.length < 5 ? digits : digits.replace(/\B(?=(\d{3})+$)/g, sep);
      return value < 0 ? `-${grouped}` : grouped;
    },
  };
}
export function countPlurals(locale: string, opts?: Intl.PluralRulesOptions): Pick<Intl.PluralRules, 'select'> {
  if (!SEPARATOR[locale] || (opts?.type ?? 'cardinal') !== 'cardinal') return new Intl.PluralRules(locale, opts);
  return { select: (n: number) => (Math.abs(n) === 1 ? 'one' : 'other') };
}

const FORMATTERS = {
  getNumberFormat: shared((locales?: string | string[], opts?: Intl.NumberFormatOptions) =>
    typeof locales === 'string' && opts === undefined ? (countFormat(locales) as Intl.NumberFormat) : new Intl.NumberFormat(locales, opts),
  ),
  getDateTimeFormat: shared((locales?: string | string[], opts?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locales, opts)),
  getPluralRules: shared((locales?: string | string[], opts?: Intl.PluralRulesOptions) =>
    typeof locales === 'string' ? (countPlurals(locales, opts) as Intl.PluralRules) : new Intl.PluralRules(locales, opts),
  ),
};
/**
 * Steps that make ICU ready for a language (its number and plural formats, the message parser
 * run once), for a page the server drew to take one short task each before it is adopted,
 * instead of inside the first component that shows a count (main.tsx).
 */
export function icuWarmUp(i18n: typeof i18next, lang: string): (() => void)[] {
  return [
    () => FORMATTERS.getNumberFormat(lang),
    () => FORMATTERS.getPluralRules(lang, { type: 'cardinal' }),
    () => (i18n.services.pluralResolver as { getRule?: (code: string) => unknown } | undefined)?.getRule?.(lang),
    () => new IntlMessageFormat('{n, plural, one {# a} other {# b}} {m}', lang, undefined, { ignoreTag: true, formatters: FORMATTERS }).format({ n: 2, m: '' }),
  ];
}

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
    if (typeof res !== 'string') return super.parse(res, ...rest);
    // As i18next-icu does, with the shared formats; compiled once per language and message.
    const [values, lng, , key] = rest as [Record<string, unknown> | undefined, string, string, string];
    const memo = `${lng}\u0000${res}`;
    try {
      let message = this.#compiled.get(memo);
      if (!message) {
        message = new IntlMessageFormat(res, this.options.parseLngForICU(lng), this.formats as never, { ignoreTag: true, formatters: FORMATTERS });
        this.#compiled.set(memo, message);
      }
      return message.format(values);
    } catch (err) {
      return this.options.parseErrorHandler(err, key, res, values);
    }
  }

  readonly #compiled = new Map<string, IntlMessageFormat>();
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

/** Runs `run` when the browser is idle (within 3 s), or after a second where there is no idle callback. */
export function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1000);
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : 'es';
}

/**
 * Sets up i18next in the reader's language. `drawnIn`: the language of the page the server
 * drew, if it drew this one (ADR 0008). The server chose it from the language cookie (Spanish
 * without one), so when it is the reader's language too the cookie needs no writing, and the
 * page is spared reading the cookies (which waits for the browser's own process).
 */
export async function initI18n(drawnIn?: string): Promise<typeof i18next> {
  await i18next
    .use(IcuFormat as unknown as ThirdPartyModule)
    .use(lazyCatalogues)
    .use(initReactI18next)
    .init({ ...I18N_OPTIONS, lng: storedLocale() });
  const lang = currentLocale();
  if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
  // Reading and writing the cookie waits for the browser's own process: done once the page
  // is idle, not while it is being adopted (ADR 0008).
  if (drawnIn !== lang) whenIdle(() => rememberForServer(currentLocale()));
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}
