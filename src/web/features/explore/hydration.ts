import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * false while the server draws a page and while the browser adopts that drawing (hydration),
 * true afterwards: values only the browser knows (its address, today's date) wait for it, so
 * both drawings are identical (ADR 0008).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
