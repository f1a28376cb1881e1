import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Keyboard access to a chart's marks (issue 5), shared by the bar, time and map charts.
 *
 * The chart's container is one tab stop (not one per mark: a ranking has 25 bars, a map 30
 * countries) and follows the aria-activedescendant pattern: arrow keys move a "current mark"
 * that the container points to. The SVG keeps role="img" (the summary and the data table stay
 * the way a screen reader reads the chart), so the element the container points to is a small
 * hidden one outside the SVG, named like the mark ("Venezuela, ene 2024: 12.345"); the SVG
 * only gets a drawn focus ring and a visible label. Nothing here is drawn until a key is
 * pressed, so the server's drawing and the browser's first one stay identical (ADR 0008).
 */

/** A mark by its place: row = series (or the pyramid's sex), col = category or period. */
export interface Cell {
  row: number;
  col: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What a mark says: whose figure, when (optional), and the figure; null never reads as zero. */
export interface MarkInfo {
  label: string;
  at?: string;
  value: number | null;
  suppressed: boolean;
}

/**
 * Where a key moves the current mark in a rows × cols grid, or null when the key is not one
 * of the chart's (so the page keeps it: Tab, Space, shortcuts). Left/Right walk along the
 * categories or periods, Up/Down between series; a chart of one series has nothing to move
 * between, so there Up/Down walk too (a ranking's bars are drawn one under the other).
 * Home/End go to the first and last of the row. From no mark, any of them starts at the
 * first (End at the last).
 */
export function moveCell(current: Cell | null, key: string, rows: number, cols: number): Cell | null {
  if (rows < 1 || cols < 1) return null;
  const single = rows === 1;
  const step: Record<string, [number, number]> = {
    ArrowRight: [0, 1],
    ArrowLeft: [0, -1],
    ArrowDown: single ? [0, 1] : [1, 0],
    ArrowUp: single ? [0, -1] : [-1, 0],
  };
  if (key !== 'Home' && key !== 'End' && !step[key]) return null;
  if (!current) return { row: 0, col: key === 'End' ? cols - 1 : 0 };
  // A mark the data no longer has (fewer series or periods after a change) moves from the last.
  const row = clamp(current.row, rows);
  const col = clamp(current.col, cols);
  if (key === 'Home') return { row, col: 0 };
  if (key === 'End') return { row, col: cols - 1 };
  const [dr, dc] = step[key]!;
  return { row: clamp(row + dr, rows), col: clamp(col + dc, cols) };
}

function clamp(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

/**
 * The keyboard state of one chart. `wrapProps(titleId)` go on the chart's container (the tab
 * stop, named by the chart's title), `ring` inside the SVG after everything else (drawn on
 * top), `target` inside the container.
 */
export function useChartKeys(opts: {
  rows: number;
  cols: number;
  mark: (cell: Cell) => MarkInfo;
  /** where the mark is drawn, in the SVG's units */
  box: (cell: Cell) => Box;
  /** the SVG's size, so the label stays inside it */
  size: { width: number; height: number };
  number: (n: number) => string;
}) {
  const { t } = useTranslation();
  // Starts with no mark on the server and in the browser alike; cleared when focus leaves,
  // so a download of the SVG (a button elsewhere) never carries the ring.
  const [active, setActive] = useState<Cell | null>(null);
  const cell = active && opts.rows > 0 && opts.cols > 0 ? { row: clamp(active.row, opts.rows), col: clamp(active.col, opts.cols) } : null;
  const targetId = `${useId()}-mark`;
  const name = cell ? markName(t, opts.mark(cell), opts.number) : '';

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape' && cell) {
      e.preventDefault();
      setActive(null);
      return;
    }
    const next = moveCell(cell, e.key, opts.rows, opts.cols);
    if (!next) return;
    e.preventDefault(); // the arrows would otherwise scroll the page
    setActive(next);
  };

  const hint = t('explore.mark.hint');
  const wrapProps = (titleId: string) => ({
    tabIndex: 0,
    role: 'group',
    'aria-labelledby': titleId,
    'aria-description': hint,
    'aria-activedescendant': cell ? targetId : undefined,
    onKeyDown,
    onBlur: () => setActive(null),
  });

  const target: ReactNode = cell ? <span id={targetId} role="img" aria-label={name} className="visually-hidden" data-testid="chart-mark" /> : null;
  const ring: ReactNode = cell ? <FocusRing box={opts.box(cell)} text={name} size={opts.size} /> : null;
  return { wrapProps, target, ring, active: cell };
}

type T = ReturnType<typeof useTranslation>['t'];

/** "Venezuela, ene 2024: 12.345"; a suppressed cell says so (never a zero), a missing one "no figure". */
export function markName(t: T, m: MarkInfo, number: (n: number) => string): string {
  const value = m.value !== null ? number(m.value) : m.suppressed ? t('explore.mark.suppressed') : t('explore.map.noFigure');
  return m.at ? t('explore.mark.at', { label: m.label, at: m.at, value }) : t('explore.mark.value', { label: m.label, value });
}

/** About the width of a character of the label (11 px system font), to size its background without measuring. */
const CHAR = 6.2;

/**
 * The drawn focus: a ring around the mark in the site's focus colours (dark outside, yellow
 * inside: ≥ 3:1 against white, the palette and the map's shades) and the mark's name in a
 * label above it (below when there is no room), in two lines: who and when / the figure.
 */
function FocusRing({ box, text, size }: { box: Box; text: string; size: { width: number; height: number } }) {
  const cut = text.lastIndexOf(': ');
  const lines = cut > 0 ? [text.slice(0, cut), text.slice(cut + 2)] : [text];
  const maxChars = Math.floor((size.width - 16) / CHAR);
  const shown = lines.map((l) => (l.length > maxChars ? `${l.slice(0, maxChars - 1)}…` : l));
  const w = Math.min(size.width - 4, Math.max(...shown.map((l) => l.length)) * CHAR + 12);
  const h = shown.length * 14 + 8;
  const x = Math.max(2, Math.min(size.width - w - 2, box.x + box.w / 2 - w / 2));
  const above = box.y - 6 - h;
  const y = above >= 2 ? above : Math.min(size.height - h - 2, box.y + box.h + 6);
  const ring = { x: box.x - 3, y: box.y - 3, width: box.w + 6, height: box.h + 6, fill: 'none' };
  return (
    <g aria-hidden="true" pointerEvents="none" data-focus-ring="true">
      <rect {...ring} stroke="#1b1f24" strokeWidth="5" />
      <rect {...ring} stroke="#f2b705" strokeWidth="2" />
      <rect x={x} y={y} width={w} height={h} rx="3" fill="#ffffff" stroke="#1b1f24" />
      <text x={x + 6} y={y + 15} fontSize="11" fill="#1b1f24">
        {shown.map((l, i) => (
          <tspan key={i} x={x + 6} dy={i ? 14 : 0} fontWeight={i ? 700 : 400}>
            {l}
          </tspan>
        ))}
      </text>
    </g>
  );
}
