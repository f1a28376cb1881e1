import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * The site's address (scheme, host, port) as the page was drawn with: on the server the
 * platform's public address (PUBLIC_URL; `drawnAt`, src/web/entry-server.tsx), in the browser the one the page carries
 * (`adoptOrigin`, main.tsx) until hydrated, then the browser's own. The same address in the
 * usual case, so adopting the page changes nothing (a textarea's value set after hydration
 * costs a phone a long task); elsewhere it is corrected once hydrated.
 */
let drawnAt: () => string | undefined = () => undefined;
let adopted = '';

export function recordOrigin(current: () => string | undefined): void {
  drawnAt = current;
}

export function adoptOrigin(origin: string | undefined): void {
  adopted = origin ?? '';
}

export function usePageOrigin(): string {
  // The addresses themselves are the snapshots: React draws again after adopting the page only
  // when the browser's differs from the drawn one (a flag going false → true would redraw always).
  return useSyncExternalStore(never, browserOrigin, drawnOrigin);
}

const browserOrigin = () => window.location.origin;
const drawnOrigin = () => drawnAt() ?? adopted;
