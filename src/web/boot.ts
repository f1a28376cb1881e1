import './styles.css';
import { formatDate, formatNumber, formatPeriod } from './features/explore/format.ts';

/**
 * The page's entry. A page the server drew (ADR 0008) is already readable: it is painted
 * first, then its chunks are fetched (all at once, the list is in the page) and the
 * application (main.tsx) adopts it. Any other page starts the application at once (its
 * chunks are preloaded by index.html).
 */
const drawn = document.getElementById('obs-ssr');
if (drawn) {
  await new Promise<void>((resolve) => {
    // A tab opened in the background has no frames; it starts anyway.
    const timer = setTimeout(resolve, 200);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
  // Every chunk the page needs, fetched in parallel now that it is painted.
  for (const href of drawn.dataset.preload?.split(' ') ?? []) {
    if (!href) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
  // While they download, the browser's date and number formats are made ready, one per task
  // (the first Intl format of a page costs tens of milliseconds on a phone, a date format
  // first costs least in all; format.ts keeps them for the page).
  const lang = document.documentElement.lang === 'en' ? 'en' : 'es';
  for (const warm of [() => formatPeriod(lang, '2024-01'), () => formatNumber(lang, 1234.5), () => formatDate(lang, '2024-01-15T00:00:00Z')]) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    warm();
  }
}
await import('./main.tsx');
