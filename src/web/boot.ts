import './styles.css';
import { nextTask } from './app/tasks.ts';

/**
 * The page's entry. A page the server drew (ADR 0008) is already readable: it is painted
 * first, then its chunks are fetched (the list is in the page), the libraries evaluated and
 * the application (main.tsx) adopts it, each step in short tasks. Its number and date texts
 * come with the page (format.ts), so no Intl format is made meanwhile. Any other page starts
 * the application at once (its chunks are preloaded by index.html).
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
  // Every chunk the page needs, fetched in parallel now that it is painted: a few requests
  // started per task (starting one costs the main thread a millisecond or more on a phone; a
  // dozen in one task would be a long task).
  const hrefs = drawn.dataset.preload?.split(' ').filter(Boolean) ?? [];
  for (const [i, href] of hrefs.entries()) {
    if (i % 4 === 0) await nextTask();
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
  // A module graph is evaluated in one task: the libraries first, one chunk per task (their
  // chunks: vite.config.ts), then the application, so no step is one long task.
  await import('react-dom/client');
  await nextTask();
  await import('i18next-icu');
  await nextTask();
}
await import('./main.tsx');
