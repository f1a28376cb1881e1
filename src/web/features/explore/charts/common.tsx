import { startTransition, useCallback, useState, type RefCallback } from 'react';

/** A series aligned with the chart's x positions; null is a suppressed (or unreported) cell, never zero. */
export interface Series {
  key: string;
  label: string;
  values: (number | null)[];
  /** true where the API answered CONF_STATUS C */
  suppressed: boolean[];
  /** where the figure does not cover its whole period: the months it does (the API's TIME_COVERAGE) */
  coverage?: (string | null)[];
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
 * The width charts are drawn at on the server and while the browser adopts a server-drawn page
 * (ADR 0008): a phone's. Drawn in SVG user units and scaled by the browser (`chart-fluid`), the
 * same drawing fits phones from 306 to 425 px of chart width with text between 11 and 15 px,
 * so a phone keeps the server's drawing and hydration redraws nothing.
 */
export const DRAWN_WIDTH = 340;
const FITS = [0.9, 1.25] as const;

/**
 * The width to draw a chart at, a ref for its container and whether the drawing is the
 * scalable one (`fluid`: the container's class adds `chart-fluid`). A wider container (a
 * desktop) or a narrower one gets a drawing at its own width once the browser has laid it out
 * (a ResizeObserver, no forced layout), as a transition done in slices.
 */
export function useWidth<T extends HTMLElement>(drawn = DRAWN_WIDTH): [RefCallback<T>, number, boolean] {
  const [width, setWidth] = useState(drawn);
  const ref = useCallback(
    (el: T | null) => {
      if (!el) return;
      const apply = (measured: number) => {
        const w = Math.max(280, Math.floor(measured));
        startTransition(() => setWidth((prev) => (prev === drawn && w >= drawn * FITS[0] && w <= drawn * FITS[1] ? prev : w)));
      };
      if (typeof ResizeObserver === 'undefined') {
        apply(el.getBoundingClientRect().width);
        return;
      }
      const ro = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (box) apply(box.width);
      });
      ro.observe(el);
      return () => ro.disconnect();
    },
    [drawn],
  );
  return [ref, width, width === drawn];
}

/** The class of a chart's container: `chart-fluid` while it shows the phone drawing, scaled to the container. */
export function wrapClass(fluid: boolean): string {
  return fluid ? 'chart-wrap chart-fluid' : 'chart-wrap';
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
