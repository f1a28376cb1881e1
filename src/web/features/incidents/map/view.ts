/**
 * The incidents map's view, as pure functions (unit-tested): the longitude/latitude box shown,
 * the supercluster zoom that matches how wide the world is drawn, zooming in and out, the box
 * around a cluster's incidents, and a mark's radius. Kept apart from the drawing so the page's
 * first chunk can import it without d3-geo, topojson-client or supercluster (they load with the map).
 */

/** [west, south, east, north] in degrees. */
export type View = [number, number, number, number];

/** The Americas' incidents: from the US–Mexico border region and the Caribbean to Patagonia. */
export const AMERICAS_VIEW: View = [-125, -56, -30, 50];
export const WORLD_VIEW: View = [-180, -60, 180, 75];

/** supercluster's tile extent: at zoom z the world is EXTENT · 2^z of its units wide. */
export const EXTENT = 512;
export const MAX_ZOOM = 16;

/**
 * The zoom at which supercluster groups points at about their drawn distance: d3's Mercator of
 * scale k draws the world 2πk wide; rounded down, so groups are made a little coarser, never finer.
 */
export function zoomForScale(k: number): number {
  const z = Math.floor(Math.log2((2 * Math.PI * k) / EXTENT));
  return Math.max(0, Math.min(MAX_ZOOM, z));
}

/** Marks sized by dead and missing (area grows with the figure), readable at a phone's width. */
export function markRadius(n: number): number {
  return Math.min(22, 3 + 1.6 * Math.sqrt(Math.max(0, n)));
}

const clampLat = (v: number) => Math.max(-80, Math.min(84, v));
const clampLon = (v: number) => Math.max(-180, Math.min(180, v));

/** A span [centre − half, centre + half] moved (not cut) to stay inside [min, max], so zooming out keeps its width. */
function within(centre: number, half: number, min: number, max: number): [number, number] {
  const c = Math.max(min + half, Math.min(max - half, centre));
  return [Math.max(min, c - half), Math.min(max, c + half)];
}

/** The view `factor` times narrower (< 1: wider) around its centre, kept inside the world. */
export function zoomView(v: View, factor: number): View {
  const [w, s, e, n] = v;
  const hw = Math.min(180, Math.max(0.5, (e - w) / 2 / factor));
  const hh = Math.min(82, Math.max(0.5, (n - s) / 2 / factor));
  const [west, east] = within((w + e) / 2, hw, -180, 180);
  const [south, north] = within((s + n) / 2, hh, -80, 84);
  return [west, south, east, north];
}

/** The box around some points ([lon, lat]), padded by a fifth and at least a degree wide. */
export function boxAround(points: [number, number][]): View | null {
  if (!points.length) return null;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) [w, s, e, n] = [Math.min(w, lon), Math.min(s, lat), Math.max(e, lon), Math.max(n, lat)];
  const padX = Math.max(0.5, (e - w) / 5);
  const padY = Math.max(0.5, (n - s) / 5);
  return [clampLon(w - padX), clampLat(s - padY), clampLon(e + padX), clampLat(n + padY)];
}

/** The view's corners as GeoJSON, for d3's `fitExtent`. */
export function viewCorners(v: View): { type: 'MultiPoint'; coordinates: [number, number][] } {
  return { type: 'MultiPoint', coordinates: [[v[0], v[1]], [v[2], v[3]]] };
}
