import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../i18n.ts';
import { decodeState, encodeState } from './state.ts';
import { ChartView, useViewTitle } from './ExplorerView.tsx';

/**
 * The chart of an explorer view alone, for other sites' iframes (the server lets only this
 * page be framed). `lang=` in its address chooses the language, so an embedding site
 * decides it; the link opens the full view on the observatory.
 */
export function EmbedPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const state = { ...decodeState(params), tab: 'chart' as const };
  const lang = params.get('lang');
  useEffect(() => {
    if (isLocale(lang) && lang !== i18n.language) void i18n.changeLanguage(lang);
  }, [lang, i18n]);
  const title = useViewTitle(state);
  useEffect(() => {
    document.title = title;
  }, [title]);
  const full = `/observatory/explorer?${encodeState(state).toString()}`;
  return (
    <main id="main" className="obs-embed">
      <ChartView state={state} compact />
      <p className="obs-embed-link">
        <a href={full} target="_blank" rel="noopener">
          {t('explore.embed.openFull')}
        </a>{' '}
        · {t('app.name')}
      </p>
    </main>
  );
}
