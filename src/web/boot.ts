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
    // A frame more: the first paint is rastered by other threads after its frame, and fetching
    // and compiling chunks meanwhile competes with it for the processor.
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(timer);
          resolve();
        }, 0),
      ),
    );
  });
  // Every chunk the page needs, fetched in parallel now that it is painted: one request
  // started per task (starting one costs the main thread a millisecond or more on a phone, and
  // several while the chunks already asked for arrive and are compiled beside it).
  const hrefs = drawn.dataset.preload?.split(' ').filter(Boolean) ?? [];
  const arrived: Promise<unknown>[] = [];
  for (const href of hrefs) {
    await nextTask();
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    // Settled either way: a chunk that failed is asked again by the import below, as before.
    arrived.push(
      new Promise((settle) => {
        link.onload = link.onerror = settle;
      }),
    );
    document.head.append(link);
  }
  // Nothing is evaluated while the chunks are still arriving: receiving and compiling them
  // takes the processor too, and a step run meanwhile would stretch into a long task.
  // (After a while at the latest: the page is adopted whatever the network does.)
  await Promise.race([Promise.all(arrived), new Promise((later) => setTimeout(later, 10_000))]);
  // A module graph is evaluated in one task: the libraries first, one chunk per task (their
  // chunks: vite.config.ts), then the application, so no step is one long task.
  await nextTask();
  await import('react-dom/client');
  await nextTask();
  await import('i18next-icu');
  await nextTask();
}
await import('./main.tsx');
