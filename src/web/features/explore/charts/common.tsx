import { startTransition, useEffect, useRef, useState, type RefObject } from 'react';

/** A series aligned with the chart's x positions; null is a suppressed (or unreported) cell, never zero. */
export interface Series {
  key: string;
  label: string;
  values: (number | null)[];
  /** true where the API answered CONF_STATUS C */
  suppressed: boolean[];
}

export interface ChartText {
  /** axis titles, in the reader's language */
  xTitle: string;
  yTitle: string;
  number: (n: number) => string;
  compact: (n: number) => string;
  suppressed: string;
}

/**
 * The rendered width of a container, so text keeps its size on a 360 px phone and on a desktop.
 * A page drawn on the server (ADR 0008) has the fallback width until the browser measures;
 * redrawing at the measured width is a transition, done in slices, not one long task.
 */
export function useWidth<T extends HTMLElement>(fallback = 640): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.max(280, Math.floor(el.getBoundingClientRect().width));
      startTransition(() => setWidth(w));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** Hatching for suppressed cells: a pattern, not a colour alone. */
export function SuppressedPattern({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#ffffff" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#4a5460" strokeWidth="2" />
      </pattern>
    </defs>
  );
}

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
