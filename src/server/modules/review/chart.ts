import type { RowStatus, StatusChart } from './model.ts';

/**
 * The per-objective chart laid out once as vector shapes (rectangles and text at positions in
 * points); html.ts writes them as SVG and pdf.ts as PDF paths, so the two charts are the same
 * drawing. Colours: a diverging scale for the progress statuses (blue towards the goal, orange
 * away), greys for no measure; each status also has its word in the legend (colour is never
 * the only carrier), and the counts are printed in the bars.
 */
export const STATUS_COLOURS: Record<RowStatus, string> = {
  significant_progress: '#1f5f99',
  moderate_progress: '#6aa2d8',
  moderate_away: '#f0a35e',
  significant_away: '#b5520c',
  no_direction: '#8c8c8c',
  policy_yes: '#1f5f99',
  policy_partial: '#6aa2d8',
  policy_no: '#b5520c',
  insufficient_data: '#c9c9c9',
  no_data: '#ececec',
};
/** Text drawn on a segment: white on the dark fills, near-black on the light ones. */
export function inkOn(status: RowStatus): string {
  return ['significant_progress', 'significant_away', 'policy_yes', 'policy_no', 'no_direction'].includes(status) ? '#ffffff' : '#1a1a1a';
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
}
export interface Label {
  x: number;
  y: number; // baseline
  text: string;
  size: number;
  fill: string;
  anchor: 'start' | 'middle' | 'end';
}
export interface ChartLayout {
  width: number;
  height: number;
  rects: Rect[];
  labels: Label[];
}

const LABEL_W = 92;
const BAR_H = 14;
const GAP = 6;
const FONT = 8;

export function layoutChart(chart: StatusChart, width: number): ChartLayout {
  const rects: Rect[] = [];
  const labels: Label[] = [];
  const plotW = width - LABEL_W - 4;
  let y = 0;
  for (const bar of chart.bars) {
    const total = bar.segments.reduce((a, s) => a + s.count, 0) || 1;
    labels.push({ x: LABEL_W - 6, y: y + BAR_H - 4, text: bar.label, size: FONT, fill: '#1a1a1a', anchor: 'end' });
    let x = LABEL_W;
    for (const s of bar.segments) {
      const w = (s.count / total) * plotW;
      rects.push({ x, y, w, h: BAR_H, fill: STATUS_COLOURS[s.status] });
      // A count is printed when its segment can hold it.
      if (w >= 12) labels.push({ x: x + w / 2, y: y + BAR_H - 4, text: String(s.count), size: FONT, fill: inkOn(s.status), anchor: 'middle' });
      x += w;
    }
    y += BAR_H + GAP;
  }
  // Legend: swatch and word, wrapped to the width (the word's width estimated from its length;
  // both renderers use the same estimate, so the legend wraps at the same place).
  y += 4;
  let x = 0;
  for (const item of chart.legend) {
    const w = 14 + item.label.length * FONT * 0.55 + 12;
    if (x > 0 && x + w > width) {
      x = 0;
      y += 14;
    }
    rects.push({ x, y, w: 10, h: 10, fill: STATUS_COLOURS[item.status] });
    labels.push({ x: x + 14, y: y + 8.5, text: item.label, size: FONT, fill: '#1a1a1a', anchor: 'start' });
    x += w;
  }
  return { width, height: y + 14, rects, labels };
}
