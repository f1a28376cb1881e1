import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { hydrate, type DehydratedState } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { configureClient } from './api/client.ts';
import { currentLocale, icuWarmUp, initI18n } from './i18n.ts';
import { App, queryClient } from './app/App.tsx';
import { shareQueryTimers } from './app/timers.ts';
import { nextTask } from './app/tasks.ts';
import { adoptFormats } from './features/explore/format.ts';
import { adoptOrigin } from './features/explore/hydration.ts';

shareQueryTimers();

// The language the server drew the page in (its <html lang>, before i18next sets it), and
// i18next's set-up in a task of its own, not in the one that evaluated the application.
const drawnIn = document.getElementById('obs-ssr') ? document.documentElement.lang : undefined;
await nextTask();
const i18n = await initI18n(drawnIn);
configureClient({ lang: currentLocale, fallback: (kind) => i18n.t(kind === 'network' ? 'errors.network' : 'errors.unexpected') });

/** A page the server drew (ADR 0008) carries the API answers it was drawn from. */
function serverRender(): { lang: string; state: DehydratedState; formats?: Record<string, string>; origin?: string } | null {
  const el = document.getElementById('obs-ssr');
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as { lang: string; state: DehydratedState; formats?: Record<string, string>; origin?: string };
  } catch {
    return null;
  }
}

const root = document.getElementById('root');
if (root) {
  const page = (
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App />
      </I18nextProvider>
    </StrictMode>
  );
  const drawn = serverRender();
  if (drawn && drawn.lang === currentLocale() && root.firstElementChild) {
    // Same answers, same language: React adopts the server's HTML instead of drawing it again,
    // in small slices (a transition) so the page stays responsive meanwhile; the answers are
    // read in a task of their own.
    for (const step of icuWarmUp(i18n, drawn.lang)) {
      await nextTask();
      step();
    }
    await nextTask();
    adoptFormats(drawn.formats);
    adoptOrigin(drawn.origin);
    hydrate(queryClient, drawn.state);
    await nextTask();
    startTransition(() => {
      hydrateRoot(root, page);
    });
  } else {
    createRoot(root).render(page);
  }
}
